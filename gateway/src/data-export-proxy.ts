import type { Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Redis } from 'ioredis';
import { addressRateLimit } from './rate-limit.ts';

/** The signed download links of data exports (identity's `GET /data-exports/<id>`). */
export const DATA_EXPORT_PATH = '/data-exports';

/**
 * A link is its own credential, so guesses are limited per address wherever it is served (this
 * proxy, or in one process identity's route mounted on the app later). Scaled out, the gateway
 * stays the one public origin and streams the file from the identity service.
 */
export function dataExportPaths(app: Express, redis: Redis | undefined, identityUrl: string | undefined): void {
  app.use(DATA_EXPORT_PATH, addressRateLimit({ name: 'rate-data-exports', perMinute: 60, redis }));
  if (identityUrl) app.use(DATA_EXPORT_PATH, createProxyMiddleware({ target: `${identityUrl.replace(/\/+$/, '')}${DATA_EXPORT_PATH}`, changeOrigin: false, xfwd: true }));
}
