import { Projector, type LoggedEvent, type Platform } from '@lg/platform';
import { MediaAssetCreated, MediaAssetFailed, MediaAssetReady } from '@lg/events';
import type { AvatarRepository } from './repository.ts';

const MEDIA_EVENTS = [MediaAssetCreated, MediaAssetReady, MediaAssetFailed] as const;

/**
 * Which AVATAR assets exist, whose and whether READY (identity_avatar_assets), from media's events:
 * setAvatar checks an id against it without asking media at request time. Ready and Failed events
 * of other purposes find no document here and add none.
 */
export function createAvatarProjector(platform: Platform, repository: AvatarRepository, options: { pollMs?: number } = {}): Projector {
  return new Projector({
    db: platform.db,
    log: platform.eventLog,
    logger: platform.logger.child({ part: 'identity-avatars' }),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    name: 'identity.avatars',
    events: MEDIA_EVENTS,
    clear: async () => void (await repository.assets.deleteMany({})),
    handle: async (event: LoggedEvent) => {
      if (MediaAssetCreated.is(event)) {
        if (event.data.purpose !== 'AVATAR') return;
        await repository.projectAsset(event.data.assetId, event.seq, { ownerId: event.data.ownerId, status: 'UPLOADING' });
      } else if (MediaAssetReady.is(event) || MediaAssetFailed.is(event)) {
        const status = MediaAssetReady.is(event) ? 'READY' : 'FAILED';
        await repository.assets.updateOne({ _id: event.data.assetId, seq: { $lt: event.seq } }, { $set: { status, seq: event.seq } });
      }
    },
  });
}
