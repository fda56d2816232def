import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { count, id } from './fields.ts';

const producer = 'learning';
/** aggregateId: the enrolment; courseId and userId: its course and student. */
const enrollment = (d: { enrollmentId: string; courseId: string; userId: string }) => ({ aggregateId: d.enrollmentId, courseId: d.courseId, userId: d.userId });

export const enrollmentSource = z.enum(['FREE', 'ORDER']);
/** Why an enrolment was cancelled; for now only a refund of the order that granted it. */
export const cancellationReason = z.enum(['ORDER_REFUNDED']);
export type CancellationReason = z.infer<typeof cancellationReason>;

const enrolment = { enrollmentId: id, userId: id, courseId: id };

/** A new enrolment, or a cancelled one granted again (the same aggregate). `orderId`: only for source ORDER. */
export const EnrollmentCreated = defineEvent({
  type: 'EnrollmentCreated', producer, refs: enrollment,
  schema: z.object({ ...enrolment, source: enrollmentSource, orderId: id.optional() }),
});

/** `lessonCount`: how many lessons the course had when the last of them was completed. */
export const EnrollmentCompleted = defineEvent({
  type: 'EnrollmentCompleted', producer, refs: enrollment,
  schema: z.object({ ...enrolment, completedAt: z.date(), lessonCount: count }),
});

/** The order that granted the enrolment was refunded. */
export const EnrollmentCancelled = defineEvent({
  type: 'EnrollmentCancelled', producer, refs: enrollment,
  schema: z.object({ ...enrolment, source: enrollmentSource, orderId: id, reason: cancellationReason, cancelledAt: z.date() }),
});

/**
 * A lesson was completed for the first time in an enrolment (completing it again logs nothing).
 * Frequent, so it carries ids only: progress is read from the enrolment.
 */
export const LessonCompleted = defineEvent({
  type: 'LessonCompleted', producer, refs: enrollment,
  schema: z.object({ ...enrolment, lessonId: id }),
});

/**
 * A student studied a lesson of an enrolment: `opened` when they just opened it, `seconds` spent in
 * it since their last report (0 to 300, at most the wall time since that report). Analytics counts
 * the time and the opening on the day of the event's log time.
 */
export const LessonActivity = defineEvent({
  type: 'LessonActivity', producer, refs: enrollment,
  schema: z.object({ ...enrolment, lessonId: id, seconds: count.max(300), opened: z.boolean() }),
});

/** A course entered (`wishlisted`) or left a user's wishlist. aggregateId and userId: the user, whose wishlist it is. */
export const WishlistChanged = defineEvent({
  type: 'WishlistChanged', producer,
  refs: (d) => ({ aggregateId: d.userId, userId: d.userId }),
  schema: z.object({ userId: id, courseId: id, wishlisted: z.boolean() }),
});

export type EnrollmentCreatedData = PayloadOf<typeof EnrollmentCreated>;
export type EnrollmentCompletedData = PayloadOf<typeof EnrollmentCompleted>;
export type EnrollmentCancelledData = PayloadOf<typeof EnrollmentCancelled>;
export type LessonCompletedData = PayloadOf<typeof LessonCompleted>;
export type LessonActivityData = PayloadOf<typeof LessonActivity>;
export type WishlistChangedData = PayloadOf<typeof WishlistChanged>;

export const learningEvents = [EnrollmentCreated, EnrollmentCompleted, EnrollmentCancelled, LessonCompleted, LessonActivity, WishlistChanged];
