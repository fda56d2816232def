import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { bearerToken, type TokenVerifier, type Viewer } from './auth.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What every resolver of every subgraph receives. */
export interface BaseContext {
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
  /** The verified bearer token itself, for a service that acts as the viewer towards the gateway (the assistant). */
  token?: string;
  /** The end user's network address as the gateway saw it (audit entries); absent when unknown. */
  clientAddress?: string;
  /** The end user's User-Agent as the gateway saw it (a session's device); absent when unknown. */
  clientUserAgent?: string;
}

/** Who did an audited action and from where, as audited events carry it (@lg/events `audit`). */
export interface AuditMeta {
  actorId: string | null;
  requestId: string | null;
  address: string | null;
}

export const auditOf = (ctx: BaseContext): AuditMeta => ({ actorId: ctx.viewer?.id ?? null, requestId: ctx.requestId, address: ctx.clientAddress ?? null });

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  // A request id travels into logs, so only a short, plain one is taken from outside.
  return value && /^[A-Za-z0-9-]{8,64}$/.test(value) ? value : randomUUID();
}

/**
 * The viewer of a request's bearer token and the token itself, both empty without one; the header
 * is read and the token verified once. A bad, expired or forged token refuses the whole request
 * with HTTP 401 (thrown while the context is built, which Apollo would otherwise answer with 500).
 */
export async function viewerFrom(headers: IncomingHttpHeaders, verifier: TokenVerifier): Promise<{ viewer: Viewer | null; token?: string }> {
  try {
    const token = bearerToken(headers.authorization);
    return token ? { viewer: await verifier.verify(token), token } : { viewer: null };
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED') throw error;
    throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 401 } } });
  }
}
