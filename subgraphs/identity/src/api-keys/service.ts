import type { CryptoKey } from 'jose';
import {
  API_KEY_SCOPES, badInput, conflict, flushOutbox, isId, newId, notFound, parseApiKey,
  type AuditMeta, type Config, type EventLog, type Viewer,
} from '@lg/platform';
import { isSuspended } from '../admin/suspension.ts';
import { apiKeyCreated, apiKeyPinned, apiKeyRevoked, apiKeyRotated } from '../events.ts';
import type { IdentityRepository } from '../repository.ts';
import { randomSecret, sameHash, sha256, signApiKeyToken, type AccessToken } from '../tokens.ts';
import { addressAllowed, checkedAddresses } from './addresses.ts';
import type { DocumentManifestService } from './manifests.ts';
import { viewOf, type ApiKeyRecord, type ApiKeyView } from './models.ts';
import { checkedFirst } from './page.ts';
import type { ApiKeyRepository } from './repository.ts';

export const MAX_API_KEYS_PAGE = 50;
export const MAX_LIVE_KEYS = 20;
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;
const MAX_NAME = 80;
const YEAR_MS = 366 * 24 * 3600 * 1000;
/** A key's last use is written at most this often: each write is costly, and a minute is precise enough. */
export const LAST_USE_WRITE_EVERY_MS = 60_000;

export interface NewApiKeyInput { name: string; scopes: readonly string[]; expiresAt?: Date | null; allowedAddresses?: readonly string[] | null; manifest?: string | null }
export interface CreatedApiKeyView { key: string; apiKey: ApiKeyView }

/** Why an exchange was refused; the gateway answers UNAUTHENTICATED, or FORBIDDEN for an address. */
export class ApiKeyRefusal extends Error {
  constructor(readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) {
    super(message);
  }
}

const INVALID = 'The API key is not valid.';

/**
 * API keys: a user's credentials for integrations. Each acts for its user (we have no
 * organisations yet: a user is the organisation) with the scopes it was granted and never as
 * ADMIN. A key is exchanged by the gateway for a short-lived access token (`exchange`), so that
 * every subgraph verifies one kind of token.
 */
export class ApiKeyService {
  /** When this instance last wrote a key's last use (the record's own value guards across instances). */
  private readonly lastWrites = new Map<string, number>();

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly identityRepository: IdentityRepository,
    private readonly events: EventLog,
    private readonly signingKey: CryptoKey,
    private readonly config: Config,
    private readonly manifests: DocumentManifestService,
  ) {}

  async list(viewer: Viewer, first: number): Promise<ApiKeyView[]> {
    return (await this.repository.ofUser(viewer.id, checkedFirst(first, MAX_API_KEYS_PAGE))).map(viewOf);
  }

  async create(viewer: Viewer, input: NewApiKeyInput, audit: AuditMeta): Promise<CreatedApiKeyView> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > MAX_NAME) throw badInput(`The name must be 1 to ${MAX_NAME} characters.`, 'name');
    const scopes = checkedScopes(input.scopes);
    const now = new Date();
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && (expiresAt <= now || expiresAt.getTime() > now.getTime() + YEAR_MS))
      throw badInput('expiresAt must be in the future and at most a year ahead.', 'expiresAt');
    const allowedAddresses = checkedAddresses(input.allowedAddresses ?? []);
    const manifest = input.manifest ? await this.manifests.ownRef(viewer.id, input.manifest) : null;
    if ((await this.repository.countLive(viewer.id)) >= MAX_LIVE_KEYS)
      throw conflict(`You have ${MAX_LIVE_KEYS} keys already; revoke one first.`);
    const id = newId();
    const secret = randomSecret();
    const record: ApiKeyRecord = {
      _id: id, userId: viewer.id, name, prefix: `lg_${id.slice(0, 8)}`, scopes, secretHash: sha256(secret), previousSecretHash: null,
      previousValidUntil: null, allowedAddresses, createdAt: now, expiresAt, lastUsedAt: null, revokedAt: null, manifest,
    };
    // Recorded first, like every identity change: a key that exists always has its audited event.
    await this.identityRepository.recordEvents(viewer.id, [apiKeyCreated(viewer.id, { keyId: id, name, scopes, audit })]);
    await this.repository.insert(record);
    await flushOutbox(this.identityRepository.users, viewer.id, this.events);
    return { key: `lg_${id}_${secret}`, apiKey: viewOf(record) };
  }

  async rotate(viewer: Viewer, id: string, graceSeconds: number, audit: AuditMeta): Promise<CreatedApiKeyView> {
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS)
      throw badInput(`gracePeriodSeconds must be between 0 and ${MAX_GRACE_SECONDS}.`, 'gracePeriodSeconds');
    const current = await this.ownKey(viewer, id);
    if (current.revokedAt) throw conflict('A revoked key cannot be rotated; create a new one.');
    const secret = randomSecret();
    const previousValidUntil = new Date(Date.now() + graceSeconds * 1000);
    await this.identityRepository.recordEvents(viewer.id, [apiKeyRotated(viewer.id, { keyId: id, previousValidUntil: previousValidUntil.getTime(), audit })]);
    await this.repository.rotate(current, sha256(secret), previousValidUntil);
    await flushOutbox(this.identityRepository.users, viewer.id, this.events);
    const rotated = { ...current, previousSecretHash: current.secretHash, previousValidUntil, secretHash: sha256(secret) };
    return { key: `lg_${id}_${secret}`, apiKey: viewOf(rotated) };
  }

  /** Idempotent. The revocation is logged before the key is marked, so a revoked key always has its event. */
  async revoke(viewer: Viewer, id: string, audit: AuditMeta): Promise<ApiKeyView> {
    const current = await this.ownKey(viewer, id);
    if (current.revokedAt) return viewOf(current);
    const now = new Date();
    await this.identityRepository.recordEvents(viewer.id, [apiKeyRevoked(viewer.id, { keyId: id, audit })]);
    await this.repository.revoke(id, now);
    await flushOutbox(this.identityRepository.users, viewer.id, this.events);
    return viewOf({ ...current, revokedAt: now });
  }

  /** Pins the key to one of the viewer's manifests, or unpins it (null); the event makes gateways drop the key's kept tokens. */
  async pin(viewer: Viewer, id: string, manifest: string | null, audit: AuditMeta): Promise<ApiKeyView> {
    const current = await this.ownKey(viewer, id);
    if (current.revokedAt) throw conflict('A revoked key cannot be pinned.');
    const ref = manifest === null ? null : await this.manifests.ownRef(viewer.id, manifest);
    if ((current.manifest ?? null) === ref) return viewOf(current);
    await this.identityRepository.recordEvents(viewer.id, [apiKeyPinned(viewer.id, { keyId: id, manifest: ref, audit })]);
    await this.repository.pin(id, ref);
    await flushOutbox(this.identityRepository.users, viewer.id, this.events);
    return viewOf({ ...current, manifest: ref });
  }

  /**
   * The gateway's exchange of a key, used from `address`, for an access token: refused for an
   * unknown, wrong, revoked or expired key, a secret past its grace period, an address off the
   * key's list, or an owner who is suspended or gone. The token ends no later than the key (or
   * the old secret) does.
   */
  async exchange(key: string, address: string | undefined): Promise<AccessToken> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new ApiKeyRefusal('UNAUTHENTICATED', INVALID);
    const record = await this.repository.find(parsed.id);
    if (!record) throw new ApiKeyRefusal('UNAUTHENTICATED', INVALID);
    const now = new Date();
    const hash = sha256(parsed.secret);
    const current = sameHash(record.secretHash, hash);
    const previous = !current && record.previousSecretHash !== null && sameHash(record.previousSecretHash, hash);
    if (!current && !(previous && record.previousValidUntil && record.previousValidUntil > now)) throw new ApiKeyRefusal('UNAUTHENTICATED', INVALID);
    if (record.revokedAt) throw new ApiKeyRefusal('UNAUTHENTICATED', 'This API key was revoked.');
    if (record.expiresAt && record.expiresAt <= now) throw new ApiKeyRefusal('UNAUTHENTICATED', 'This API key has expired.');
    if (!addressAllowed(record.allowedAddresses, address)) throw new ApiKeyRefusal('FORBIDDEN', 'This API key is not accepted from your address.');
    const user = await this.identityRepository.findUser(record.userId);
    if (!user || user.deletedAt || isSuspended(user)) throw new ApiKeyRefusal('UNAUTHENTICATED', 'The account of this API key is not active.');
    const ends = [now.getTime() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000, record.expiresAt?.getTime(), previous ? record.previousValidUntil?.getTime() : undefined];
    const token = await signApiKeyToken(user, { id: record._id, scopes: record.scopes, manifest: record.manifest ?? null }, new Date(Math.min(...ends.filter((t): t is number => t !== undefined))), this.signingKey, this.config);
    await this.recordUse(record, now);
    return token;
  }

  private async recordUse(record: ApiKeyRecord, now: Date): Promise<void> {
    const last = Math.max(record.lastUsedAt?.getTime() ?? 0, this.lastWrites.get(record._id) ?? 0);
    if (now.getTime() - last < LAST_USE_WRITE_EVERY_MS) return;
    this.lastWrites.set(record._id, now.getTime());
    if (this.lastWrites.size > 10_000) this.lastWrites.clear();
    await this.repository.touch(record._id, now);
  }

  /** The viewer's key; another user's is not found, as an unknown one. */
  private async ownKey(viewer: Viewer, id: string): Promise<ApiKeyRecord> {
    if (!isId(id)) throw badInput('id is not a valid API key id.', 'id');
    const record = await this.repository.find(id);
    if (!record || record.userId !== viewer.id) throw notFound('The API key');
    return record;
  }
}

function checkedScopes(given: readonly string[]): string[] {
  const scopes = [...new Set(given.map((s) => s.trim()))];
  if (scopes.length === 0) throw badInput('Grant the key at least one scope.', 'scopes');
  const unknown = scopes.find((s) => !API_KEY_SCOPES.includes(s));
  if (unknown !== undefined) throw badInput(`"${unknown.slice(0, 40)}" is not a scope; see apiKeyScopes.`, 'scopes');
  return scopes.sort();
}
