import { decodeJwt } from 'jose';
import { AUTH_TIME_CLAIM, SESSION_CLAIM, type BaseContext, type Viewer } from '@lg/platform';
import type { ClientInfo } from './models.ts';

/** The device and address of a request, as the gateway forwarded them. */
export const clientOf = (ctx: BaseContext): ClientInfo => ({ userAgent: ctx.clientUserAgent ?? null, address: ctx.clientAddress ?? null });

/** A signed-in viewer and the session (refresh-token family) their access token belongs to. */
export interface SessionViewer extends Viewer {
  sessionId: string | undefined;
  /** When this session's user signed in (tokens from before the claim existed have none). */
  authenticatedAt: Date | undefined;
}

/**
 * The viewer with their session: the platform verified the token before building the context, so
 * its claims are only read here.
 */
export function sessionViewerOf(ctx: BaseContext): SessionViewer {
  const claims = ctx.token ? decodeJwt(ctx.token) : {};
  const sid = claims[SESSION_CLAIM];
  const authTime = claims[AUTH_TIME_CLAIM];
  return {
    ...ctx.viewer!, sessionId: typeof sid === 'string' ? sid : undefined,
    authenticatedAt: typeof authTime === 'number' ? new Date(authTime * 1000) : undefined,
  };
}
