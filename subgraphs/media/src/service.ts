import { stat } from 'node:fs/promises';
import DataLoader from 'dataloader';
import {
  badInput, conflict, flushOutbox, forbidden, isId, isOwnerOrAdmin, newId, notFound, signedIn, unauthenticated, type EventLog, type Viewer,
} from '@lg/platform';
import type { AccessRules } from './access.ts';
import type { MediaConfig } from './config.ts';
import { mediaAssetCreated, mediaAssetFailed, mediaProcessingQueued } from './events.ts';
import { checkAssetId, checkUpload, type CreateUploadInput } from './inputs.ts';
import type { MediaAssetModel, MediaUrls, UploadSessionModel } from './models.ts';
import type { MediaLoaders, MediaRepository } from './repository.ts';
import { signMediaUrl, signUploadUrl } from './signed-urls.ts';
import type { UploadStaging } from './uploads.ts';

export interface ViewerLoaders extends MediaLoaders {
  /** Whether the request's viewer may read an asset (the rule runs once per asset and request). */
  readable: DataLoader<MediaAssetModel, boolean, string>;
  /** Whether another subgraph may show the asset to the request's viewer (`AccessRules.mayReference`). */
  referable: DataLoader<MediaAssetModel, boolean, string>;
}

const NO_URLS: MediaUrls = { url: null, posterUrl: null, downloadUrl: null };

/** Media's use cases and rules; resolvers only translate to and from GraphQL. */
export class MediaService {
  /** Where /media and /uploads URLs point: PUBLIC_URL, or the gateway in front once it is known. */
  private origin: string;

  constructor(
    private readonly repository: MediaRepository,
    private readonly events: EventLog,
    private readonly access: AccessRules,
    private readonly staging: UploadStaging,
    private readonly config: MediaConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.origin = config.PUBLIC_URL?.replace(/\/+$/, '') ?? 'http://127.0.0.1:4000';
  }

  /** Single-process mode: the gateway's origin is the public one (unless PUBLIC_URL says otherwise). */
  useGatewayOrigin(gatewayUrl: string): void {
    if (!this.config.PUBLIC_URL) this.origin = new URL(gatewayUrl).origin;
  }

  loaders(viewer: Viewer | null): ViewerLoaders {
    const readable = new DataLoader<MediaAssetModel, boolean, string>((assets) => Promise.all(assets.map((a) => this.access.mayRead(viewer, a))), { cacheKeyFn: (a) => a._id });
    return {
      ...this.repository.loaders(),
      readable,
      // A READY asset's answer is `readable`'s, asked once per request for the reference and its URLs.
      referable: new DataLoader(
        (assets) => Promise.all(assets.map((a) => (a.status === 'READY' ? readable.load(a) : this.access.mayReference(viewer, a)))), { cacheKeyFn: (a) => a._id },
      ),
    };
  }

  // ---------------------------------------------------------------- reads

  /** Null when there is no such asset; FORBIDDEN (UNAUTHENTICATED when signed out) when it is not the viewer's to read. */
  async mediaAsset(viewer: Viewer | null, id: string, loaders: ViewerLoaders): Promise<MediaAssetModel | null> {
    checkAssetId(id);
    const asset = await loaders.asset.load(id);
    if (!asset) return null;
    if (await loaders.readable.load(asset)) return asset;
    throw viewer ? forbidden('You may not read this media asset.') : unauthenticated('Sign in to read this media asset.');
  }

  /**
   * A reference from another subgraph (a lesson's media, a course's cover): the asset, if the
   * access rule lets the viewer see it (`mayReference`), else null like an unknown id — the
   * subgraph naming it is trusted with the id, not with whom it shows it to. URLs are still only
   * signed for viewers who may read the asset (`urls`).
   */
  async assetReference(viewer: Viewer | null, id: string, loaders: ViewerLoaders): Promise<MediaAssetModel | null> {
    if (!isId(id)) return null;
    const asset = await loaders.asset.load(id);
    return asset && (await loaders.referable.load(asset)) ? asset : null;
  }

  /** Signed URLs of a READY asset for a viewer allowed to read it; nulls otherwise. */
  async urls(asset: MediaAssetModel, loaders: ViewerLoaders): Promise<MediaUrls> {
    if (asset.status !== 'READY' || !asset.files || !(await loaders.readable.load(asset))) return NO_URLS;
    const expiresAt = this.urlExpiry();
    const sign = (path: string) => signMediaUrl(this.config.urlSecret, this.origin, asset._id, path, expiresAt);
    return {
      url: sign(asset.files.main),
      posterUrl: asset.files.poster ? sign(asset.files.poster) : null,
      downloadUrl: sign(`download/${downloadName(asset.fileName)}`),
    };
  }

  /**
   * Expiries are rounded up to a step, so that the URLs of one asset stay the same for a while
   * (browsers and the gateway's cache can keep them) and always live at least the configured TTL.
   */
  private urlExpiry(): Date {
    const ttl = this.config.MEDIA_URL_TTL_SECONDS * 1000;
    const step = Math.max(1000, Math.min(300_000, Math.floor(ttl / 4)));
    return new Date(Math.ceil((this.now().getTime() + ttl) / step) * step);
  }

  // ---------------------------------------------------------------- uploads

  /** Opens an upload: the asset (UPLOADING) and its tus upload of exactly the declared size. */
  async createUpload(viewer: Viewer | null, input: CreateUploadInput): Promise<UploadSessionModel> {
    const actor = signedIn(viewer);
    const upload = checkUpload(input, this.config.maxBytes, this.config.MEDIA_MAX_BYTES_AVATAR);
    if (upload.courseId && !(await this.access.mayUploadToCourse(actor, upload.courseId))) {
      throw forbidden('Only the course\'s instructor (or an ADMIN) can upload its media.');
    }
    if (upload.labId && !(await this.access.mayUploadToLab(actor, upload.labId))) {
      throw forbidden('Only the lab\'s host (or an ADMIN) can upload its photos.');
    }
    const now = this.now();
    await this.reserve(actor.id, upload.byteSize, 'This upload');
    const id = newId();
    const expiresAt = new Date(now.getTime() + this.config.MEDIA_UPLOAD_TTL_SECONDS * 1000);
    const asset: MediaAssetModel = {
      _id: id, version: 0, purpose: upload.purpose, kind: upload.kind, status: 'UPLOADING',
      fileName: upload.fileName, contentType: upload.contentType, byteSize: upload.byteSize,
      ...(upload.courseId ? { courseId: upload.courseId } : {}), ...(upload.labId ? { labId: upload.labId } : {}),
      ownerId: actor.id, uploadExpiresAt: expiresAt, attempt: 0, createdAt: now, updatedAt: now,
      outbox: [mediaAssetCreated({
        assetId: id, purpose: upload.purpose, kind: upload.kind, ownerId: actor.id, fileName: upload.fileName,
        ...(upload.courseId ? { courseId: upload.courseId } : {}), ...(upload.labId ? { labId: upload.labId } : {}),
      })],
    };
    try {
      // The tus upload first: an asset is never UPLOADING without somewhere to send its bytes.
      await this.staging.open(id, upload.byteSize);
      await this.repository.insertAsset(asset);
    } catch (error) {
      await this.repository.releaseBytes(actor.id, upload.byteSize);
      throw error;
    }
    await flushOutbox(this.repository.assets, id, this.events);
    const { outbox: _sent, ...stored } = asset;
    return { asset: stored, uploadUrl: signUploadUrl(this.config.urlSecret, this.origin, id, expiresAt), expiresAt };
  }

  /**
   * Takes `bytes` of the user's quota or refuses (BAD_USER_INPUT on byteSize). Uploads of theirs
   * that expired since the last sweep are closed first when they stand in the way.
   */
  private async reserve(ownerId: string, bytes: number, what: string): Promise<void> {
    const quota = this.config.MEDIA_QUOTA_BYTES;
    if (await this.repository.reserveBytes(ownerId, bytes, quota, this.now())) return;
    if ((await this.expireUploads(ownerId)) > 0 && (await this.repository.reserveBytes(ownerId, bytes, quota, this.now()))) return;
    const used = await this.repository.usedBytes(ownerId);
    throw badInput(`${what} would take you over your storage quota (${quota} bytes; ${used} in use).`, 'byteSize');
  }

  /** Whether tus may take bytes for this asset now (it is UPLOADING and its URL has not expired). */
  async acceptsBytes(id: string): Promise<boolean> {
    const asset = await this.repository.findAsset(id);
    return asset?.status === 'UPLOADING' && asset.uploadExpiresAt > this.now();
  }

  /** The last byte arrived: the asset goes PROCESSING and its job is queued (idempotent). */
  async uploadFinished(id: string): Promise<void> {
    const asset = await this.repository.findAsset(id);
    if (!asset || asset.status !== 'UPLOADING') return;
    const queued = mediaProcessingQueued({ assetId: id, ownerId: asset.ownerId, attempt: asset.attempt, ...(asset.courseId ? { courseId: asset.courseId } : {}) });
    await this.repository.transition(id, 'UPLOADING', { status: 'PROCESSING' }, queued, { attempt: asset.attempt });
    await flushOutbox(this.repository.assets, id, this.events);
  }

  /**
   * Uploads that no request will finish: complete ones whose last PATCH was cut off before the
   * asset moved on (a crash) are queued; expired ones go FAILED and their partial bytes are freed.
   */
  async sweepUploads(): Promise<{ queued: number; expired: number }> {
    const swept = { queued: 0, expired: 0 };
    for await (const asset of this.repository.uploading()) {
      if (await this.staging.complete(asset._id)) {
        await this.uploadFinished(asset._id);
        swept.queued += 1;
      } else if (await this.expire(asset)) {
        swept.expired += 1;
      }
    }
    return swept;
  }

  /** Closes one owner's expired uploads (their quota stands in the way); how many it closed. */
  private async expireUploads(ownerId: string): Promise<number> {
    let expired = 0;
    for await (const asset of this.repository.uploading(ownerId)) {
      if (!(await this.staging.complete(asset._id)) && (await this.expire(asset))) expired += 1;
    }
    return expired;
  }

  /** An expired upload goes FAILED, its partial bytes and its share of the quota freed (once). */
  private async expire(asset: MediaAssetModel): Promise<boolean> {
    if (asset.uploadExpiresAt > this.now()) return false;
    const reason = 'The upload expired before all of its bytes arrived.';
    const failed = mediaAssetFailed({ assetId: asset._id, reason, ...(asset.courseId ? { courseId: asset.courseId } : {}) });
    if (!(await this.repository.transition(asset._id, 'UPLOADING', { status: 'FAILED', failureReason: reason }, failed, { attempt: asset.attempt }))) return false;
    await this.repository.releaseBytes(asset.ownerId, asset.byteSize);
    await flushOutbox(this.repository.assets, asset._id, this.events);
    await this.staging.remove(asset._id);
    return true;
  }

  /**
   * Makes an asset of a local file, as if its owner had uploaded it (the seed's demo media): the
   * same checks, then the bytes put in place and the asset queued for processing.
   */
  async ingestFile(owner: Viewer, input: Omit<CreateUploadInput, 'byteSize'>, path: string): Promise<MediaAssetModel> {
    const { size } = await stat(path);
    const { asset } = await this.createUpload(owner, { ...input, byteSize: size });
    await this.staging.fill(asset._id, path);
    await this.uploadFinished(asset._id);
    return asset;
  }

  /** Queues a FAILED asset's processing again: its uploader or ADMIN. */
  async retryMediaProcessing(viewer: Viewer | null, id: string): Promise<MediaAssetModel> {
    const actor = signedIn(viewer);
    checkAssetId(id);
    const asset = await this.repository.findAsset(id);
    if (!asset) throw notFound('The media asset');
    if (!isOwnerOrAdmin(actor, asset.ownerId)) throw forbidden('Only the uploader (or an ADMIN) can retry this asset\'s processing.');
    if (asset.status !== 'FAILED') throw conflict(`Only a FAILED asset can be retried; this one is ${asset.status}.`);
    if (!(await this.staging.has(id))) throw conflict('The uploaded file is no longer kept; upload it again.');
    const attempt = asset.attempt + 1;
    // A FAILED asset holds none of its owner's quota; processing it again does.
    await this.reserve(asset.ownerId, asset.byteSize, 'Retrying this asset');
    const queued = mediaProcessingQueued({ assetId: id, ownerId: asset.ownerId, attempt, ...(asset.courseId ? { courseId: asset.courseId } : {}) });
    const updated = await this.repository.transition(id, 'FAILED', { status: 'PROCESSING' }, queued, { attempt: asset.attempt, incAttempt: true, unset: ['failureReason'] });
    if (!updated) {
      await this.repository.releaseBytes(asset.ownerId, asset.byteSize);
      throw conflict('The asset changed meanwhile; try again.');
    }
    await flushOutbox(this.repository.assets, id, this.events);
    const { outbox: _sent, ...stored } = updated;
    return stored;
  }
}

/** A download's file name in a URL path: the uploaded name, made of safe characters. */
export function downloadName(fileName: string): string {
  const safe = fileName.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(0, 120);
  return safe.length > 0 ? safe : 'file';
}
