import { readFileSync } from 'node:fs';
import { unauthenticated } from '@lg/platform';

/** A registered document (trusted documents): the gateway runs it in `require` mode too. */
const SESSION_CHECK = readFileSync(new URL('../session-check.graphql', import.meta.url), 'utf8');

/**
 * Which sessions have ended is known at the gateway (its revocation list), not here. REST and MCP
 * calls reach the assistant without passing through the gateway's check, so they ask it once per
 * request with the caller's token; a cheap `__typename` query runs no subgraph fetch.
 */
export function gatewaySessionCheck(gatewayUrl: () => string): (token: string) => Promise<void> {
  return async (token) => {
    const response = await fetch(gatewayUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SESSION_CHECK }),
    });
    if (response.status !== 401) return;
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] };
    throw unauthenticated(body.errors?.[0]?.message?.slice(0, 120) ?? 'This session has ended; sign in again.');
  };
}
