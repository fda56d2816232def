import { combineUserData, userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import type { MediaRepository } from './repository.ts';
import { ASSETS, USAGE } from './repository.ts';
import type { MediaStorage } from './storage/storage.ts';
import type { UploadStaging } from './uploads.ts';

/**
 * Media's part: the user's own uploads (avatars, lab photos, attachments) go, bytes first, then the
 * documents; course material they uploaded as an instructor (an asset with a courseId) stays with
 * the course, which students may have paid for.
 */
export const mediaUserData = (platform: Platform, repository: MediaRepository, storage: MediaStorage, staging: UploadStaging): Projector =>
  userDataParticipant(platform, {
    subgraph: 'media',
    ...combineUserData(
      {
        export: async () => ({}),
        erase: async (userId) => {
          const own = await repository.assets.find({ ownerId: userId, courseId: { $exists: false } }, { projection: { _id: 1 } }).toArray();
          for (const { _id } of own) {
            await storage.deletePrefix(`${_id}/`);
            await staging.remove(_id);
          }
          if (own.length > 0) await repository.assets.deleteMany({ _id: { $in: own.map((a) => a._id) } });
        },
      },
      userDataOfCollections(platform.db, [
        { collection: ASSETS, field: 'ownerId', omit: ['files', 'attempt', 'version'], erase: 'keep' },
        { collection: USAGE, field: '_id', erase: 'delete' },
      ]),
    ),
  });
