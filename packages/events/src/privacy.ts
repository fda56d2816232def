import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { audit, id } from './fields.ts';

// Data export and account deletion (GDPR/FERPA). Identity produces the requests and the deletion;
// every subgraph that holds personal data answers an export with its part (see @lg/platform's
// userDataParticipant) and erases on UserDeleted.

const producer = 'identity';
const user = (d: { userId: string }) => ({ aggregateId: d.userId, userId: d.userId });

/** The user asked for everything the platform holds about them. aggregateId: the export. */
export const DataExportRequested = defineEvent({
  type: 'DataExportRequested', producer,
  refs: (d: { exportId: string; userId: string }) => ({ aggregateId: d.exportId, userId: d.userId }),
  schema: z.object({ exportId: id, userId: id, audit }),
});

/**
 * One subgraph stored its part of an export (in the platform's export-part collection, under
 * `<exportId>:<subgraph>`). Produced by every participating subgraph. aggregateId: the export.
 */
export const DataExportPartReady = defineEvent({
  type: 'DataExportPartReady', producer: 'every subgraph',
  refs: (d: { exportId: string; userId: string }) => ({ aggregateId: d.exportId, userId: d.userId }),
  schema: z.object({ exportId: id, userId: id, subgraph: z.string().min(1).max(40) }),
});

/** The account will be deleted at `deleteAt` unless the user cancels before. */
export const AccountDeletionScheduled = defineEvent({
  type: 'AccountDeletionScheduled', producer, refs: user,
  schema: z.object({ userId: id, deleteAt: z.string().datetime(), audit }),
});

export const AccountDeletionCancelled = defineEvent({
  type: 'AccountDeletionCancelled', producer, refs: user,
  schema: z.object({ userId: id, audit }),
});

/**
 * The grace period ended: every subgraph erases or anonymises what it holds about the user. The
 * audit's actor is the user who asked (the deletion itself runs unattended).
 */
export const UserDeleted = defineEvent({
  type: 'UserDeleted', producer, refs: user,
  schema: z.object({ userId: id, audit }),
});

export type DataExportRequestedData = PayloadOf<typeof DataExportRequested>;
export type DataExportPartReadyData = PayloadOf<typeof DataExportPartReady>;
export type AccountDeletionScheduledData = PayloadOf<typeof AccountDeletionScheduled>;
export type AccountDeletionCancelledData = PayloadOf<typeof AccountDeletionCancelled>;
export type UserDeletedData = PayloadOf<typeof UserDeleted>;

export const privacyEvents = [DataExportRequested, DataExportPartReady, AccountDeletionScheduled, AccountDeletionCancelled, UserDeleted];
