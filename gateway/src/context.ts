import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { bearerToken, requestIdFrom, type Logger, type TokenVerifier, type Viewer } from '@lg/platform';

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

/**
 * Verifies the bearer token before any planning: a bad or expired token is refused here with
 * HTTP 401 rather than discovered by a subgraph halfway through a plan.
 */
export async function gatewayContext(headers: IncomingHttpHeaders, verifier: TokenVerifier, logger: Logger, address?: string): Promise<GatewayContext> {
  const requestId = requestIdFrom(headers);
  try {
    const token = bearerToken(headers.authorization);
    const viewer = token ? await verifier.verify(token) : null;
    return { viewer, token, requestId, log: logger.child({ requestId }), address: address ?? 'unknown' };
  } catch (error) {
    const e = error as GraphQLError;
    throw new GraphQLError(e.message, { extensions: { code: 'UNAUTHENTICATED', requestId, http: { status: 401 } } });
  }
}
