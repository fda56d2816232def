import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { byIds, pageOf, MongoRepository, insertIfAbsent, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent, type LoggedEvent, applyToProjection } from '@lg/platform';
import type { CartDocument, CartLine, CheckoutClaim, CourseProjection, OrderModel, OwnershipProjection, RefundState } from './models.ts';

export const CARTS = 'commerce_carts';
export const ORDERS = 'commerce_orders';
export const COURSES = 'commerce_courses';
export const OWNERSHIPS = 'commerce_ownerships';

export const commerceIndexes: CollectionIndexes[] = [
  {
    collection: ORDERS,
    indexes: [
      // One order per idempotency key of a user, also when checkouts race (the derived _id says it too).
      { key: { userId: 1, idempotencyKey: 1 }, name: 'user_key_unique', unique: true },
      { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'user_newest' },
      // Start-up finds the orders a crash left PENDING.
      { key: { status: 1 }, name: 'status' },
      // Start-up finds the refunds a crash left unfinished.
      { key: { 'refund.requestedAt': 1 }, name: 'refund_requested' },
    ],
  },
  // Start-up finds the checkouts a crash left between claiming the cart and creating the order.
  { collection: CARTS, indexes: [{ key: { 'checkout.orderId': 1 }, name: 'checkout_order' }] },
];

export const ownershipId = (userId: string, courseId: string) => `${userId}:${courseId}`;

export interface CommerceLoaders {
  order: DataLoader<string, OrderModel | null>;
}

/** A projection write that lost to another writer this many times in a row is reported. */

/** All MongoDB access of the commerce subgraph. */
export class CommerceRepository extends MongoRepository {
  readonly carts = this.db.collection<CartDocument>(CARTS);
  readonly orders = this.db.collection<OrderModel>(ORDERS);
  readonly courses = this.db.collection<CourseProjection>(COURSES);
  readonly ownerships = this.db.collection<OwnershipProjection>(OWNERSHIPS);

  /** Per request: every order asked for in one tick costs one command together. */
  loaders(): CommerceLoaders {
    return {
      order: new DataLoader(async (ids) => {
        const byId = new Map((await this.orders.find(byIds(ids)).toArray()).map((o) => [o._id, o]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
  }

  // ---------------------------------------------------------------- carts

  findCart(userId: string): Promise<CartDocument | null> {
    return this.carts.findOne({ _id: userId });
  }

  /** A user's first cart; false when another request made it first. */
  insertCart(cart: CartDocument): Promise<boolean> {
    return insertIfAbsent(this.carts, cart);
  }

  /** Writes a cart's items and checkout with its event, only if nobody wrote it since `version` was read. */
  async updateCart(userId: string, version: number, set: { items?: CartLine[]; checkout?: CheckoutClaim | null }, event: DomainEvent): Promise<boolean> {
    const { matchedCount } = await this.carts.updateOne(
      { _id: userId, version },
      { $set: { ...set, version: version + 1, updatedAt: new Date() }, $push: pushToOutbox(event) },
    );
    return matchedCount === 1;
  }

  /** Carts holding a checkout claim (start-up: claims a crash left before their order was made). */
  claimedCarts(): Promise<CartDocument[]> {
    return this.carts.find({ 'checkout.orderId': { $exists: true } }).toArray();
  }

  // ---------------------------------------------------------------- orders

  findOrder(id: string): Promise<OrderModel | null> {
    return this.orders.findOne({ _id: id });
  }

  /** An order a workflow is running: read again after another run wrote it first. Orders are never deleted. */
  async rereadOrder(id: string): Promise<OrderModel> {
    const order = await this.findOrder(id);
    if (!order) throw new Error(`Order ${id} is gone.`);
    return order;
  }

  /** False when the order exists already (its derived id, or the user's idempotency key). */
  insertOrder(order: OrderModel): Promise<boolean> {
    return insertIfAbsent(this.orders, order);
  }

  pendingOrderIds(): Promise<string[]> {
    return this.orders.find({ status: 'PENDING' }, { projection: { _id: 1 } }).toArray().then((rows) => rows.map((r) => r._id));
  }

  /** Records a successful charge, once: only a PENDING order without a recorded answer takes it. */
  recordCharge(id: string, chargeId: string, at: Date): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PENDING', 'steps.charged': { $exists: false }, 'steps.declined': { $exists: false } },
      { $set: { 'steps.charged': chargeId, 'steps.chargedAt': at, updatedAt: at } },
      { returnDocument: 'after' },
    );
  }

  /** Records a declined charge, once. */
  recordDecline(id: string, chargeId: string, reason: string, at: Date): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PENDING', 'steps.charged': { $exists: false }, 'steps.declined': { $exists: false } },
      { $set: { 'steps.declined': chargeId, failureReason: reason, updatedAt: at } },
      { returnDocument: 'after' },
    );
  }

  markStep(id: string, step: 'cartCleared' | 'cartReleased'): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate({ _id: id }, { $set: { [`steps.${step}`]: true, updatedAt: new Date() } }, { returnDocument: 'after' });
  }

  /** PENDING to PAID with its OrderPaid in the outbox, in one write that only one caller wins. */
  markPaid(id: string, paidAt: Date, event: DomainEvent): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PENDING', 'steps.cartCleared': true, 'steps.eventRecorded': { $exists: false } },
      { $set: { status: 'PAID', paidAt, 'steps.eventRecorded': true, updatedAt: new Date() }, $unset: { paymentToken: '' }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** PENDING to FAILED after a declined charge whose cart was released. */
  markFailed(id: string, failedAt: Date): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PENDING', 'steps.cartReleased': true },
      { $set: { status: 'FAILED', failedAt, updatedAt: failedAt }, $unset: { paymentToken: '' } },
      { returnDocument: 'after' },
    );
  }

  /** Records the refund of a PAID order, once: null when the order is not PAID or has a refund already. */
  claimRefund(id: string, refund: RefundState): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PAID', refund: { $exists: false } },
      { $set: { refund, updatedAt: refund.requestedAt } },
      { returnDocument: 'after' },
    );
  }

  /** Records the provider's refund, once. */
  recordRefund(id: string, refundId: string, at: Date): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PAID', 'refund.requestedAt': { $exists: true }, 'refund.refundId': { $exists: false } },
      { $set: { 'refund.refundId': refundId, updatedAt: at } },
      { returnDocument: 'after' },
    );
  }

  /** PAID to REFUNDED with its OrderRefunded in the outbox, in one write that only one caller wins. */
  markRefunded(id: string, refundedAt: Date, event: DomainEvent): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'PAID', 'refund.refundId': { $exists: true } },
      { $set: { status: 'REFUNDED', refundedAt, updatedAt: refundedAt }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  markOwnershipReleased(id: string): Promise<OrderModel | null> {
    return this.orders.findOneAndUpdate(
      { _id: id, status: 'REFUNDED' },
      { $set: { 'refund.ownershipReleased': true, updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  /** Orders whose refund a crash left unfinished (start-up). */
  unfinishedRefundIds(): Promise<string[]> {
    return this.orders
      .find({ 'refund.requestedAt': { $exists: true }, 'refund.ownershipReleased': { $exists: false } }, { projection: { _id: 1 } })
      .toArray()
      .then((rows) => rows.map((r) => r._id));
  }

  /** One page of a user's orders, newest first (limit + 1 rows), and their total. */
  async orderPage(userId: string, after: { createdAt: Date; id: string } | undefined, limit: number): Promise<{ rows: OrderModel[]; total: number }> {
    const past: Filter<OrderModel> | null = after
      ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] }
      : null;
    return pageOf(this.orders, { userId }, past, { createdAt: -1, _id: -1 }, limit);
  }

  // ---------------------------------------------------------------- course projection

  findCourse(id: string): Promise<CourseProjection | null> {
    return this.courses.findOne({ _id: id });
  }

  async findCourses(ids: string[]): Promise<Map<string, CourseProjection>> {
    const unique = [...new Set(ids)];
    const found = unique.length === 0 ? [] : await this.courses.find({ _id: { $in: unique } }).toArray();
    return new Map(found.map((c) => [c._id, c]));
  }

  /**
   * Applies one event to its course's projection: read, compute, then write only if nobody wrote
   * since (guarded on the `seq` read). An event at or below the stored `seq` is a replay and is
   * skipped, so delivery at least once, concurrent consumers and restarts all leave one result.
   */
  applyCourseEvent(event: LoggedEvent, project: (current: CourseProjection | null, event: LoggedEvent) => CourseProjection): Promise<void> {
    return applyToProjection(this.courses, event.courseId ?? event.aggregateId, event, project);
  }

  // ---------------------------------------------------------------- ownership projection

  /** The ones among `courseIds` that the user owns (a revoked record does not count); one query by `_id`. */
  async ownedAmong(userId: string, courseIds: string[]): Promise<Set<string>> {
    if (courseIds.length === 0) return new Set();
    const found = await this.ownerships
      .find(byIds(courseIds.map((c) => ownershipId(userId, c))), { projection: { courseId: 1, revokedBy: 1 } })
      .toArray();
    return new Set(found.filter((o) => !o.revokedBy).map((o) => o.courseId));
  }

  /**
   * Idempotent: the first record of a user and course makes it; an enrolment seen later adds its
   * id to a record a paid order made. A record revoked by a refund is replaced by a grant of any
   * other order (or a free enrolment), never by a late event of the refunded order itself. (An
   * insert, not an upsert: FerretDB leaves null fields of an upsert's $setOnInsert out of the document.)
   */
  async recordOwnership(o: Omit<OwnershipProjection, '_id' | 'revokedBy'>): Promise<void> {
    const _id = ownershipId(o.userId, o.courseId);
    try {
      await this.ownerships.insertOne({ _id, ...o });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const current = await this.ownerships.findOne({ _id });
      if (current?.revokedBy && current.revokedBy !== o.orderId) {
        // Guarded on the revocation read: a racing writer's record is not overwritten.
        await this.ownerships.updateOne({ _id, revokedBy: current.revokedBy }, { $set: { ...o, revokedBy: null } });
      } else if (o.enrollmentId && !current?.revokedBy) {
        await this.ownerships.updateOne({ _id }, { $set: { enrollmentId: o.enrollmentId } });
      }
    }
  }

  /** The course is no longer owned through `orderId` (refunded); a record of another grant is left alone. */
  async revokeOwnership(userId: string, courseId: string, orderId: string): Promise<void> {
    await this.ownerships.updateOne({ _id: ownershipId(userId, courseId), orderId }, { $set: { revokedBy: orderId } });
  }
}
