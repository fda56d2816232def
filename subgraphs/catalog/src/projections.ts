import { Projector, isOneOf, type LoggedEvent, type Platform } from '@lg/platform';
import { EnrollmentCancelled, EnrollmentCompleted, EnrollmentCreated, MediaAssetCreated, MediaAssetFailed, MediaAssetReady } from '@lg/events';
import type { MemberProjection } from './models.ts';
import type { CatalogRepository } from './repository.ts';

const ENROLLMENT_EVENTS = [EnrollmentCreated, EnrollmentCompleted, EnrollmentCancelled] as const;
const MEDIA_EVENTS = [MediaAssetCreated, MediaAssetReady, MediaAssetFailed] as const;

const STATUS_AFTER: Record<string, MemberProjection['status']> = {
  [EnrollmentCreated.type]: 'ACTIVE', [EnrollmentCompleted.type]: 'COMPLETED', [EnrollmentCancelled.type]: 'CANCELLED',
};

/** Catalog's own projections read rarely-appended events and are caught up before each decision, so their safety-net poll can be slow. */
const POLL_MS = 5_000;

export interface CatalogConsumers {
  /**
   * One consumer for both projections, as each consumer costs a read of the log every poll:
   * who is enrolled in which course (catalog_members, from learning's events: lesson content is
   * for members) and which assets exist, whose they are and what for (catalog_media, from media's
   * events: attachments are checked against it).
   */
  access: Projector;
}

const EVENTS = [...ENROLLMENT_EVENTS, ...MEDIA_EVENTS] as const;

/** The projections' consumer, with its own checkpoint; not started here. */
export function createConsumers(platform: Platform, repository: CatalogRepository, options: { pollMs?: number } = {}): CatalogConsumers {
  const logger = platform.logger.child({ part: 'catalog-projections' });
  const access = new Projector({
    db: platform.db, log: platform.eventLog, logger, pollMs: options.pollMs ?? POLL_MS,
    name: 'catalog.course-access',
    events: EVENTS,
    clear: async () => {
      await repository.members.deleteMany({});
      await repository.media.deleteMany({});
    },
    handle: async (event: LoggedEvent) => {
      if (isOneOf(ENROLLMENT_EVENTS, event)) {
        const { userId, courseId } = event.data;
        await repository.projectMember(courseId, userId, STATUS_AFTER[event.type] ?? 'ACTIVE', event.seq);
      } else if (MediaAssetCreated.is(event)) {
        const d = event.data;
        // Created is the first event of an asset: a Ready or Failed applied before it (a replay) keeps its status.
        await repository.projectMedia(d.assetId, event.seq, { purpose: d.purpose, kind: d.kind, courseId: d.courseId ?? null, ownerId: d.ownerId });
        await repository.media.updateOne({ _id: d.assetId, status: { $exists: false } } as never, { $set: { status: 'UPLOADING', durationSeconds: null } });
      } else if (MediaAssetReady.is(event)) {
        await repository.projectMedia(event.data.assetId, event.seq, { status: 'READY', durationSeconds: event.data.durationSeconds ?? null });
      } else if (MediaAssetFailed.is(event)) {
        await repository.projectMedia(event.data.assetId, event.seq, { status: 'FAILED' });
      }
    },
  });
  return { access };
}
