import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { forbidden, parseApiKey, unauthenticated } from '@lg/platform';
import { postToIdentity, type IdentityRoute } from '../identity-route.ts';

/** Identity could not judge the key (down, slow, or answering nonsense): the caller may retry; nothing is refused for good. */
const unavailable = (): never => {
  throw new GraphQLError('API keys cannot be checked right now; try again shortly.', { extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'API_KEY_CHECK_UNAVAILABLE' } });
};

/** identity's route for the exchange (subgraphs/identity/src/api-keys/routes.ts). */
const TOKEN_PATH = '/internal/api-key-token';
const MAX_ENTRIES = 10_000;

interface Entry { token: string; keyId: string; reuseUntil: number }

/**
 * Trades an API key for the short-lived access token identity signs for it, and keeps the token
 * for a little while (never past its own end), so that a busy integration costs identity one
 * exchange per key, address and gateway every API_KEY_TOKEN_CACHE_SECONDS. The cache is keyed by a
 * hash of the key and the address (an allow-list is judged per address); a revoked key's entries
 * are dropped as the revocation arrives from the event log, and the revocation list refuses any
 * token of it still held.
 */
export class ApiKeyExchange {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly options: IdentityRoute & { cacheMs: number }) {}

  /** The access token for `key` used from `address`; UNAUTHENTICATED or FORBIDDEN when refused. */
  async tokenFor(key: string, address: string | undefined): Promise<string> {
    const cacheKey = `${createHash('sha256').update(key).digest('base64url')}|${address ?? ''}`;
    const entry = this.entries.get(cacheKey);
    if (entry && entry.reuseUntil > Date.now()) return entry.token;
    let exchange = this.pending.get(cacheKey);
    if (!exchange) {
      exchange = this.exchange(cacheKey, key, address).finally(() => this.pending.delete(cacheKey));
      this.pending.set(cacheKey, exchange);
    }
    return exchange;
  }

  /** Drops what was kept for a key (revoked), so that its next use asks identity. */
  forgetKey(keyId: string): void {
    for (const [cacheKey, entry] of this.entries) if (entry.keyId === keyId) this.entries.delete(cacheKey);
  }

  /** Drops everything: a user's tokens were revoked, and keys' tokens are theirs too. */
  forgetAll(): void {
    this.entries.clear();
  }

  private async exchange(cacheKey: string, key: string, address: string | undefined): Promise<string> {
    const res = await postToIdentity(this.options, TOKEN_PATH, { key, address }).catch(() => unavailable());
    const answer = (await res.json().catch(() => ({}))) as { token?: string; expiresAt?: number; message?: string; code?: string };
    if (res.status === 403) throw forbidden(answer.message ?? 'This API key is not accepted from your address.', 'API_KEY_ADDRESS');
    if (res.status === 401) throw unauthenticated(answer.message ?? 'The API key is not valid.');
    if (!res.ok || typeof answer.token !== 'string' || typeof answer.expiresAt !== 'number') return unavailable();
    const keyId = parseApiKey(key)?.id ?? '';
    // Reused a second short of its end at most, so that no request leaves with a token about to expire.
    const reuseUntil = Math.min(Date.now() + this.options.cacheMs, answer.expiresAt - 1000);
    if (reuseUntil > Date.now()) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(cacheKey, { token: answer.token, keyId, reuseUntil });
    }
    return answer.token;
  }
}
