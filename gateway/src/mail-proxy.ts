import type { Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** The HTTP paths the engagement service answers for mail besides GraphQL: unsubscribe links. */
export const MAIL_HTTP_PATH = '/mail';

/**
 * Scaled out, mail links stay on the gateway's origin (PUBLIC_URL): /mail/unsubscribe is passed to
 * the engagement service, which serves it. In one process engagement mounts it on the gateway itself.
 */
export function proxyMailPaths(app: Express, target: string): void {
  app.use(MAIL_HTTP_PATH, createProxyMiddleware({ target: `${target.replace(/\/+$/, '')}${MAIL_HTTP_PATH}`, changeOrigin: false, xfwd: true }));
}
