import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { audit, cents, currency, id } from './fields.ts';

const producer = 'commerce';
/** aggregateId: the order; userId: the buyer (no courseId: an order has several courses). */
const order = (d: { orderId: string; userId: string }) => ({ aggregateId: d.orderId, userId: d.userId });
const paid = { orderId: id, userId: id, totalCents: cents, currency, courseIds: z.array(id) };

/** learning grants each course of `courseIds` (source ORDER); engagement notifies the buyer. */
export const OrderPaid = defineEvent({ type: 'OrderPaid', producer, refs: order, schema: z.object(paid) });

/**
 * learning cancels the enrolments the order granted; engagement notifies the buyer. `refundedBy`: the buyer or the ADMIN who asked.
 * Audited (`audit`: who asked, from where; absent on refunds asked before the audit log existed).
 */
export const OrderRefunded = defineEvent({
  type: 'OrderRefunded', producer, refs: order,
  schema: z.object({ ...paid, refundedBy: id, refundedAt: z.date(), audit: audit.optional() }),
});

/**
 * A user's cart was written: an item added or removed, or a checkout claiming or releasing it.
 * `courseIds`: the courses in the cart now (at most 20). aggregateId and userId: the user, whose cart it is.
 */
export const CartChanged = defineEvent({
  type: 'CartChanged', producer,
  refs: (d) => ({ aggregateId: d.userId, userId: d.userId }),
  schema: z.object({ userId: id, courseIds: z.array(id) }),
});

export type OrderPaidData = PayloadOf<typeof OrderPaid>;
export type OrderRefundedData = PayloadOf<typeof OrderRefunded>;
export type CartChangedData = PayloadOf<typeof CartChanged>;

export const commerceEvents = [OrderPaid, OrderRefunded, CartChanged];
