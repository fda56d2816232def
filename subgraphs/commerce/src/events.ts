import { newEvent, type DomainEvent } from '@lg/platform';

// ---------------------------------------------------------------- published by commerce

export const ORDER_PAID = 'OrderPaid';

/**
 * aggregateId: the order; event.userId: the buyer (no courseId: an order has several courses).
 * learning grants each course of `courseIds` (source ORDER); engagement notifies the buyer.
 * A type, not an interface, so that it fits DomainEvent's record of data.
 */
export type OrderPaidData = { orderId: string; userId: string; totalCents: number; currency: string; courseIds: string[] };

export const orderPaid = (d: OrderPaidData): DomainEvent => newEvent(ORDER_PAID, d.orderId, d, { userId: d.userId });

export const ORDER_REFUNDED = 'OrderRefunded';

/**
 * aggregateId: the order; event.userId: the buyer. learning cancels the enrolments the order
 * granted; engagement notifies the buyer. `refundedBy`: the buyer or the ADMIN who asked.
 */
export type OrderRefundedData = {
  orderId: string; userId: string; totalCents: number; currency: string; courseIds: string[]; refundedBy: string; refundedAt: Date;
};

export const orderRefunded = (d: OrderRefundedData): DomainEvent => newEvent(ORDER_REFUNDED, d.orderId, d, { userId: d.userId });

// ---------------------------------------------------------------- consumed from other subgraphs

/** catalog (subgraphs/catalog/src/service.ts); event.courseId is the course. */
export const CATALOG_EVENTS = ['CourseCreated', 'CourseUpdated', 'CoursePublished'] as const;

/**
 * What commerce reads of catalog's course events. CourseCreated and CoursePublished carry the whole
 * of it; CourseUpdated names the fields it changed in `changed`, with their new values in `values`.
 */
export type CatalogCourseData = {
  instructorId?: string;
  status?: string;
  title?: string;
  priceCents?: number;
  currency?: string;
  changed?: string[];
  values?: { title?: string; priceCents?: number };
};

/** learning: an enrolment was made (event.userId, event.courseId). */
export const ENROLLMENT_CREATED = 'EnrollmentCreated';
export type EnrollmentCreatedData = { userId?: string; courseId?: string; source?: string; orderId?: string };

/** learning: an enrolment was cancelled (event.userId, event.courseId), for now only because its order was refunded. */
export const ENROLLMENT_CANCELLED = 'EnrollmentCancelled';
export type EnrollmentCancelledData = { userId?: string; courseId?: string; source?: string; orderId?: string; reason?: string };
