import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { ENROLLMENTS, WISHLIST } from './repository.ts';

/**
 * Learning's part of data exports and erasures: enrolments (with lesson progress and playback
 * positions) and the wishlist are the user's alone, and go. Course enrolment counts keep them:
 * a count names nobody.
 */
export const learningUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'learning',
    ...userDataOfCollections(platform.db, [
      { collection: ENROLLMENTS, field: 'userId', erase: 'delete' },
      { collection: WISHLIST, field: 'userId', erase: 'delete' },
    ]),
  });
