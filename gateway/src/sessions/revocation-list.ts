import { EventEmitter } from 'node:events';
import type { LoggedEvent, VerifiedToken } from '@lg/platform';
import { ApiKeyPinned, ApiKeyRevoked, ApiKeyRotated, SessionRevoked, UserSessionsRevoked } from '@lg/events';

/**
 * An entry outlives the tokens it could match by this much: a refresh racing a logout may sign
 * a token just after the revocation, and identity instances' clocks may differ a little.
 */
export const REVOCATION_MARGIN_MS = 60_000;

export interface RevocationCheck {
  isRevoked(token: VerifiedToken): boolean;
}

/**
 * The sessions (and users' sessions up to a time) and the API keys that identity ended, kept in memory so that
 * checking a token costs no round trip. An entry is dropped once every access token it could
 * match has expired, so the list stays as short as the revocations of one token lifetime.
 */
export class RevocationList implements RevocationCheck {
  /** Session id → when to forget it (epoch ms). */
  private readonly sessions = new Map<string, number>();
  /** User id → tokens issued before `before` are refused; forgotten at `forgetAt`. */
  private readonly users = new Map<string, { before: number; forgetAt: number }>();
  /** API key id → when to forget it (every token exchanged for it has expired by then). */
  private readonly apiKeys = new Map<string, number>();
  private readonly emitter = new EventEmitter();

  constructor(private readonly accessTokenTtlMs: number) {
    this.emitter.setMaxListeners(0);
  }

  isRevoked(token: VerifiedToken): boolean {
    if (token.sessionId !== undefined && this.sessions.has(token.sessionId)) return true;
    if (token.viewer.apiKey && this.apiKeys.has(token.viewer.apiKey.id)) return true;
    const user = this.users.get(token.viewer.id);
    return user !== undefined && token.issuedAt < user.before;
  }

  /** Takes in a revocation event from the log; replays and duplicates change nothing. */
  apply(event: LoggedEvent, now = Date.now()): void {
    if (SessionRevoked.is(event)) {
      // Read defensively all the same: the list must never throw on an odd entry of the log.
      const { sessionId } = event.data;
      const forgetAt = new Date(event.at).getTime() + this.accessTokenTtlMs + REVOCATION_MARGIN_MS;
      if (typeof sessionId !== 'string' || forgetAt <= now || this.sessions.has(sessionId)) return;
      this.sessions.set(sessionId, forgetAt);
    } else if (ApiKeyRevoked.is(event)) {
      const { keyId } = event.data;
      const forgetAt = new Date(event.at).getTime() + this.accessTokenTtlMs + REVOCATION_MARGIN_MS;
      if (typeof keyId !== 'string' || forgetAt <= now || this.apiKeys.has(keyId)) return;
      this.apiKeys.set(keyId, forgetAt);
    } else if (ApiKeyRotated.is(event) || ApiKeyPinned.is(event)) {
      // Nothing to list: only the gateway ever holds a key's tokens, and it drops them when told
      // (below), so that the old secret's next use asks identity, which judges its grace period
      // (or signs the key's new pin into its token).
      if (new Date(event.at).getTime() + this.accessTokenTtlMs + REVOCATION_MARGIN_MS <= now) return;
    } else if (UserSessionsRevoked.is(event) && event.userId) {
      const { before } = event.data;
      const forgetAt = before + this.accessTokenTtlMs + REVOCATION_MARGIN_MS;
      const known = this.users.get(event.userId);
      if (typeof before !== 'number' || forgetAt <= now || (known && known.before >= before)) return;
      this.users.set(event.userId, { before, forgetAt });
    } else {
      return;
    }
    this.prune(now);
    this.emitter.emit('revoked', event);
  }

  /** Called after each new revocation, so that long-lived holders of a token (subscriptions, the API key exchange) re-check it. */
  onRevoked(listener: (event: LoggedEvent) => void): () => void {
    this.emitter.on('revoked', listener);
    return () => void this.emitter.off('revoked', listener);
  }

  get size(): number {
    return this.sessions.size + this.users.size + this.apiKeys.size;
  }

  prune(now = Date.now()): void {
    for (const [id, forgetAt] of this.sessions) if (forgetAt <= now) this.sessions.delete(id);
    for (const [id, entry] of this.users) if (entry.forgetAt <= now) this.users.delete(id);
    for (const [id, forgetAt] of this.apiKeys) if (forgetAt <= now) this.apiKeys.delete(id);
  }
}
