import { Projector, type LoggedEvent, type Platform } from '@lg/platform';
import { MediaAssetCreated, MediaAssetFailed, MediaAssetReady } from '@lg/events';
import type { LabsRepository } from './repository.ts';

const MEDIA_EVENTS = [MediaAssetCreated, MediaAssetReady, MediaAssetFailed] as const;

/**
 * Which LAB_PHOTO assets exist, for which lab, whose and whether READY (labs_photos), from media's
 * events: setLabPhotos checks ids against it without asking media at request time. Ready and Failed
 * events of other purposes find no document here and add none.
 */
export function createPhotoProjector(platform: Platform, repository: LabsRepository, options: { pollMs?: number } = {}): Projector {
  return new Projector({
    db: platform.db,
    log: platform.eventLog,
    logger: platform.logger.child({ part: 'labs-projections' }),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    name: 'labs.photos',
    events: MEDIA_EVENTS,
    clear: async () => void (await repository.photos.deleteMany({})),
    handle: async (event: LoggedEvent) => {
      if (MediaAssetCreated.is(event)) {
        const d = event.data;
        if (d.purpose !== 'LAB_PHOTO') return;
        // The seq guard ignores a redelivered Created once a later event has been applied.
        await repository.projectPhoto(d.assetId, event.seq, { labId: d.labId ?? null, ownerId: d.ownerId, status: 'UPLOADING' });
      } else if (MediaAssetReady.is(event) || MediaAssetFailed.is(event)) {
        const status = MediaAssetReady.is(event) ? 'READY' : 'FAILED';
        // Only assets already known as lab photos: the other purposes' events would otherwise leave stray documents.
        await repository.photos.updateOne({ _id: event.data.assetId, seq: { $lt: event.seq } }, { $set: { status, seq: event.seq } });
      }
    },
  });
}
