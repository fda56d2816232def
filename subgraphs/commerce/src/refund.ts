import { flushOutbox, type AuditMeta } from '@lg/platform';
import { orderRefunded } from './events.ts';
import { finishEach, type Resumed } from './interrupted.ts';
import type { OrderModel } from './models.ts';
import { OrderWorkflow, type OrderWorkflowParts } from './order-workflow.ts';
import { publicOrder } from './public-order.ts';

/** How long after its payment the buyer may ask for a refund (an ADMIN may at any time). */
export const REFUND_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * The refund of one PAID order as a sequence of idempotent steps recorded in the order document, so
 * that it can be run again from any point (a retry, another process, the start-up after a crash)
 * and no step takes effect twice:
 *
 *   claimed (order.refund, one claim per order)  →  refunded (the provider, idempotent by the order id)
 *   →  refund recorded (refund.refundId)  →  REFUNDED + OrderRefunded in the outbox, one write
 *   →  outbox flushed to the log  →  ownership released (refund.ownershipReleased)
 *
 * The courses stop being owned only once OrderRefunded is in the log, so that buying one again
 * logs its OrderPaid after it: learning, reading both in log order, cancels the old enrolment
 * before granting the new one. Within one process, concurrent runs of one order share a single run.
 */
export class RefundWorkflow extends OrderWorkflow {
  constructor(
    parts: OrderWorkflowParts,
    private readonly now: () => Date,
  ) {
    super(parts);
  }

  /** Claims the refund of a PAID order; null when the order is no longer PAID or another claim won. */
  async claim(order: OrderModel, by: string, reason: string | null, audit?: AuditMeta): Promise<OrderModel | null> {
    const claimed = await this.repository.claimRefund(order._id, { by, reason, requestedAt: this.now(), ...(audit ? { audit } : {}) });
    if (claimed) await this.fault('refundClaimed', order._id);
    return claimed;
  }

  /** Runs a claimed refund to its end (nothing to do when it has ended). */
  finish(orderId: string): Promise<OrderModel> {
    return this.runs.run(orderId, async () => this.advance(await this.repository.rereadOrder(orderId)));
  }

  private async advance(start: OrderModel): Promise<OrderModel> {
    let order = start;
    if (order.status === 'PAID' && order.refund) {
      await this.fault('refundRead', order._id);
      if (!order.refund.refundId) order = await this.refundCharge(order);
      if (order.status === 'PAID') {
        const refundedAt = this.now();
        const event = orderRefunded({
          orderId: order._id, userId: order.userId, totalCents: order.totalCents, currency: order.currency,
          courseIds: order.items.map((i) => i.courseId), refundedBy: order.refund!.by, refundedAt,
          ...(order.refund!.audit ? { audit: order.refund!.audit } : {}),
        });
        order = (await this.repository.markRefunded(order._id, refundedAt, event)) ?? (await this.repository.rereadOrder(order._id));
        await this.fault('refundEventRecorded', order._id);
      }
    }
    if (order.outbox?.length) await flushOutbox(this.repository.orders, order._id, this.events);
    if (order.status === 'REFUNDED' && order.refund && !order.refund.ownershipReleased) {
      for (const item of order.items) await this.repository.revokeOwnership(order.userId, item.courseId, order._id);
      order = (await this.repository.markOwnershipReleased(order._id)) ?? (await this.repository.rereadOrder(order._id));
      await this.fault('ownershipReleased', order._id);
    }
    return publicOrder(order);
  }

  private async refundCharge(order: OrderModel): Promise<OrderModel> {
    if (order.provider !== this.provider.name)
      throw new Error(`Order ${order._id} was charged by the "${order.provider}" payment provider, not by "${this.provider.name}".`);
    if (!order.steps.charged) throw new Error(`Order ${order._id} is PAID without a recorded charge.`);
    const refund = await this.provider.refund({
      idempotencyKey: order._id, chargeId: order.steps.charged, amountCents: order.totalCents, currency: order.currency,
    });
    await this.fault('refunded', order._id);
    const recorded = await this.repository.recordRefund(order._id, refund.id, this.now());
    await this.fault('refundRecorded', order._id);
    // Null: another run recorded it first; it is the same refund (idempotent by order id).
    return recorded ?? this.repository.rereadOrder(order._id);
  }

  /** At start-up: refunds a crash left unfinished are finished; one that cannot be yet stays claimed (see finishEach). */
  async finishInterrupted(): Promise<Resumed> {
    const ids = await this.repository.unfinishedRefundIds();
    return finishEach(ids.map((id) => ({ orderId: id, run: () => this.finish(id) })), this.logger, 'an interrupted refund could not be finished yet');
  }
}
