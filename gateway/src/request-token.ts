import type { IncomingMessage } from 'node:http';
import { bearerToken, looksLikeApiKey, unauthenticated, type TokenVerifier, type VerifiedToken } from '@lg/platform';
import type { ApiKeyExchange } from './api-keys/exchange.ts';

/**
 * A request's bearer token and what it proves; both empty for an anonymous request. For an API
 * key (`Authorization: Bearer lg_…` or `x-api-key: lg_…`) the token is the one identity exchanged
 * it for, which is what the subgraphs are sent.
 */
export interface RequestToken { token: string | undefined; verified: VerifiedToken | null }

/** How a request's credential is checked: its signature, and the exchange of an API key. */
export interface Credentials { verifier: TokenVerifier; keys?: ApiKeyExchange | undefined }

const verifications = new WeakMap<IncomingMessage, Promise<RequestToken>>();

/**
 * Reads and verifies a request's bearer token once, however many of its middlewares ask (the
 * rate limiter keys on the user, the context admits them): a signature check is the costliest
 * step of a cheap request. Rejects with UNAUTHENTICATED for a malformed, bad or expired token.
 */
export function requestToken(req: IncomingMessage & { ip?: string | undefined }, credentials: Credentials): Promise<RequestToken> {
  let verification = verifications.get(req);
  if (!verification) {
    verification = verify(req, credentials);
    // Whoever asks handles a refusal; this keeps one nobody awaited from crashing the process.
    verification.catch(() => undefined);
    verifications.set(req, verification);
  }
  return verification;
}

async function verify(req: IncomingMessage & { ip?: string | undefined }, { verifier, keys }: Credentials): Promise<RequestToken> {
  const apiKeyHeader = req.headers['x-api-key'];
  const given = typeof apiKeyHeader === 'string' ? apiKeyHeader.trim() : bearerToken(req.headers.authorization);
  if (given === undefined) return { token: undefined, verified: null };
  if (typeof apiKeyHeader === 'string' && !looksLikeApiKey(given)) throw unauthenticated('The x-api-key header must hold an API key (lg_…).');
  const token = looksLikeApiKey(given) ? await exchanged(keys, given, req.ip) : given;
  return { token, verified: await verifier.verifySession(token) };
}

function exchanged(keys: ApiKeyExchange | undefined, key: string, address: string | undefined): Promise<string> {
  if (!keys) throw unauthenticated('This gateway does not accept API keys.');
  return keys.tokenFor(key, address);
}
