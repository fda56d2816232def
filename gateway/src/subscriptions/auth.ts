import type { GraphQLError } from 'graphql';
import { bearerToken, unauthenticated, type TokenVerifier, type VerifiedToken, type Viewer } from '@lg/platform';
import { SESSION_ENDED } from '../context.ts';
import type { RevocationList } from '../sessions/revocation-list.ts';

/** Who a connection speaks for; a ping carrying a fresh token renews it in place. */
export interface Auth { viewer: Viewer | null; token: string | undefined; expiresAt: number; verified?: VerifiedToken }

export const anonymous: Auth = { viewer: null, token: undefined, expiresAt: Number.POSITIVE_INFINITY };

export const EXPIRED_AT_START = 'Your session has expired; refresh it and subscribe again.';
export const EXPIRED_WHILE_RUNNING = 'Your session expired during the subscription; refresh your token and subscribe again.';

/** The bearer token of connection params or a ping payload: `authorization` (either case), or a bare `token`. */
export function tokenOf(params: Record<string, unknown> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization ?? (params?.token ? `Bearer ${String(params.token)}` : undefined);
  if (header === undefined || header === null || header === '') return undefined;
  return bearerToken(String(header));
}

export async function authenticate(params: Record<string, unknown> | undefined, verifier: TokenVerifier, revocations: RevocationList): Promise<Auth> {
  const token = tokenOf(params);
  if (!token) return anonymous;
  const verified = await verifier.verifySession(token);
  if (revocations.isRevoked(verified)) throw unauthenticated(SESSION_ENDED);
  return { viewer: verified.viewer, token, expiresAt: verified.expiresAt, verified };
}

/** A renewal may bring a fresh token, never another user: an anonymous connection may sign in. */
export const acceptsRenewal = (current: Auth, next: Auth): boolean => !current.viewer || next.viewer?.id === current.viewer.id;

export const isRevoked = (auth: Auth, revocations: Pick<RevocationList, 'isRevoked'>): boolean =>
  auth.verified !== undefined && revocations.isRevoked(auth.verified);

/** What a request with this token would get over HTTP at `now`: undefined while it is good. */
export function refusalOf(auth: Auth, revoked: boolean, now: number, expiredMessage = EXPIRED_AT_START): GraphQLError | undefined {
  if (revoked) return unauthenticated(SESSION_ENDED);
  if (auth.expiresAt <= now) return unauthenticated(expiredMessage);
  return undefined;
}

/** The token each open socket speaks with, set when it connects and replaced by renewals. */
export class ConnectionAuths {
  private readonly auths = new WeakMap<object, Auth>();

  constructor(private readonly verifier: TokenVerifier, private readonly revocations: RevocationList) {}

  get(connection: object): Auth {
    return this.auths.get(connection) ?? anonymous;
  }

  /** Throws what the connection's params would get over HTTP (a bad or revoked token). */
  async connect(connection: object, params: Record<string, unknown> | undefined): Promise<void> {
    this.auths.set(connection, await authenticate(params, this.verifier, this.revocations));
  }

  /** A ping whose payload holds a fresh token for the same user renews the connection's token. */
  async renew(connection: object, payload: Record<string, unknown> | undefined): Promise<void> {
    if (!payload || !('authorization' in payload)) return;
    try {
      // A revoked token is refused like a bad one.
      const next = await authenticate(payload, this.verifier, this.revocations);
      if (acceptsRenewal(this.get(connection), next)) this.auths.set(connection, next);
    } catch {
      // A bad renewal changes nothing; the old token still expires on time.
    }
  }

  revoked(connection: object): boolean {
    return isRevoked(this.get(connection), this.revocations);
  }

  /** What the connection's token would get over HTTP now: undefined while it is good. */
  refusal(connection: object): GraphQLError | undefined {
    return refusalOf(this.get(connection), this.revoked(connection), Date.now());
  }
}
