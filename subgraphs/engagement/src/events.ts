import type { DomainEvent } from '@lg/platform';
import {
  AnswerAccepted, AnswerPosted, ChatMessageSent, NotificationCreated, QuestionAsked, VoteChanged,
  type AnswerAcceptedData, type AnswerPostedData, type ChatMessageSentData, type NotificationCreatedData, type QuestionAskedData,
  type VoteChangedData,
} from '@lg/events';

// The events engagement produces, built from their contracts in @lg/events (which validate them).

export type { AnswerAcceptedData, AnswerPostedData, ChatMessageSentData, NotificationCreatedData, QuestionAskedData, VoteChangedData } from '@lg/events';

export const questionAsked = (d: QuestionAskedData): DomainEvent => QuestionAsked.build(d);
export const answerPosted = (d: AnswerPostedData): DomainEvent => AnswerPosted.build(d);
export const answerAccepted = (d: AnswerAcceptedData): DomainEvent => AnswerAccepted.build(d);
export const voteChanged = (d: VoteChangedData): DomainEvent => VoteChanged.build(d);
export const chatMessageSent = (d: ChatMessageSentData): DomainEvent => ChatMessageSent.build(d);
export const notificationCreated = (d: Omit<NotificationCreatedData, 'userId' | 'courseId'>, owner: string, courseId: string | null): DomainEvent =>
  NotificationCreated.build({ ...d, userId: owner, courseId });
