import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { COURSES, MEDIA, MEMBERS } from './repository.ts';

/**
 * Catalog's part: courses the user teaches stay (students enrolled in them; the instructor shows as
 * "Deleted user"), listed in the export; the projections of the user's membership and media go.
 */
export const catalogUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'catalog',
    ...userDataOfCollections(platform.db, [
      { collection: COURSES, field: 'instructorId', omit: ['sections', 'description'], erase: 'keep' },
      { collection: MEMBERS, field: 'userId', erase: 'delete' },
      { collection: MEDIA, field: 'ownerId', erase: 'keep' },
    ]),
  });
