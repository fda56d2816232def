import { Projector, userDataParticipant, type Platform } from '@lg/platform';
import { DataExportPartReady } from '@lg/events';
import type { PrivacyService } from './service.ts';

/** Identity's own part of exports and erasures, like every other subgraph's. */
export const identityUserData = (platform: Platform, privacy: PrivacyService): Projector =>
  userDataParticipant(platform, {
    subgraph: 'identity',
    export: (userId) => privacy.exportRecords(userId),
    erase: (userId) => privacy.eraseAccount(userId),
  });

/** Follows the parts as subgraphs announce them; an export turns READY with its last. */
export const exportAssembler = (platform: Platform, privacy: PrivacyService): Projector =>
  new Projector({
    name: 'identity.data-export-parts',
    db: platform.db,
    log: platform.eventLog,
    logger: platform.logger.child({ part: 'identity-data-exports' }),
    events: [DataExportPartReady],
    handle: async (event) => {
      if (DataExportPartReady.is(event)) await privacy.partReady(event.data.exportId, event.data.subgraph);
    },
  });
