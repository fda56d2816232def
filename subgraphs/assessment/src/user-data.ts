import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { ENROLLMENTS, EXERCISES, GRADES, PEOPLE, SUBMISSIONS } from './repository.ts';

/**
 * Assessment's part: the user's submissions (with appeals) and grades go; exercises they wrote as
 * an instructor stay with the course (listed in the export as their own work).
 */
export const assessmentUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'assessment',
    ...userDataOfCollections(platform.db, [
      { collection: SUBMISSIONS, field: 'userId', erase: 'delete' },
      { collection: GRADES, field: 'userId', erase: 'delete' },
      { collection: ENROLLMENTS, field: 'userId', erase: 'delete' },
      { collection: PEOPLE, field: '_id', erase: 'delete' },
      { collection: EXERCISES, field: 'createdBy', omit: ['questions'], erase: 'keep' },
    ]),
  });
