import type { IncomingHttpHeaders } from 'node:http';

/**
 * The end user's network address, as the gateway saw it, on its requests to subgraphs. Subgraphs
 * serve only the gateway's signed requests, and the gateway sets this header itself on each fetch
 * (never passing on a client's), so a subgraph can believe it.
 */
export const CLIENT_ADDRESS_HEADER = 'x-lg-client-address';
/** The end user's User-Agent, set by the gateway the same way (a session's device). */
export const CLIENT_USER_AGENT_HEADER = 'x-lg-client-user-agent';

/** An IPv4 or IPv6 address (a zone or an IPv4-mapped form included), at most 64 characters. */
const ADDRESS = /^[0-9A-Fa-f:.%a-zA-Z]{2,64}$/;

const first = (headers: IncomingHttpHeaders, name: string) => {
  const given = headers[name];
  return (Array.isArray(given) ? given[0] : given)?.trim();
};

export function clientAddressFrom(headers: IncomingHttpHeaders): string | undefined {
  const value = first(headers, CLIENT_ADDRESS_HEADER);
  return value && ADDRESS.test(value) ? value : undefined;
}

/** The client's address and user agent for a subgraph's context (each absent when unknown). */
export function clientFrom(headers: IncomingHttpHeaders): { clientAddress?: string; clientUserAgent?: string } {
  const clientAddress = clientAddressFrom(headers);
  const clientUserAgent = first(headers, CLIENT_USER_AGENT_HEADER)?.slice(0, 256);
  return { ...(clientAddress ? { clientAddress } : {}), ...(clientUserAgent ? { clientUserAgent } : {}) };
}

/**
 * Express's `trust proxy` for TRUST_PROXY: false when empty (the socket's address, whatever
 * X-Forwarded-For says), else the proxies whose X-Forwarded-For is believed.
 */
export function trustProxySetting(value: string): false | string[] {
  const proxies = value.split(',').map((p) => p.trim()).filter(Boolean);
  return proxies.length ? proxies : false;
}
