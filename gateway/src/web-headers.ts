import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * What the built web client loads, and nothing more: its own scripts and styles only (no inline
 * script or style element: Vite emits files, React sets styles through the DOM); images also
 * from data: (QR codes, initials avatars), blob: (previews) and any https: origin (lesson Markdown
 * may show images by URL); media and workers from blob: (hls.js feeds MediaSource); the YouTube
 * embeds of lesson supplements as the only frames; fetches and the graphql-ws socket to the same
 * origin ('self' covers ws: and wss: there). OIDC sign-in leaves by navigation, which no fetch
 * directive governs. No page may frame it.
 */
const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  frameSrc: ['https://www.youtube-nocookie.com'],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The web origin's security headers (helmet): the Content-Security-Policy above, frames refused
 * (frame-ancestors and X-Frame-Options DENY), nosniff, a referrer policy that still gives embeds
 * the origin (YouTube refuses to play without it), and HSTS in production. Tests serve the client
 * with the production set: HSTS over plain HTTP is ignored by browsers.
 */
export function webSecurityHeaders(production: boolean): Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}
