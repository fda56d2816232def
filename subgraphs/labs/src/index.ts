import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { createPhotoProjector } from './projections.ts';
import { LabsRepository, labsIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { LabsService, type ClaimRepair } from './service.ts';
import { labsUserData } from './user-data.ts';

export { LabsRepository, BOOKINGS, LABS, SLOT_CLAIMS, claimIdOf } from './repository.ts';
export { LabsService, type ClaimRepair } from './service.ts';
export { DEFAULT_OPEN_HOURS, LIMITS as LAB_LIMITS } from './inputs.ts';
export type { CreateLabInput, LabFilter, UpdateLabInput } from './generated/resolvers-types.ts';
export type { LabBookingCancelledData, LabBookingConfirmedData, LabCreatedData, LabUpdatedData } from './events.ts';
export type { BookingStatus, LabBookingModel, LabModel, LabSlotModel, SlotClaimDocument } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface LabsSubgraph extends DomainSubgraph<Context, LabsService, LabsRepository> {
  /** What the start-up repair of slot claims did. */
  repaired: ClaimRepair;
}

export interface LabsOptions {
  /** The clock (tests move it); the real one by default. */
  now?: () => Date;
  /** How often the photo projection looks at the log without a wake-up (the safety net); 1 s by default. */
  pollMs?: number;
}

/**
 * Creates the labs subgraph on a platform: indexes made, events a crash left pending flushed, and
 * slot claims a crash left half done repaired (see LabsService.repairClaims), and the projection of
 * media's lab photos started from its checkpoint.
 */
export async function createLabsSubgraph(platform: Platform, options: LabsOptions = {}): Promise<LabsSubgraph> {
  const { db, eventLog, logger } = platform;
  await ensureIndexes(db, labsIndexes);
  const repository = new LabsRepository(db);
  await flushAllOutboxes(repository.labs, eventLog);
  await flushAllOutboxes(repository.bookings, eventLog);
  const photos = createPhotoProjector(platform, repository, options.pollMs ? { pollMs: options.pollMs } : {});
  const service = new LabsService(repository, eventLog, options.now, () => photos.catchUp());
  const repaired = await service.repairClaims();
  if (repaired.completed + repaired.released > 0) logger.info({ subgraph: 'labs', ...repaired }, 'slot claims repaired');
  photos.start();
  const userData = labsUserData(platform);
  userData.start();
  return {
    name: 'labs',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    repaired,
    createContext: (base) => ({ ...base, labs: service, loaders: service.loaders() }),
    stop: async () => {
      await userData.stop();
      await photos.stop();
    },
  };
}
