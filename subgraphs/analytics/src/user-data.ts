import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { QUESTIONS, USER_DAYS, USERS } from './repository.ts';

/**
 * Analytics' part: the user's dashboard and daily activity go; course and platform totals keep
 * what the user added to them (a count names nobody). Questions analytics tracks for response
 * times keep their author's id, which then names nobody.
 */
export const analyticsUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'analytics',
    ...userDataOfCollections(platform.db, [
      { collection: USERS, field: '_id', erase: 'delete' },
      { collection: USER_DAYS, field: 'userId', erase: 'delete' },
      { collection: QUESTIONS, field: 'authorId', erase: 'keep' },
    ]),
  });
