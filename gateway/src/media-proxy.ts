import type { Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** The HTTP paths the media service answers besides GraphQL: signed file GETs and tus uploads. */
export const MEDIA_HTTP_PATHS = ['/media', '/uploads'] as const;

/**
 * Scaled out, the gateway stays the one public origin: /media and /uploads are streamed to the
 * media service as they are (bodies are not buffered, so a 2 GB upload passes in chunks; Range and
 * caching headers go both ways). In one process the media subgraph mounts them itself.
 */
export function proxyMediaPaths(app: Express, target: string): void {
  for (const path of MEDIA_HTTP_PATHS) {
    app.use(path, createProxyMiddleware({ target: `${target.replace(/\/+$/, '')}${path}`, changeOrigin: false, xfwd: true }));
  }
}
