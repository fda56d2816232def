import type { AuditMeta, WithOutbox } from '@lg/platform';
import type { DataExportStatus } from '../generated/resolvers-types.ts';

export type { DataExportStatus };

/** One request for everything the platform holds about a user; its parts are stored by each subgraph. */
export interface DataExportDocument extends WithOutbox {
  _id: string;
  userId: string;
  status: DataExportStatus;
  requestedAt: Date;
  completedAt: Date | null;
  /** The subgraphs it waits for (DATA_EXPORT_PARTS when requested). */
  expectedParts: string[];
  /** Those whose part is in. */
  parts: string[];
  /** Once ready: when it and its parts are deleted. */
  expiresAt: Date | null;
}

/**
 * SCHEDULED → (cancelled: CANCELLED, may be scheduled again) → at `deleteAt` claimed by one sweeper:
 * DELETING (UserDeleted in the outbox) → DONE once identity's own records are erased and the event logged.
 */
export type DeletionState = 'SCHEDULED' | 'CANCELLED' | 'DELETING' | 'DONE';

/** `_id`: the user's id, so that a user has one deletion at most. */
export interface AccountDeletionDocument extends WithOutbox {
  _id: string;
  state: DeletionState;
  requestedAt: Date;
  deleteAt: Date;
  /** Who asked and from where: the UserDeleted event carries it. */
  audit: AuditMeta;
  updatedAt: Date;
}
