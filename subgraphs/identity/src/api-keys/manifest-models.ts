/**
 * An integrator's document manifest as stored, under `<userId>/<name>@<version>`: registering the same
 * name and version twice meets the first record, which is never changed.
 */
export interface DocumentManifestRecord {
  _id: string;
  userId: string;
  name: string;
  version: string;
  /** The documents by the hex SHA-256 of their text. */
  documents: { hash: string; text: string }[];
  documentCount: number;
  /** The SHA-256 of its sorted document hashes: what "the same content" means when it is registered again. */
  digest: string;
  createdAt: Date;
}

/** A manifest as its owner sees it (the GraphQL DocumentManifest). */
export interface DocumentManifestView { name: string; version: string; ref: string; documentCount: number; createdAt: Date }

export const manifestRef = (name: string, version: string): string => `${name}@${version}`;
export const manifestRecordId = (userId: string, ref: string): string => `${userId}/${ref}`;

export const manifestViewOf = (r: Omit<DocumentManifestRecord, 'documents'>): DocumentManifestView => ({
  name: r.name, version: r.version, ref: manifestRef(r.name, r.version), documentCount: r.documentCount, createdAt: r.createdAt,
});
