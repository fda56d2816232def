import { createHash } from 'node:crypto';
import { flushOutbox, retryOnConflict } from '@lg/platform';
import { orderPaid } from './events.ts';
import { finishEach, type Interrupted, type Resumed } from './interrupted.ts';
import type { CartDocument, CheckoutClaim, OrderModel } from './models.ts';
import type { CartWrites } from './cart-writes.ts';
import { OrderWorkflow, type OrderWorkflowParts } from './order-workflow.ts';
import { publicOrder } from './public-order.ts';

/**
 * The order id of a user's idempotency key: a UUID (version 8, from SHA-256) derived from both, so
 * that every call with the key finds the order by `_id` (the one query the embedded database
 * answers without a scan) and racing calls meet on the same `_id`.
 */
export function orderIdFor(userId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`commerce-order\u0000${userId}\u0000${idempotencyKey}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function orderFromClaim(userId: string, claim: CheckoutClaim, provider: string): OrderModel {
  return {
    _id: claim.orderId, userId, idempotencyKey: claim.idempotencyKey, items: claim.items, totalCents: claim.totalCents,
    currency: claim.currency, status: 'PENDING', provider, paymentToken: claim.paymentToken, steps: {},
    releasedItemIds: claim.releasedItemIds, createdAt: claim.createdAt, paidAt: null, failedAt: null, failureReason: null,
    updatedAt: claim.createdAt, outbox: [],
  };
}

/**
 * The checkout of one order as a sequence of idempotent steps, each recorded in the order document
 * by a guarded single-document write, so that it can be run again from any point (a retry with the
 * same key, another process, the start-up after a crash) and no step takes effect twice:
 *
 *   cart claimed (the cart records the checkout: at most one per cart)  →  order created (PENDING)
 *   →  charged (the provider, idempotent by the order id)  →  charge recorded (steps.charged | steps.declined)
 *   paid:     courses recorded as owned, bought items out of the cart, cart released (steps.cartCleared)
 *             →  PAID + OrderPaid in the outbox, one write (steps.eventRecorded)  →  outbox flushed to the log
 *   declined: cart released, items kept (steps.cartReleased)  →  FAILED
 *
 * Within one process, concurrent runs of one order share a single run.
 */
export class CheckoutWorkflow extends OrderWorkflow {
  constructor(parts: OrderWorkflowParts, private readonly carts: CartWrites) {
    super(parts);
  }

  /** Creates the order of a claim if it is not there yet, then runs it to its end. */
  finish(userId: string, claim: CheckoutClaim): Promise<OrderModel> {
    return this.runs.run(claim.orderId, async () => {
      let order = await this.repository.findOrder(claim.orderId);
      if (!order) {
        const made = orderFromClaim(userId, claim, this.provider.name);
        if (await this.repository.insertOrder(made)) {
          order = made;
          await this.fault('orderCreated', made._id);
        } else {
          order = await this.repository.findOrder(claim.orderId);
          if (!order) throw new Error(`Order ${claim.orderId} blocked its own insert and is gone.`);
        }
      }
      return this.advance(order);
    });
  }

  /** Runs an existing order to its end (nothing to do when it is PAID or FAILED already). */
  resume(order: OrderModel): Promise<OrderModel> {
    if (order.status !== 'PENDING' && !order.outbox?.length) return Promise.resolve(publicOrder(order));
    return this.runs.run(order._id, async () => {
      const fresh = await this.repository.findOrder(order._id);
      if (!fresh) throw new Error(`Order ${order._id} is gone.`);
      return this.advance(fresh);
    });
  }


  private async advance(start: OrderModel): Promise<OrderModel> {
    let order = start;
    if (order.status === 'PENDING') {
      await this.fault('orderRead', order._id);
      if (order.provider !== this.provider.name)
        throw new Error(`Order ${order._id} is charged by the "${order.provider}" payment provider, not by "${this.provider.name}".`);
      if (!order.steps.charged && !order.steps.declined) order = await this.charge(order);
      if (order.status === 'PENDING' && order.steps.charged) order = await this.completePaid(order);
      else if (order.status === 'PENDING' && order.steps.declined) order = await this.completeDeclined(order);
    }
    if (order.outbox?.length) await flushOutbox(this.repository.orders, order._id, this.events);
    // A claim found on the cart for an order that has ended is a stray: a call with the same key
    // that read no order, then claimed the cart after the first call had finished and released it.
    if (order.status !== 'PENDING') await this.releaseCart(order, false);
    return publicOrder(order);
  }

  private async charge(order: OrderModel): Promise<OrderModel> {
    const charge = await this.provider.charge({
      idempotencyKey: order._id, amountCents: order.totalCents, currency: order.currency, paymentToken: order.paymentToken ?? '',
    });
    await this.fault('charged', order._id);
    const now = new Date();
    const recorded = charge.status === 'SUCCEEDED'
      ? await this.repository.recordCharge(order._id, charge.id, now)
      : await this.repository.recordDecline(order._id, charge.id, charge.declineReason ?? 'The payment was declined.', now);
    await this.fault('chargeRecorded', order._id);
    // Null: another run recorded the answer first; it is the same charge (idempotent by order id).
    return recorded ?? this.repository.rereadOrder(order._id);
  }

  private async completePaid(start: OrderModel): Promise<OrderModel> {
    let order = start;
    if (!order.steps.cartCleared) {
      // Owned at once, so the courses cannot be put in the cart again while learning grants them.
      for (const item of order.items)
        await this.repository.recordOwnership({ userId: order.userId, courseId: item.courseId, enrollmentId: null, orderId: order._id, since: order.steps.chargedAt ?? new Date() });
      await this.releaseCart(order, true);
      order = (await this.repository.markStep(order._id, 'cartCleared')) ?? (await this.repository.rereadOrder(order._id));
      await this.fault('cartCleared', order._id);
    }
    if (order.status === 'PENDING' && !order.steps.eventRecorded) {
      const event = orderPaid({
        orderId: order._id, userId: order.userId, totalCents: order.totalCents, currency: order.currency, courseIds: order.items.map((i) => i.courseId),
      });
      order = (await this.repository.markPaid(order._id, order.steps.chargedAt ?? new Date(), event)) ?? (await this.repository.rereadOrder(order._id));
      await this.fault('eventRecorded', order._id);
    }
    return order;
  }

  private async completeDeclined(start: OrderModel): Promise<OrderModel> {
    let order = start;
    if (!order.steps.cartReleased) {
      await this.releaseCart(order, false);
      order = (await this.repository.markStep(order._id, 'cartReleased')) ?? (await this.repository.rereadOrder(order._id));
      await this.fault('cartReleased', order._id);
    }
    if (order.status === 'PENDING') order = (await this.repository.markFailed(order._id, new Date())) ?? (await this.repository.rereadOrder(order._id));
    return order;
  }

  /**
   * Takes the order's claim off its cart and, for a paid order, the items it took (only those: an
   * item added meanwhile stays). Guarded on the cart's version; running it again changes nothing.
   */
  private async releaseCart(order: OrderModel, removeItems: boolean): Promise<void> {
    const released = new Set(removeItems ? order.releasedItemIds : []);
    await retryOnConflict(async () => {
      const cart: CartDocument | null = await this.repository.findCart(order.userId);
      if (!cart) return true;
      const items = cart.items.filter((i) => !released.has(i._id));
      const ours = cart.checkout?.orderId === order._id;
      if (items.length === cart.items.length && !ours) return true;
      return (await this.carts.update(cart, { items, checkout: ours ? null : cart.checkout })) || null;
    }, 'The cart changed too often while the order was being completed; it will be finished on the next attempt.');
  }

  /**
   * At start-up: checkouts a crash left between claiming a cart and creating its order, and orders
   * left PENDING, are finished (see finishEach).
   */
  finishInterrupted(): Promise<Resumed> {
    return finishEach(this.interrupted(), this.logger, 'an interrupted checkout could not be finished yet');
  }

  private async *interrupted(): AsyncGenerator<Interrupted> {
    for (const cart of await this.repository.claimedCarts()) {
      const claim = cart.checkout;
      if (claim) yield { orderId: claim.orderId, run: () => this.finish(cart._id, claim) };
    }
    for (const id of await this.repository.pendingOrderIds()) {
      const order = await this.repository.findOrder(id);
      if (order?.status === 'PENDING') yield { orderId: id, run: () => this.resume(order) };
    }
  }
}
