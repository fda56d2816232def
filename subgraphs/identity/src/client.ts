import { decodeJwt } from 'jose';
import { SESSION_CLAIM, type BaseContext, type Viewer } from '@lg/platform';
import type { ClientInfo } from './models.ts';

/** The device and address of a request, as the gateway forwarded them. */
export const clientOf = (ctx: BaseContext): ClientInfo => ({ userAgent: ctx.clientUserAgent ?? null, address: ctx.clientAddress ?? null });

/** A signed-in viewer and the session (refresh-token family) their access token belongs to. */
export interface SessionViewer extends Viewer { sessionId: string | undefined }

/**
 * The viewer with their session: the platform verified the token before building the context, so
 * its claims are only read here.
 */
export function sessionViewerOf(ctx: BaseContext): SessionViewer {
  const sid = ctx.token ? decodeJwt(ctx.token)[SESSION_CLAIM] : undefined;
  return { ...ctx.viewer!, sessionId: typeof sid === 'string' ? sid : undefined };
}
