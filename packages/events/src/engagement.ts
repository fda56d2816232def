import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

const producer = 'engagement';

export const notificationKind = z.enum(['ANSWER_TO_MY_QUESTION', 'ANSWER_ACCEPTED', 'ENROLLMENT_CONFIRMED', 'ORDER_PAID', 'ORDER_REFUNDED', 'LAB_BOOKING_CONFIRMED',
  // community threads, messages, groups and events
  'THREAD_REPLY', 'MENTIONED', 'DIRECT_MESSAGE', 'GROUP_INVITATION', 'GROUP_JOIN_REQUEST', 'EVENT_REMINDER',
  'GRADE_APPEAL_OPENED', 'GRADE_APPEAL_ACCEPTED', 'GRADE_APPEAL_REJECTED']);

/** aggregateId: the question; courseId; userId: its author. */
export const QuestionAsked = defineEvent({
  type: 'QuestionAsked', producer,
  refs: (d) => ({ aggregateId: d.questionId, courseId: d.courseId, userId: d.authorId }),
  schema: z.object({ questionId: id, courseId: id, authorId: id, title: z.string() }),
});

/** aggregateId: the answer; courseId; userId: its author. */
export const AnswerPosted = defineEvent({
  type: 'AnswerPosted', producer,
  refs: (d) => ({ aggregateId: d.answerId, courseId: d.courseId, userId: d.authorId }),
  schema: z.object({ answerId: id, questionId: id, courseId: id, authorId: id, questionAuthorId: id, questionTitle: z.string() }),
});

/** aggregateId: the question (whose document records the accepted answer); courseId; userId: the question's author, who accepted. */
export const AnswerAccepted = defineEvent({
  type: 'AnswerAccepted', producer,
  refs: (d) => ({ aggregateId: d.questionId, courseId: d.courseId, userId: d.questionAuthorId }),
  schema: z.object({
    questionId: id, answerId: id, courseId: id, answerAuthorId: id, questionAuthorId: id, previousAnswerId: id.nullable(), questionTitle: z.string(),
  }),
});

/**
 * A user's vote on a question or answer changed (cast, changed or taken back: `value` 0), logged with
 * the score move it caused, once. `delta`: how far the target's score moved; `questionId`: the
 * target itself or the answer's question. aggregateId: the target; courseId; userId: the voter.
 */
export const VoteChanged = defineEvent({
  type: 'VoteChanged', producer,
  refs: (d) => ({ aggregateId: d.targetId, courseId: d.courseId, userId: d.voterId }),
  schema: z.object({
    target: z.enum(['QUESTION', 'ANSWER']), targetId: id, questionId: id, courseId: id, voterId: id,
    value: z.number().int().min(-1).max(1), delta: z.number().int().min(-2).max(2),
  }),
});

/** aggregateId: the message; courseId; userId: its author. The body is not carried: subscribers fetch the message by id. */
export const ChatMessageSent = defineEvent({
  type: 'ChatMessageSent', producer,
  refs: (d) => ({ aggregateId: d.messageId, courseId: d.courseId, userId: d.authorId }),
  schema: z.object({ messageId: id, courseId: id, authorId: id }),
});

/** aggregateId: the notification; userId: its owner; courseId when it is about a course. */
export const NotificationCreated = defineEvent({
  type: 'NotificationCreated', producer,
  refs: (d) => ({ aggregateId: d.notificationId, userId: d.userId, courseId: d.courseId ?? undefined }),
  schema: z.object({ notificationId: id, userId: id, courseId: id.nullable(), kind: notificationKind, sourceEventId: id }),
});

export type QuestionAskedData = PayloadOf<typeof QuestionAsked>;
export type AnswerPostedData = PayloadOf<typeof AnswerPosted>;
export type AnswerAcceptedData = PayloadOf<typeof AnswerAccepted>;
export type VoteChangedData = PayloadOf<typeof VoteChanged>;
export type ChatMessageSentData = PayloadOf<typeof ChatMessageSent>;
export type NotificationCreatedData = PayloadOf<typeof NotificationCreated>;

export const engagementEvents = [QuestionAsked, AnswerPosted, AnswerAccepted, VoteChanged, ChatMessageSent, NotificationCreated];
