import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { newEvent, type LoggedEvent } from '../events/event.ts';
import type { EventLog } from '../events/log.ts';
import { Projector } from '../events/projector.ts';
import { ExportParts } from './parts.ts';

/**
 * The event types of data export and account deletion, named once here (the platform cannot
 * import @lg/events, which defines their payloads with these names).
 */
export const USER_DATA_EVENTS = {
  exportRequested: 'DataExportRequested',
  partReady: 'DataExportPartReady',
  deleted: 'UserDeleted',
} as const;

/** What a subgraph says about one user's data. */
export interface UserDataHandlers {
  /**
   * Everything this subgraph holds about the user, as plain JSON, and nobody else's personal data
   * (another person's name or message beside the user's is left out or reduced to an id).
   */
  export(userId: string): Promise<Record<string, unknown>>;
  /** Erases or anonymises the user's data; runs at least once, so it must be idempotent. */
  erase(userId: string): Promise<void>;
}

export interface UserDataParticipantOptions extends UserDataHandlers {
  /** The subgraph's name: the part's name in an export, and the consumer's checkpoint. */
  subgraph: string;
}

/**
 * One subgraph's part in data exports and account deletions: a checkpointed consumer of
 * DataExportRequested (stores the subgraph's part, then announces it with DataExportPartReady) and
 * UserDeleted (erases). Every subgraph registers one; the plumbing is written here once.
 */
export function userDataParticipant(platform: { db: Db; eventLog: EventLog; logger: Logger }, options: UserDataParticipantOptions): Projector {
  const parts = new ExportParts(platform.db);
  const { subgraph } = options;
  const logger = platform.logger.child({ part: `${subgraph}-user-data` });
  return new Projector({
    name: `${subgraph}.user-data`,
    db: platform.db,
    log: platform.eventLog,
    logger,
    events: [],
    types: [USER_DATA_EVENTS.exportRequested, USER_DATA_EVENTS.deleted],
    handle: async (event: LoggedEvent) => {
      const data = event.data as { exportId?: string; userId: string };
      if (event.type === USER_DATA_EVENTS.deleted) {
        await options.erase(data.userId);
        logger.info({ userId: data.userId }, 'user data erased');
        return;
      }
      const exportId = data.exportId!;
      // A replay (a rebuild, a crash before the checkpoint) neither exports twice nor re-reads
      // a user erased since: the part stays what it was.
      if (!(await parts.has(exportId, subgraph))) {
        await parts.put(exportId, subgraph, data.userId, await options.export(data.userId));
      }
      await platform.eventLog.append([
        newEvent(USER_DATA_EVENTS.partReady, exportId, { exportId, userId: data.userId, subgraph }, { userId: data.userId }),
      ]);
    },
  });
}
