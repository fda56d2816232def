import { join } from 'node:path';
import type { MediaConfig } from '../config.ts';
import { FileStorage } from './file-storage.ts';
import { S3Storage } from './s3-storage.ts';
import type { MediaStorage } from './storage.ts';

export type { ByteRange, MediaStorage, StoredObject } from './storage.ts';
export { FileStorage } from './file-storage.ts';
export { S3Storage } from './s3-storage.ts';

/** The storage the configuration names: files under DATA_DIR by default, or an S3 bucket. */
export function storageFor(config: MediaConfig): MediaStorage {
  if (config.MEDIA_STORAGE === 's3') {
    return new S3Storage({
      bucket: config.MEDIA_S3_BUCKET, region: config.MEDIA_S3_REGION, endpoint: config.MEDIA_S3_ENDPOINT,
      accessKeyId: config.MEDIA_S3_ACCESS_KEY_ID, secretAccessKey: config.MEDIA_S3_SECRET_ACCESS_KEY,
    });
  }
  return new FileStorage(join(config.dataDir, 'media', 'objects'));
}
