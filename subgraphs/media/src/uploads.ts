import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { Upload } from '@tus/utils';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { MediaService } from './service.ts';
import { UPLOAD_PATH, verifyUploadName } from './signed-urls.ts';

/**
 * Where uploads are received: tus uploads (a file and its `.json` metadata per asset) under
 * DATA_DIR/media/uploads, kept until the asset is READY (a FAILED one can be retried from them).
 */
export class UploadStaging {
  readonly store: FileStore;

  constructor(readonly directory: string) {
    this.store = new FileStore({ directory });
  }

  /** Creates the tus upload of an asset: exactly `size` bytes, none received yet. */
  async open(assetId: string, size: number): Promise<void> {
    await this.store.create(new Upload({ id: assetId, size, offset: 0, creation_date: new Date().toISOString() }));
  }

  /** The received file's path (complete or not). */
  path(assetId: string): string {
    return join(this.directory, assetId);
  }

  /** Whether all of the asset's bytes are here. */
  async complete(assetId: string): Promise<boolean> {
    try {
      const upload = await this.store.getUpload(assetId);
      return upload.size !== undefined && upload.offset === upload.size;
    } catch {
      return false;
    }
  }

  async has(assetId: string): Promise<boolean> {
    try {
      return (await stat(this.path(assetId))).isFile();
    } catch {
      return false;
    }
  }

  /** Puts a local file's bytes in place as the asset's complete upload (the seed's ingestion). */
  async fill(assetId: string, source: string): Promise<void> {
    await copyFile(source, this.path(assetId));
  }

  async remove(assetId: string): Promise<void> {
    if (await this.has(assetId)) await this.store.remove(assetId).catch(() => undefined);
  }
}

const refuse = (status_code: number, body: string) => ({ status_code, body });

/**
 * The tus endpoint. Uploads are created by `createUpload` (never by a tus POST), so a client only
 * asks HEAD (the offset to resume from) and PATCH (append); the URL's last segment is
 * `<asset>.<exp>.<sig>` and is the only permission. tus itself refuses bytes past the declared size
 * and PATCHes at a wrong offset; the last byte queues the asset's processing.
 */
export function createUploadServer(service: MediaService, staging: UploadStaging, secret: string, webOrigins: string[], logger: Logger): Server {
  const server = new Server({
    path: UPLOAD_PATH,
    // The web client may live on another origin (Vite in development).
    allowedOrigins: (origin) => webOrigins.includes(origin),
    datastore: staging.store,
    relativeLocation: true,
    getFileIdFromRequest: (_req, lastPath) => (lastPath ? verifyUploadName(secret, lastPath) ?? undefined : undefined),
    onIncomingRequest: async (_req, assetId) => {
      if (!(await service.acceptsBytes(assetId))) throw refuse(410, 'This upload is closed.\n');
    },
    onUploadFinish: async (_req, upload) => {
      await service.uploadFinished(upload.id);
      return {};
    },
    onResponseError: (_req, error) => {
      if ('status_code' in error) return undefined;
      logger.error({ err: error }, 'upload failed');
      return refuse(500, 'The upload could not be stored.\n');
    },
  });
  return server;
}

const TUS_METHODS = new Set(['HEAD', 'PATCH', 'OPTIONS']);

/** Mounts /uploads/<name> on an Express app (the media service's own, or the gateway's in one process). */
export function uploadRoutes(app: Express, server: Server): void {
  app.all(`${UPLOAD_PATH}/{*name}`, (req: Request, res: Response) => {
    if (!TUS_METHODS.has(req.method)) {
      res.status(405).set('Allow', 'HEAD, PATCH, OPTIONS').type('text/plain').send('Uploads are created with the createUpload mutation.\n');
      return;
    }
    void server.handle(req, res);
  });
}
