import { z } from 'zod';
import { hkdfSync } from 'node:crypto';
import type { Config } from '@lg/platform';
import type { MediaKind } from './models.ts';

const bytes = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const MB = 1_000_000;

// The media subgraph's own settings (README configuration table), read once from the environment.
const schema = z.object({
  MEDIA_STORAGE: z.enum(['files', 's3']).default('files'),
  MEDIA_S3_ENDPOINT: z.string().url().optional(),
  MEDIA_S3_REGION: z.string().default('us-east-1'),
  MEDIA_S3_BUCKET: z.string().default('media'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().optional(),
  MEDIA_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MEDIA_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(7 * 86_400).default(3600),
  MEDIA_UPLOAD_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(86_400),
  // Per kind; a GraphQL Int caps a declared size at 2^31 - 1 anyway.
  MEDIA_MAX_BYTES_VIDEO: bytes(2_000 * MB),
  MEDIA_MAX_BYTES_AUDIO: bytes(500 * MB),
  MEDIA_MAX_BYTES_PDF: bytes(100 * MB),
  MEDIA_MAX_BYTES_IMAGE: bytes(10 * MB),
  MEDIA_MAX_BYTES_FILE: bytes(100 * MB),
  MEDIA_MAX_BYTES_CAPTIONS: bytes(1 * MB),
  // An AVATAR: an image shown small beside a name needs no more (below the IMAGE limit too).
  MEDIA_MAX_BYTES_AVATAR: bytes(2 * MB),
  // What one user's READY, PROCESSING and live UPLOADING assets may add up to.
  MEDIA_QUOTA_BYTES: bytes(20_000 * MB),
  MEDIA_FFMPEG_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(6 * 3600).default(900),
  // The public origin of /media and /uploads URLs (the gateway's); by default the request's own.
  PUBLIC_URL: z.string().url().optional(),
});

export type MediaSettings = z.infer<typeof schema>;

export interface MediaConfig extends MediaSettings {
  dataDir: string;
  /** HMAC key of media and upload URLs. */
  urlSecret: string;
  maxBytes: Record<MediaKind, number>;
}

/**
 * `subgraphSecret`: without MEDIA_URL_SECRET the URL key is derived from it (HKDF), so that every
 * media instance shares one key with no setting of its own.
 */
export function loadMediaConfig(
  platform: Config, subgraphSecret: string, env: NodeJS.ProcessEnv = process.env, overrides: Partial<z.input<typeof schema>> = {},
): MediaConfig {
  const parsed = schema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    throw new Error(`Invalid media configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const s = parsed.data;
  return {
    ...s,
    dataDir: platform.DATA_DIR,
    urlSecret: s.MEDIA_URL_SECRET ?? Buffer.from(hkdfSync('sha256', subgraphSecret, '', 'learning-graph media urls', 32)).toString('base64url'),
    maxBytes: {
      VIDEO: s.MEDIA_MAX_BYTES_VIDEO, AUDIO: s.MEDIA_MAX_BYTES_AUDIO, PDF: s.MEDIA_MAX_BYTES_PDF,
      IMAGE: s.MEDIA_MAX_BYTES_IMAGE, FILE: s.MEDIA_MAX_BYTES_FILE, CAPTIONS: s.MEDIA_MAX_BYTES_CAPTIONS,
    },
  };
}
