import { signatureHeaders } from '@lg/platform';

/** Where and how the gateway reaches identity's internal routes (API keys, document manifests). */
export interface IdentityRoute { identityUrl: () => string; secret: string; timeoutMs: number }

/**
 * POSTs JSON to one of identity's internal routes, signed like every gateway → subgraph request
 * (identity refuses anything the gateway did not sign). Rejects when identity cannot be reached.
 */
export function postToIdentity(route: IdentityRoute, path: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(new URL(path, route.identityUrl()), {
    method: 'POST', body, signal: AbortSignal.timeout(route.timeoutMs),
    headers: { 'content-type': 'application/json', ...signatureHeaders(route.secret, { method: 'POST', path, body }) },
  });
}
