import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { CONVERSATIONS, USAGE } from './repository.ts';

/** The assistant's part: conversations with the tutor and usage counters, all the user's own; they go. */
export const assistantUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'assistant',
    ...userDataOfCollections(platform.db, [
      { collection: CONVERSATIONS, field: 'userId', omit: ['pending'], erase: 'delete' },
      { collection: USAGE, field: 'userId', erase: 'delete' },
    ]),
  });
