import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { BOOKINGS, LABS, PHOTOS, SLOT_CLAIMS } from './repository.ts';

/**
 * Labs' part: the user's bookings go and their slots are freed; labs they host stay (others have
 * booked them), listed in the export. A booking's export leaves out its host.
 */
export const labsUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'labs',
    ...userDataOfCollections(platform.db, [
      { collection: SLOT_CLAIMS, field: 'userId', omit: ['hostId'], erase: 'delete' },
      { collection: BOOKINGS, field: 'userId', omit: ['hostId', 'cancelledBy'], erase: 'delete' },
      { collection: LABS, field: 'hostId', erase: 'keep' },
      { collection: PHOTOS, field: 'ownerId', erase: 'delete' },
    ]),
  });
