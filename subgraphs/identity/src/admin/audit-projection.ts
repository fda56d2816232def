import { EventConsumer, type LoggedEvent, type Platform } from '@lg/platform';
import type { AuditEntryModel } from '../models.ts';
import type { AdminRepository } from './repository.ts';

interface Audited { actorId: string | null; requestId: string | null; address: string | null }

const isAudit = (value: unknown): value is Audited =>
  typeof value === 'object' && value !== null && 'actorId' in value && 'requestId' in value && 'address' in value;

/**
 * The audit log's entry of an event, or null when the event is not audited. Any event type whose
 * data carries `audit` (@lg/events `audit`) is one: a new audited event needs no change here.
 * The target is the user the event is about, else what it is about (an order, an email tried).
 */
export function auditEntryOf(event: LoggedEvent): AuditEntryModel | null {
  const { audit, ...details } = event.data as Record<string, unknown>;
  if (!isAudit(audit)) return null;
  const subject = typeof details.userId === 'string' ? details.userId : undefined;
  return {
    _id: event._id,
    seq: event.seq,
    action: event.type,
    actorId: audit.actorId,
    targetId: subject ?? event.userId ?? event.aggregateId,
    at: event.at,
    requestId: audit.requestId,
    address: audit.address,
    details,
  };
}

/**
 * Follows the whole log (it cannot know the audited types in advance) and appends an entry per
 * audited event. Append-only and idempotent: an entry's id is its event's, so a replay adds nothing.
 */
export function auditProjection(platform: Pick<Platform, 'db' | 'eventLog' | 'logger'>, repository: AdminRepository, options: { pollMs?: number } = {}): EventConsumer {
  return new EventConsumer({
    name: 'identity.audit-log',
    db: platform.db,
    log: platform.eventLog,
    logger: platform.logger.child({ part: 'audit-log' }),
    batchSize: 500,
    handle: async (event) => {
      const entry = auditEntryOf(event);
      if (entry) await repository.appendAudit(entry);
    },
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
}
