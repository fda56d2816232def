import { join } from 'node:path';
import { ensureIndexes, flushAllOutboxes, readSchema, type DomainSubgraph, type Platform, type Projector } from '@lg/platform';
import { AccessRules } from './access.ts';
import { loadMediaConfig, type MediaConfig } from './config.ts';
import type { Context } from './context.ts';
import { mediaRoutes } from './file-server.ts';
import { permissions } from './permissions.ts';
import { MediaProcessor } from './processing/processor.ts';
import { createAccessProjector } from './projections.ts';
import { MediaRepository, mediaIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { MediaService } from './service.ts';
import { storageFor, type MediaStorage } from './storage/index.ts';
import { UploadStaging, createUploadServer, uploadRoutes } from './uploads.ts';
import { mediaUserData } from './user-data.ts';

export { MediaRepository, ASSETS as MEDIA_ASSETS } from './repository.ts';
export { MediaService, downloadName } from './service.ts';
export { MediaProcessor } from './processing/processor.ts';
export { loadMediaConfig, type MediaConfig } from './config.ts';
export { FileStorage, S3Storage, storageFor, type ByteRange, type MediaStorage, type StoredObject } from './storage/index.ts';
export { signMediaUrl, signUploadUrl, verifyMediaPath, MEDIA_PATH, UPLOAD_PATH } from './signed-urls.ts';
export { UploadStaging } from './uploads.ts';
export type { CreateUploadInput, MediaKind, MediaPurpose, MediaStatus } from './generated/resolvers-types.ts';
export type { MediaAssetModel } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface MediaSubgraph extends DomainSubgraph<Context, MediaService, MediaRepository> {
  config: MediaConfig;
  storage: MediaStorage;
  staging: UploadStaging;
  /** Who may read what (courses, enrolments, labs, public lessons and supplements), from the log. */
  access: Projector;
  /** The processing jobs' consumer; absent when created with `processing: false`. */
  processor: MediaProcessor | undefined;
}

export interface MediaOptions {
  /** Settings over the environment's (tests). */
  settings?: Parameters<typeof loadMediaConfig>[3];
  /** The storage to use instead of the configured one (tests run the same suite on each). */
  storage?: MediaStorage;
  /** Whether this process runs processing jobs (default true); a scaled-out deployment may dedicate one. */
  processing?: boolean;
  pollMs?: number;
}

/**
 * Creates the media subgraph on a platform: indexes made, events a crash left pending flushed, the
 * access projection and the processing consumer started, and its HTTP routes (`/media` file
 * server, `/uploads` tus endpoint) ready to mount.
 */
export async function createMediaSubgraph(platform: Platform, options: MediaOptions = {}): Promise<MediaSubgraph> {
  const { db, eventLog, logger } = platform;
  const config = loadMediaConfig(platform.config, platform.subgraphSecret, process.env, options.settings ?? {});
  await ensureIndexes(db, mediaIndexes);
  const repository = new MediaRepository(db);
  await flushAllOutboxes(repository.assets, eventLog);
  const storage = options.storage ?? storageFor(config);
  const staging = new UploadStaging(join(config.dataDir, 'media', 'uploads'));
  const access = createAccessProjector(platform, repository, options.pollMs ? { pollMs: options.pollMs } : {});
  const rules = new AccessRules(repository, () => access.catchUp());
  const service = new MediaService(repository, eventLog, rules, staging, config);
  const webOrigins = platform.config.WEB_ORIGINS.split(',').map((o) => o.trim());
  const tus = createUploadServer(service, staging, config.urlSecret, webOrigins, logger.child({ part: 'media-uploads' }));
  const processor = options.processing === false ? undefined : new MediaProcessor(platform, repository, storage, staging, config, eventLog, options.pollMs ? { pollMs: options.pollMs } : {});
  access.start();
  processor?.start();
  // Uploads a crash cut off after their last byte are queued; expired ones closed. Then hourly.
  const sweep = async () => {
    const swept = await service.sweepUploads().catch((error: unknown) => logger.error({ err: error }, 'media upload sweep failed'));
    if (swept && swept.queued + swept.expired > 0) logger.info({ subgraph: 'media', ...swept }, 'uploads swept');
  };
  await sweep();
  const sweeper = setInterval(() => void sweep(), 3_600_000);
  sweeper.unref();
  const userData = mediaUserData(platform, repository, storage, staging);
  userData.start();
  return {
    name: 'media',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    config,
    storage,
    staging,
    access,
    processor,
    createContext: (base) => ({ ...base, media: service, loaders: service.loaders(base.viewer) }),
    routes: (app) => {
      uploadRoutes(app, tus);
      mediaRoutes(app, { repository, storage, secret: config.urlSecret, webOrigins, logger: logger.child({ part: 'media-files' }) });
    },
    gatewayStarted: (url) => service.useGatewayOrigin(url),
    stop: async () => {
      await userData.stop();
      clearInterval(sweeper);
      await Promise.all([access.stop(), processor?.stop()]);
    },
  };
}
