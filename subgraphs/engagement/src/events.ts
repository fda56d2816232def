import { newEvent, type DomainEvent } from '@lg/platform';
import type { NotificationKind } from './models.ts';

// ---------------------------------------------------------------- published by engagement

export const PUBLISHED = {
  QuestionAsked: 'QuestionAsked',
  AnswerPosted: 'AnswerPosted',
  AnswerAccepted: 'AnswerAccepted',
  ChatMessageSent: 'ChatMessageSent',
  NotificationCreated: 'NotificationCreated',
} as const;

/** aggregateId: the question; courseId; userId: its author. */
export type QuestionAskedData = { questionId: string; courseId: string; authorId: string; title: string };
/** aggregateId: the answer; courseId; userId: its author. */
export type AnswerPostedData = { answerId: string; questionId: string; courseId: string; authorId: string; questionAuthorId: string; questionTitle: string };
/** aggregateId: the question (whose document records the accepted answer); courseId; userId: the question's author, who accepted. */
export type AnswerAcceptedData = {
  questionId: string; answerId: string; courseId: string; answerAuthorId: string; questionAuthorId: string;
  previousAnswerId: string | null; questionTitle: string;
};
/** aggregateId: the message; courseId; userId: its author. The body is not carried: subscribers fetch the message by id. */
export type ChatMessageSentData = { messageId: string; courseId: string; authorId: string };
/** aggregateId: the notification; userId: its owner; courseId when it is about a course. */
export type NotificationCreatedData = { notificationId: string; kind: NotificationKind; sourceEventId: string };

export const questionAsked = (d: QuestionAskedData): DomainEvent =>
  newEvent(PUBLISHED.QuestionAsked, d.questionId, d, { courseId: d.courseId, userId: d.authorId });
export const answerPosted = (d: AnswerPostedData): DomainEvent =>
  newEvent(PUBLISHED.AnswerPosted, d.answerId, d, { courseId: d.courseId, userId: d.authorId });
export const answerAccepted = (d: AnswerAcceptedData): DomainEvent =>
  newEvent(PUBLISHED.AnswerAccepted, d.questionId, d, { courseId: d.courseId, userId: d.questionAuthorId });
export const chatMessageSent = (d: ChatMessageSentData): DomainEvent =>
  newEvent(PUBLISHED.ChatMessageSent, d.messageId, d, { courseId: d.courseId, userId: d.authorId });
export const notificationCreated = (d: NotificationCreatedData, owner: string, courseId: string | null): DomainEvent =>
  newEvent(PUBLISHED.NotificationCreated, d.notificationId, d, { userId: owner, ...(courseId ? { courseId } : {}) });

// ---------------------------------------------------------------- consumed from other subgraphs

/** catalog: CourseCreated, CourseUpdated, CoursePublished (event.courseId); each carries the instructor. */
export type CourseEventData = { instructorId?: string; status?: string; title?: string };
/** learning: EnrollmentCreated (event.userId, event.courseId). */
export type EnrollmentCreatedData = { userId?: string; courseId?: string; source?: 'FREE' | 'ORDER'; orderId?: string };
/** learning: EnrollmentCancelled (event.userId, event.courseId; aggregateId: the enrolment), when the order that granted it was refunded. */
export type EnrollmentCancelledData = { userId?: string; courseId?: string; source?: 'FREE' | 'ORDER'; orderId?: string; reason?: string };
/** commerce: OrderPaid (event.userId). */
export type OrderPaidData = { orderId?: string; totalCents?: number; currency?: string; courseIds?: string[] };
/** commerce: OrderRefunded (event.userId), the same order data as OrderPaid. */
export type OrderRefundedData = OrderPaidData;
/** labs: LabBookingConfirmed (event.userId). */
export type LabBookingConfirmedData = { bookingId?: string; labId?: string; labTitle?: string; slotStart?: string | Date };

export const COURSE_EVENTS = ['CourseCreated', 'CourseUpdated', 'CoursePublished'];
export const ENROLLMENT_CREATED = 'EnrollmentCreated';
export const ENROLLMENT_CANCELLED = 'EnrollmentCancelled';
export const ORDER_PAID = 'OrderPaid';
export const ORDER_REFUNDED = 'OrderRefunded';
export const LAB_BOOKING_CONFIRMED = 'LabBookingConfirmed';
