import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed URLs for media files and uploads: `<video>`, `<img>` and tus clients cannot send a bearer
 * token, so the URL itself is the permission. It names the asset, carries an expiry and an
 * HMAC-SHA256 (MEDIA_URL_SECRET) over both and the path it grants.
 *
 * The signature sits in the path, not the query (`/media/<asset>/<exp>.<sig>/<file>`), because an
 * HLS player resolves the playlists' relative URLs against the playlist's path: the variant
 * playlists and segments then carry it too. A video's URL therefore grants its whole `hls/`
 * directory; every other URL grants exactly one file.
 */
export const MEDIA_PATH = '/media';
export const UPLOAD_PATH = '/uploads';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HLS_DIR = 'hls/';

function mac(secret: string, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest('base64url').slice(0, 32);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The scope a URL of `path` is signed for: the whole HLS directory for a playlist, else the file. */
const scopeOf = (path: string): string => (path.startsWith(HLS_DIR) ? HLS_DIR : path);

/** An absolute, signed URL of one of the asset's files (path relative to the asset, `/`-separated). */
export function signMediaUrl(secret: string, origin: string, assetId: string, path: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const sig = mac(secret, 'media', assetId, scopeOf(path), String(exp));
  return `${origin}${MEDIA_PATH}/${assetId}/${exp}.${sig}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export type MediaPathCheck = { ok: true; assetId: string; path: string; expiresAt: Date } | { ok: false; status: 403 | 404 };

/** Checks a request path below /media (`/<asset>/<exp>.<sig>/<file…>`) at `now`. */
export function verifyMediaPath(secret: string, pathname: string, now = Date.now()): MediaPathCheck {
  let segments: string[];
  try {
    segments = pathname.replace(/^\/+/, '').split('/').map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 404 };
  }
  const [assetId, token, ...rest] = segments;
  if (!assetId || !token || rest.length === 0 || rest.length > 4 || !ID.test(assetId)) return { ok: false, status: 404 };
  if (rest.some((s) => !FILE_SEGMENT.test(s))) return { ok: false, status: 404 };
  // One spelling per expiry (no leading zero), so that one grant is one URL for every cache.
  const match = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return { ok: false, status: 403 };
  const exp = Number(match[1]);
  const path = rest.join('/');
  if (!same(match[2]!, mac(secret, 'media', assetId, scopeOf(path), String(exp)))) return { ok: false, status: 403 };
  if (exp * 1000 <= now) return { ok: false, status: 403 };
  return { ok: true, assetId, path, expiresAt: new Date(exp * 1000) };
}

/** The tus upload URL of an asset: its id, expiry and signature form the upload's name. */
export function signUploadUrl(secret: string, origin: string, assetId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${origin}${UPLOAD_PATH}/${assetId}.${exp}.${mac(secret, 'upload', assetId, String(exp))}`;
}

/** The asset id a tus request's last path segment grants, or null (unsigned, tampered or expired). */
export function verifyUploadName(secret: string, name: string, now = Date.now()): string | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(name);
  if (!match) return null;
  const [, assetId, exp] = match;
  if (!same(match[3]!, mac(secret, 'upload', assetId!, exp!))) return null;
  if (Number(exp) * 1000 <= now) return null;
  return assetId!;
}
