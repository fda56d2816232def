import type { AuditMeta, EntityReference, WithOutbox } from '@lg/platform';
import type { OrderStatus } from './generated/resolvers-types.ts';

export type { OrderStatus };
export type CourseStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

/**
 * What commerce knows of a catalog course: a local projection of catalog's events, never a read of
 * catalog's collection. Rebuilt at any time by replaying the event log from the start.
 */
export interface CourseProjection {
  _id: string;
  title: string;
  instructorId: string;
  status: CourseStatus;
  priceCents: number;
  currency: string;
  /** Log position of the last event applied; an event at or below it is a replay and changes nothing. */
  seq: number;
  /** The time of the last event applied, so that a rebuild yields the same document. */
  updatedAt: Date;
}

/**
 * "This user owns this course", `_id` = `${userId}:${courseId}` (one per pair, looked up by `_id`).
 * Projected from learning's EnrollmentCreated; a paid order also records its courses here at once,
 * so that they cannot be put in the cart again while learning is still granting them.
 */
export interface OwnershipProjection {
  _id: string;
  userId: string;
  courseId: string;
  /** The enrolment learning made, once its event was seen. */
  enrollmentId: string | null;
  /** The paid order that bought it, if any. */
  orderId: string | null;
  since: Date;
  /**
   * The refunded order whose grant this record was: set, the course is not owned (and can be bought
   * again). A tombstone rather than a deletion, so that learning's EnrollmentCreated of that order,
   * seen late, does not make it owned again; a grant of another order or a free enrolment does.
   */
  revokedBy?: string | null;
}

/** One course in a cart; `_id` is the item id clients see. */
export interface CartLine {
  _id: string;
  courseId: string;
  addedAt: Date;
}

/** A course of an order, at the price it had at checkout. */
export interface OrderLine {
  courseId: string;
  priceCents: number;
  /** The cart item it was bought from (taken out of the cart once paid). */
  cartItemId: string;
}

/**
 * The first step of a checkout, recorded in the cart in the same write that makes it the cart's one
 * checkout under way: everything needed to create the order. The order is then inserted from it
 * (idempotent by its derived id), so that a crash between the two writes is finished on restart.
 */
export interface CheckoutClaim {
  orderId: string;
  idempotencyKey: string;
  paymentToken: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  /** Cart items this checkout takes out of the cart when paid: those bought and those no longer for sale. */
  releasedItemIds: string[];
  createdAt: Date;
}

/** One cart per user (`_id` = the user id); every write is guarded on `version` and logs CartChanged (see CartWrites). */
export interface CartDocument extends WithOutbox {
  _id: string;
  items: CartLine[];
  /** The checkout under way, if any: at most one at a time per cart. */
  checkout: CheckoutClaim | null;
  version: number;
  updatedAt: Date;
}

/**
 * The steps of a checkout done so far, recorded in the order itself, each by a guarded
 * single-document write: whatever a crash interrupts is finished from here on restart, and no step
 * runs twice with effect (the charge is idempotent at the provider by the order id).
 */
export interface OrderSteps {
  /** The provider's charge id, once the payment succeeded. */
  charged?: string;
  chargedAt?: Date;
  /** The provider's charge id, once the payment was declined. */
  declined?: string;
  /** Paid: the courses recorded as owned, the bought items taken out of the cart and the cart released. */
  cartCleared?: true;
  /** Declined: the cart released, its items kept. */
  cartReleased?: true;
  /** Paid: OrderPaid recorded in the outbox in the same write that made the order PAID. */
  eventRecorded?: true;
}

/**
 * A refund of a PAID order, recorded in the order by the guarded write that claims it (only one
 * claim per order wins), then its steps, each by a guarded single-document write: whatever a crash
 * interrupts is finished from here by a retry or at start-up, and no step takes effect twice (the
 * provider's refund is idempotent by the order id).
 */
export interface RefundState {
  /** Who asked: the buyer, or an ADMIN. */
  by: string;
  reason: string | null;
  requestedAt: Date;
  /** Who asked and from where, kept for the OrderRefunded event (the audit log) a later step records. */
  audit?: AuditMeta;
  /** The provider's refund id, once the money was given back. */
  refundId?: string;
  /** After REFUNDED with OrderRefunded (logged first): the courses are no longer owned. The last step. */
  ownershipReleased?: true;
}

/**
 * An order: `_id` derived from the buyer and the idempotency key (see orderIdFor), unique on
 * userId + idempotencyKey as well. PENDING until its steps are done, then PAID or FAILED; a PAID
 * order may later be REFUNDED.
 */
export interface OrderModel extends WithOutbox {
  _id: string;
  userId: string;
  idempotencyKey: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  status: OrderStatus;
  /** Which provider charges it (configuration may change between a crash and the restart). */
  provider: string;
  /** Kept only while PENDING, to finish the charge after a crash; removed once PAID or FAILED. */
  paymentToken?: string;
  steps: OrderSteps;
  releasedItemIds: string[];
  createdAt: Date;
  paidAt: Date | null;
  failedAt: Date | null;
  failureReason: string | null;
  /** Absent until a refund is asked for; see RefundState. */
  refund?: RefundState;
  /** When the order became REFUNDED (absent on orders made before refunds existed). */
  refundedAt?: Date | null;
  updatedAt: Date;
}

/** An item of the cart as the graph shows it: priced from the projection at read time. */
export interface CartItemModel {
  id: string;
  courseId: string;
  priceCents: number;
  addedAt: Date;
}

export interface CartModel {
  items: CartItemModel[];
  subtotalCents: number;
  currency: string;
}

export type OrderItemModel = OrderLine;

/** A Course reference; catalog resolves it. */
export type CourseModel = EntityReference<'Course'>;

/** A User reference; identity resolves it. */
export type UserModel = EntityReference<'User'>;

export interface OrderEdgeModel {
  cursor: string;
  node: OrderModel;
}

export interface OrderConnectionModel {
  edges: OrderEdgeModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
