import DataLoader from 'dataloader';
import { byIds, isDuplicateKey, MongoRepository, pushToOutbox, type CollectionIndexes, type DomainEvent, type LoggedEvent } from '@lg/platform';
import { applyToProjection } from '@lg/platform';
import type {
  CourseAccessDocument, EnrollmentAccessDocument, LabAccessDocument, MediaAssetModel, MediaStatus, MediaUsageDocument, PublicMediaDocument,
} from './models.ts';

export const ASSETS = 'media_assets';
export const COURSES = 'media_courses';
export const ENROLLMENTS = 'media_enrollments';
export const LABS = 'media_labs';
export const PUBLIC_MEDIA = 'media_public_sources';
export const USAGE = 'media_usage';

export const mediaIndexes: CollectionIndexes[] = [
  // The quota: one user's assets; the upload sweep: those still UPLOADING.
  { collection: ASSETS, indexes: [{ key: { ownerId: 1 }, name: 'owner' }, { key: { status: 1 }, name: 'status' }] },
  // Whether some preview lesson or public supplement shows an asset.
  { collection: PUBLIC_MEDIA, indexes: [{ key: { publicIds: 1 }, name: 'public_ids' }] },
  // COURSES, ENROLLMENTS (`<course>:<user>`), LABS and USAGE are read by `_id` only.
];

export interface MediaLoaders {
  asset: DataLoader<string, MediaAssetModel | null>;
}

const WITHOUT_OUTBOX = { projection: { outbox: 0 } } as const;

/** All MongoDB access of the media subgraph. */
export class MediaRepository extends MongoRepository {
  readonly assets = this.db.collection<MediaAssetModel>(ASSETS);
  readonly courses = this.db.collection<CourseAccessDocument>(COURSES);
  readonly enrollments = this.db.collection<EnrollmentAccessDocument>(ENROLLMENTS);
  readonly labs = this.db.collection<LabAccessDocument>(LABS);
  readonly publicSources = this.db.collection<PublicMediaDocument>(PUBLIC_MEDIA);
  readonly usage = this.db.collection<MediaUsageDocument>(USAGE);

  loaders(): MediaLoaders {
    return {
      asset: new DataLoader(async (ids) => {
        const byId = new Map((await this.assets.find(byIds(ids), WITHOUT_OUTBOX).toArray()).map((a) => [a._id, a]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
  }

  findAsset(id: string): Promise<MediaAssetModel | null> {
    return this.assets.findOne({ _id: id }, WITHOUT_OUTBOX);
  }

  /**
   * Every asset still waiting for bytes, or one owner's: a sweep's scan, read in batches (nothing
   * bounds how many uploads users leave open, so they are never all held in memory).
   */
  async *uploading(ownerId?: string): AsyncGenerator<MediaAssetModel> {
    // Pages by id, not one open cursor, since the sweep writes between pages.
    let after: string | undefined;
    for (;;) {
      const page = await this.assets
        .find({ status: 'UPLOADING', ...(ownerId ? { ownerId } : {}), ...(after ? { _id: { $gt: after } } : {}) }, WITHOUT_OUTBOX)
        .sort({ _id: 1 }).limit(100).toArray();
      yield* page;
      if (page.length < 100) return;
      after = page[page.length - 1]!._id;
    }
  }

  async insertAsset(asset: MediaAssetModel): Promise<void> {
    await this.assets.insertOne(asset);
  }

  /**
   * Takes `bytes` of a user's quota if they fit, in one conditional update of the user's usage
   * document, so that simultaneous uploads can never together pass it (single-document updates
   * are atomic on MongoDB and on the embedded database alike). False when they do not fit.
   */
  async reserveBytes(ownerId: string, bytes: number, quota: number, now: Date): Promise<boolean> {
    if (!(await this.usage.findOne({ _id: ownerId }))) {
      // First upload since usage documents exist: it starts from what the user's assets hold.
      const held = await this.bytesHeldBy(ownerId, now);
      try {
        await this.usage.updateOne({ _id: ownerId }, { $setOnInsert: { usedBytes: held } }, { upsert: true });
      } catch (error) {
        // A simultaneous first upload created it.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    const taken = await this.usage.updateOne({ _id: ownerId, usedBytes: { $lte: quota - bytes } }, { $inc: { usedBytes: bytes } });
    return taken.matchedCount === 1;
  }

  /** Gives back what an upload reserved (it failed, expired or was never created). */
  async releaseBytes(ownerId: string, bytes: number): Promise<void> {
    const given = await this.usage.updateOne({ _id: ownerId, usedBytes: { $gte: bytes } }, { $inc: { usedBytes: -bytes } });
    // Never below zero, should a crash have lost a reservation.
    if (given.matchedCount === 0) await this.usage.updateOne({ _id: ownerId }, { $set: { usedBytes: 0 } });
  }

  async usedBytes(ownerId: string): Promise<number> {
    return (await this.usage.findOne({ _id: ownerId }))?.usedBytes ?? 0;
  }

  /** What one user's assets in these statuses add up to (UPLOADING ones only while their URL lives). */
  async bytesHeldBy(ownerId: string, now: Date): Promise<number> {
    const rows = await this.assets
      .find({ ownerId, status: { $in: ['UPLOADING', 'PROCESSING', 'READY'] } }, { projection: { byteSize: 1, status: 1, uploadExpiresAt: 1 } })
      .toArray();
    return rows.reduce((sum, a) => (a.status === 'UPLOADING' && a.uploadExpiresAt <= now ? sum : sum + a.byteSize), 0);
  }

  /**
   * Moves an asset from one status to the next only if it is still in `from` (and, when given, at
   * the same processing attempt), recording the event in its outbox; null when it was not.
   */
  async transition(
    id: string, from: MediaStatus, set: Partial<MediaAssetModel>, event: DomainEvent, options: { attempt?: number; unset?: (keyof MediaAssetModel)[]; incAttempt?: boolean } = {},
  ): Promise<MediaAssetModel | null> {
    const unset = Object.fromEntries((options.unset ?? []).map((k) => [k, true as const]));
    return this.assets.findOneAndUpdate(
      { _id: id, status: from, ...(options.attempt === undefined ? {} : { attempt: options.attempt }) },
      {
        $set: { ...set, updatedAt: new Date() },
        $inc: { version: 1, ...(options.incAttempt ? { attempt: 1 } : {}) },
        $push: pushToOutbox(event),
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
      { returnDocument: 'after' },
    );
  }

  // ---------------------------------------------------------------- projections

  projectCourse(courseId: string, instructorId: string, event: LoggedEvent): Promise<void> {
    return applyToProjection(this.courses, courseId, event, () => ({ _id: courseId, instructorId, seq: event.seq }));
  }

  projectEnrollment(courseId: string, userId: string, status: EnrollmentAccessDocument['status'], event: LoggedEvent): Promise<void> {
    const id = `${courseId}:${userId}`;
    return applyToProjection(this.enrollments, id, event, () => ({ _id: id, status, seq: event.seq }));
  }

  projectLab(labId: string, hostId: string, event: LoggedEvent): Promise<void> {
    return applyToProjection(this.labs, labId, event, () => ({ _id: labId, hostId, seq: event.seq }));
  }

  projectPublicSource(sourceId: string, courseId: string, publicIds: string[], event: LoggedEvent): Promise<void> {
    return applyToProjection(this.publicSources, sourceId, event, () => ({ _id: sourceId, courseId, publicIds, seq: event.seq }));
  }

  findCourse(courseId: string): Promise<CourseAccessDocument | null> {
    return this.courses.findOne({ _id: courseId });
  }

  findEnrollment(courseId: string, userId: string): Promise<EnrollmentAccessDocument | null> {
    return this.enrollments.findOne({ _id: `${courseId}:${userId}` });
  }

  findLab(labId: string): Promise<LabAccessDocument | null> {
    return this.labs.findOne({ _id: labId });
  }

  async isPubliclyShown(assetId: string): Promise<boolean> {
    return (await this.publicSources.findOne({ publicIds: assetId }, { projection: { _id: 1 } })) !== null;
  }
}
