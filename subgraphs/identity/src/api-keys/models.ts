/** An API key as stored: never its secret, only the SHA-256 of each secret it accepts. */
export interface ApiKeyRecord {
  _id: string;
  userId: string;
  name: string;
  /** `lg_` and the start of the id: enough to recognise the key in a list. */
  prefix: string;
  scopes: string[];
  secretHash: string;
  /** The secret before the last rotation, accepted until `previousValidUntil`. */
  previousSecretHash: string | null;
  previousValidUntil: Date | null;
  allowedAddresses: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The owner's manifest (name@version) the key is pinned to; absent or null: none. */
  manifest?: string | null;
}

/** A key as its owner sees it (the GraphQL ApiKey). */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  allowedAddresses: string[];
  previousSecretValidUntil: Date | null;
  revokedAt: Date | null;
  manifest: string | null;
}

export const viewOf = (r: ApiKeyRecord): ApiKeyView => ({
  id: r._id, name: r.name, prefix: r.prefix, scopes: r.scopes, createdAt: r.createdAt, expiresAt: r.expiresAt, lastUsedAt: r.lastUsedAt,
  allowedAddresses: r.allowedAddresses, previousSecretValidUntil: r.previousValidUntil, revokedAt: r.revokedAt, manifest: r.manifest ?? null,
});
