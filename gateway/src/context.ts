import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { bearerToken, requestIdFrom, unauthenticated, type Logger, type TokenVerifier, type Viewer } from '@lg/platform';
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
}

export const SESSION_ENDED = 'This session has ended; sign in again.';

/**
 * Verifies the bearer token before any planning: a bad, expired or revoked token is refused here
 * with HTTP 401 rather than discovered by a subgraph halfway through a plan. The revocation list
 * is in memory, so the check costs no round trip.
 */
export async function gatewayContext(
  headers: IncomingHttpHeaders, verifier: TokenVerifier, logger: Logger, revocations?: RevocationCheck, address?: string,
): Promise<GatewayContext> {
  const requestId = requestIdFrom(headers);
  try {
    const token = bearerToken(headers.authorization);
    const verified = token ? await verifier.verifySession(token) : null;
    if (verified && revocations?.isRevoked(verified)) throw unauthenticated(SESSION_ENDED);
    return { viewer: verified?.viewer ?? null, token, requestId, log: logger.child({ requestId }), address: address ?? 'unknown' };
  } catch (error) {
    const e = error as GraphQLError;
    throw new GraphQLError(e.message, { extensions: { code: 'UNAUTHENTICATED', requestId, http: { status: 401 } } });
  }
}
