import type { Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Redis } from 'ioredis';
import type { Config } from '@lg/platform';
import { addressRateLimit } from './rate-limit.ts';

/** The HTTP paths the media service answers besides GraphQL: signed file GETs and tus uploads. */
export const MEDIA_HTTP_PATHS = ['/media', '/uploads'] as const;

/**
 * Rate limits of /media and /uploads per address, in front of whatever serves them (this proxy,
 * or in one process the media subgraph's routes, mounted on the app later).
 */
export function limitMediaPaths(app: Express, config: Pick<Config, 'MEDIA_RATE_LIMIT_PER_MINUTE' | 'UPLOAD_RATE_LIMIT_PER_MINUTE'>, redis: Redis | undefined): void {
  app.use('/media', addressRateLimit({ name: 'rate-media', perMinute: config.MEDIA_RATE_LIMIT_PER_MINUTE, redis }));
  app.use('/uploads', addressRateLimit({ name: 'rate-uploads', perMinute: config.UPLOAD_RATE_LIMIT_PER_MINUTE, redis }));
}

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
