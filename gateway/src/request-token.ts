import type { IncomingMessage } from 'node:http';
import { bearerToken, type TokenVerifier, type VerifiedToken } from '@lg/platform';

/** A request's bearer token and what it proves; both empty for an anonymous request. */
export interface RequestToken { token: string | undefined; verified: VerifiedToken | null }

const verifications = new WeakMap<IncomingMessage, Promise<RequestToken>>();

/**
 * Reads and verifies a request's bearer token once, however many of its middlewares ask (the
 * rate limiter keys on the user, the context admits them): a signature check is the costliest
 * step of a cheap request. Rejects with UNAUTHENTICATED for a malformed, bad or expired token.
 */
export function requestToken(req: IncomingMessage, verifier: TokenVerifier): Promise<RequestToken> {
  let verification = verifications.get(req);
  if (!verification) {
    verification = verify(req.headers.authorization, verifier);
    // Whoever asks handles a refusal; this keeps one nobody awaited from crashing the process.
    verification.catch(() => undefined);
    verifications.set(req, verification);
  }
  return verification;
}

async function verify(header: string | string[] | undefined, verifier: TokenVerifier): Promise<RequestToken> {
  const token = bearerToken(header);
  return { token, verified: token ? await verifier.verifySession(token) : null };
}
