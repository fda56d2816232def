import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { requestIdFrom, unauthenticated, type Logger, type Viewer } from '@lg/platform';
import { requestToken, type Credentials } from './request-token.ts';
import type { RevocationCheck } from './sessions/revocation-list.ts';

export interface GatewayContext {
  viewer: Viewer | null;
  token: string | undefined;
  requestId: string;
  log: Logger;
  /**
   * The address an HTTP request came from. The gateway's own executions (subscription payloads)
   * have none, and spend no cost budget.
   */
  address?: string;
  /** The caller's User-Agent header, forwarded to subgraphs (a session's device). */
  userAgent?: string;
}

export const SESSION_ENDED = 'This session has ended; sign in again.';

/**
 * Verifies the bearer token before any planning: a bad, expired or revoked token is refused here
 * with HTTP 401 rather than discovered by a subgraph halfway through a plan. The revocation list
 * is in memory, so the check costs no round trip. The token was verified once for the whole
 * request (the rate limiter asked first); this reuses that verification.
 */
export async function gatewayContext(
  req: IncomingMessage & { ip?: string | undefined }, credentials: Credentials, logger: Logger, revocations?: RevocationCheck,
): Promise<GatewayContext> {
  const requestId = requestIdFrom(req.headers);
  try {
    const { token, verified } = await requestToken(req, credentials);
    if (verified && revocations?.isRevoked(verified)) throw unauthenticated(SESSION_ENDED);
    const userAgent = req.headers['user-agent'];
    return {
      viewer: verified?.viewer ?? null, token, requestId, log: logger.child({ requestId }), address: req.ip ?? 'unknown',
      ...(userAgent ? { userAgent } : {}),
    };
  } catch (error) {
    const e = error as GraphQLError;
    // An API key used from an address off its list is FORBIDDEN (403); one identity could not check
    // is 503, worth a retry; everything else is 401.
    const status = { FORBIDDEN: 403, INTERNAL_SERVER_ERROR: 503 }[String(e.extensions?.code)];
    if (status) throw new GraphQLError(e.message, { extensions: { ...e.extensions, requestId, http: { status } } });
    throw new GraphQLError(e.message, { extensions: { code: 'UNAUTHENTICATED', requestId, http: { status: 401 } } });
  }
}
