import { GraphQLError } from 'graphql';
import { EventConsumer, isId, type EventLog, type LoggedEvent, type Logger } from '@lg/platform';
import type { Db } from 'mongodb';
import type { LearningService } from './service.ts';

/** commerce's event for a paid order (subgraphs/commerce/src/events.ts); event.userId is the buyer. */
export const ORDER_PAID = 'OrderPaid';
/** commerce's event for a refunded order: the same buyer and order id, the enrolments it granted are taken back. */
export const ORDER_REFUNDED = 'OrderRefunded';

/** Stable: the consumer's checkpoint is stored under it. */
export const ORDER_CONSUMER = 'learning.commerce-orders';

/** What learning reads of OrderPaid's (and OrderRefunded's) data; anything else it carries is ignored. */
export type OrderPaidData = { orderId?: unknown; userId?: unknown; courseIds?: unknown };

/** An order's grants that can never succeed: retrying them would only hold every later order up. */
const PERMANENT = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

/** The buyer, the order and its courses, or null when the event cannot be a paid (or refunded) order. */
export function grantsOf(event: LoggedEvent): { userId: string; orderId: string; courseIds: string[] } | null {
  const data = event.data as OrderPaidData;
  const userId = typeof event.userId === 'string' ? event.userId : typeof data.userId === 'string' ? data.userId : '';
  const orderId = typeof data.orderId === 'string' ? data.orderId : event.aggregateId;
  const courseIds = Array.isArray(data.courseIds) ? data.courseIds.filter((c): c is string => typeof c === 'string') : [];
  if (!isId(userId) || !isId(orderId)) return null;
  return { userId, orderId, courseIds: [...new Set(courseIds)] };
}

/**
 * Grants the courses of every paid order: for each course of an `OrderPaid` event, learning's one
 * granting use case, `grantEnrollment(userId, courseId, 'ORDER', orderId)`. Delivery is at least
 * once and a grant is idempotent (the unique enrolment per user and course), so a replay, a
 * restart between two courses of one order or two instances of this consumer still leave one
 * enrolment per course and one EnrollmentCreated. The checkpoint advances only past handled events.
 *
 * An `OrderRefunded` cancels what its order granted (`cancelOrderEnrollments`), also idempotently.
 * One consumer reads both, in log order: a course bought again after a refund is logged after the
 * refund (commerce releases it only then), so it is cancelled first and granted again after.
 *
 * A grant that fails for a passing reason (the database) is retried from the checkpoint; one that
 * can never succeed (a malformed id, a course the log has never known) is logged as an error and
 * passed, so that it does not hold up every later order.
 */
export class OrderGrants {
  readonly consumer: EventConsumer;
  private readonly logger: Logger;

  constructor(db: Db, log: EventLog, logger: Logger, private readonly service: Pick<LearningService, 'grantEnrollment' | 'cancelOrderEnrollments'>) {
    this.logger = logger;
    this.consumer = new EventConsumer({
      name: ORDER_CONSUMER,
      db,
      log,
      logger,
      types: [ORDER_PAID, ORDER_REFUNDED],
      handle: (event) => this.handle(event),
    });
  }

  start(): void {
    this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Handles whatever the log holds now (tests, and callers that must see the grants made). */
  catchUp(): Promise<void> {
    return this.consumer.catchUp();
  }

  private async handle(event: LoggedEvent): Promise<void> {
    const order = grantsOf(event);
    if (!order) {
      this.logger.error({ eventId: event._id, seq: event.seq, type: event.type }, `${event.type} without a valid user or order id; passed`);
      return;
    }
    if (event.type === ORDER_REFUNDED) {
      await this.service.cancelOrderEnrollments(order.userId, order.orderId);
      return;
    }
    for (const courseId of order.courseIds) {
      try {
        await this.service.grantEnrollment(order.userId, courseId, 'ORDER', order.orderId);
      } catch (error) {
        const code = error instanceof GraphQLError ? String(error.extensions.code ?? '') : '';
        if (!PERMANENT.has(code)) throw error;
        this.logger.error({ eventId: event._id, orderId: order.orderId, courseId, code, err: error }, 'a paid course could not be granted; passed');
      }
    }
  }
}
