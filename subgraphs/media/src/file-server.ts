import { pipeline } from 'node:stream/promises';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import { combineRanges, parse as parseRange } from 'range-parser';
import type { MediaAssetModel } from './models.ts';
import type { MediaRepository } from './repository.ts';
import { MEDIA_PATH, verifyMediaPath } from './signed-urls.ts';
import type { MediaStorage } from './storage/index.ts';

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  vtt: 'text/vtt; charset=utf-8',
};

const DOWNLOAD_DIR = 'download/';

/** The storage key and type a signed path of a READY asset names, or null for a path it has not. */
function objectOf(asset: MediaAssetModel, path: string): { key: string; type: string; download: boolean } | null {
  const files = asset.files;
  if (!files) return null;
  const own = (file: string) => `${asset._id}/${file}`;
  if (path.startsWith(DOWNLOAD_DIR)) return { key: own(files.original), type: asset.contentType, download: true };
  // Arbitrary files are never shown in the browser on our origin, only saved.
  if (asset.kind === 'FILE' && path === files.main) return { key: own(files.main), type: asset.contentType, download: true };
  const known = path === files.main || path === files.poster || (files.main.startsWith('hls/') && path.startsWith('hls/'));
  if (!known) return null;
  const extension = /\.([a-z0-9]+)$/.exec(path)?.[1];
  const type = path === files.original ? asset.contentType : (extension && TYPES[extension]) ?? asset.contentType;
  return { key: own(path), type, download: false };
}

const contentDisposition = (fileName: string): string =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

function refuse(res: Response, status: number): void {
  // No detail: whether the asset exists is nobody's business without a valid signature.
  res.status(status).set('Cache-Control', 'no-store').type('text/plain').send(status === 403 ? 'Forbidden\n' : 'Not found\n');
}

/**
 * GET and HEAD of signed media URLs: the signature and its expiry are checked first (403 for a bad
 * one, 404 for a path no URL names), then the asset must be READY and own the file. Answers carry
 * an ETag and Last-Modified (304 on a match), `Cache-Control: private` until the URL expires,
 * `nosniff`, and byte ranges (206, 416) for players that seek.
 */
export function mediaRoutes(
  app: Express, deps: { repository: MediaRepository; storage: MediaStorage; secret: string; webOrigins: string[]; logger: Logger },
): void {
  app.all(`${MEDIA_PATH}/{*path}`, (req: Request, res: Response) => {
    void serve(req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'media request failed');
      if (!res.headersSent) res.status(500).type('text/plain').send('Internal error\n');
      else res.destroy();
    });
  });

  async function serve(req: Request, res: Response): Promise<void> {
    const origin = req.headers.origin;
    // hls.js fetches playlists and segments; the web client may live on another origin (Vite).
    if (origin && deps.webOrigins.includes(origin)) res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag' });
    if (req.method === 'OPTIONS') {
      res.set({ 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range, If-None-Match', 'Access-Control-Max-Age': '600' }).status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET, HEAD').type('text/plain').send('Method not allowed\n');
      return;
    }
    const pathname = req.path.slice(MEDIA_PATH.length);
    const check = verifyMediaPath(deps.secret, pathname);
    if (!check.ok) return refuse(res, check.status);
    const asset = await deps.repository.findAsset(check.assetId);
    if (!asset || asset.status !== 'READY') return refuse(res, 404);
    const object = objectOf(asset, check.path);
    if (!object) return refuse(res, 404);
    const stored = await deps.storage.stat(object.key);
    if (!stored) return refuse(res, 404);

    const etag = `"${stored.etag}"`;
    const maxAge = Math.max(0, Math.floor((check.expiresAt.getTime() - Date.now()) / 1000));
    res.set({
      'Content-Type': object.type,
      ETag: etag,
      'Last-Modified': stored.modifiedAt.toUTCString(),
      'Cache-Control': `private, max-age=${maxAge}`,
      'X-Content-Type-Options': 'nosniff',
      // Opened as a page, a file may run nothing on the gateway's origin (Chrome's PDF viewer needs no sandbox).
      'Content-Security-Policy': object.type === 'application/pdf' ? "default-src 'none'" : "default-src 'none'; sandbox",
      'Accept-Ranges': 'bytes',
      ...(object.download ? { 'Content-Disposition': contentDisposition(asset.fileName) } : {}),
    });
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      res.status(304).end();
      return;
    }

    let range: { start: number; end: number } | undefined;
    const header = req.headers.range;
    if (header) {
      const parsed = parseRange(stored.size, header);
      const ranges = combineRanges(parsed.ranges);
      if (parsed.type === 'bytes' && ranges.length === 0 && (parsed.code & 2) !== 0) {
        res.status(416).set('Content-Range', `bytes */${stored.size}`).end();
        return;
      }
      // A malformed header or several ranges: the whole file (HTTP lets a server ignore Range).
      if (parsed.type === 'bytes' && ranges.length === 1) range = ranges[0];
    }
    if (range) res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${stored.size}`);
    res.set('Content-Length', String(range ? range.end - range.start + 1 : stored.size));
    if (req.method === 'HEAD' || stored.size === 0) {
      res.end();
      return;
    }
    const body = await deps.storage.get(object.key, range);
    if (!body) return refuse(res, 404);
    await pipeline(body, res);
  }
}
