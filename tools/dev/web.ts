// Serves the built web client (web/dist) from the gateway's own HTTP server, so the client and
// /graphql share one origin (no CORS, the WebSocket on the same host). Paths that are not files get
// index.html: the client routes them itself. Every answer carries the web origin's security
// headers (webSecurityHeaders: CSP, frames refused, HSTS in production).
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { webSecurityHeaders } from '@lg/gateway';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.woff': 'font/woff', '.woff2': 'font/woff2',
};

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Whether the client has been built (`vite build` in web/). */
export function webBuilt(dist = WEB_DIST): boolean {
  return existsSync(path.join(dist, 'index.html'));
}

export function serveWeb(options: { production: boolean }, dist = WEB_DIST): Middleware {
  const secured = webSecurityHeaders(options.production);
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url) return next();
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname.startsWith('/graphql') || pathname === '/health' || pathname === '/ready' || pathname === '/metrics') return next();
    let file = path.join(dist, path.normalize(pathname));
    if (!file.startsWith(dist)) return next();
    const isFile = existsSync(file) && statSync(file).isFile();
    if (!isFile) {
      if (path.extname(pathname)) return next();
      file = path.join(dist, 'index.html');
    }
    secured(req, res, () => {
      res.statusCode = 200;
      res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    });
  };
}
