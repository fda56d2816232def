import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

// Study groups and community events (engagement's `groups` and `calendar` sub-domains).
const producer = 'engagement';

/** aggregateId: the group; courseId: its first course; userId: its owner. */
export const StudyGroupCreated = defineEvent({
  type: 'StudyGroupCreated', producer,
  refs: (d) => ({ aggregateId: d.groupId, courseId: d.courseIds[0], userId: d.ownerId }),
  schema: z.object({ groupId: id, ownerId: id, courseIds: z.array(id).min(1), visibility: z.enum(['PUBLIC', 'INVITE_ONLY']) }),
});

/**
 * Someone's place in a group changed: joined (by themself, by an invite, or approved by the owner),
 * left, removed by the owner, asked to join, or was declined. aggregateId: the group; userId: whose
 * place it is; `actorId`: who did it. The gateway drops its cached group memberships on it, so a
 * removed member hears nothing after it.
 */
export const StudyGroupMemberChanged = defineEvent({
  type: 'StudyGroupMemberChanged', producer,
  refs: (d) => ({ aggregateId: d.groupId, userId: d.userId }),
  schema: z.object({ groupId: id, userId: id, actorId: id, change: z.enum(['JOINED', 'LEFT', 'REMOVED', 'REQUESTED', 'DECLINED']) }),
});

/** An invite link was made; `inviteeId` when it was sent to someone (who is notified). aggregateId: the group; userId: the inviter. */
export const StudyGroupInviteCreated = defineEvent({
  type: 'StudyGroupInviteCreated', producer,
  refs: (d) => ({ aggregateId: d.groupId, userId: d.inviterId }),
  schema: z.object({ groupId: id, inviteId: id, inviterId: id, inviteeId: id.nullable() }),
});

/** aggregateId: the message; userId: its author. The body is not carried: subscribers fetch the message by id. */
export const GroupMessageSent = defineEvent({
  type: 'GroupMessageSent', producer,
  refs: (d) => ({ aggregateId: d.messageId, userId: d.authorId }),
  schema: z.object({ messageId: id, groupId: id, authorId: id }),
});

/** aggregateId: the event; courseId when it is a course's; userId: its organiser. */
export const CommunityEventScheduled = defineEvent({
  type: 'CommunityEventScheduled', producer,
  refs: (d) => ({ aggregateId: d.eventId, courseId: d.courseId ?? undefined, userId: d.organizerId }),
  schema: z.object({ eventId: id, courseId: id.nullable(), groupId: id.nullable(), organizerId: id, startsAt: z.string() }),
});

/** aggregateId: the event; userId: who answered. */
export const RsvpChanged = defineEvent({
  type: 'RsvpChanged', producer,
  refs: (d) => ({ aggregateId: d.eventId, courseId: d.courseId ?? undefined, userId: d.userId }),
  schema: z.object({ eventId: id, courseId: id.nullable(), groupId: id.nullable(), userId: id, response: z.enum(['GOING', 'MAYBE', 'NO']) }),
});

/**
 * An event starts soon: its reminder is due to everyone going or maybe going (at most its
 * capacity plus its maybes, both bounded). Logged once per event, by the write that claims it.
 */
export const CommunityEventReminderDue = defineEvent({
  type: 'CommunityEventReminderDue', producer,
  refs: (d) => ({ aggregateId: d.eventId, courseId: d.courseId ?? undefined }),
  schema: z.object({ eventId: id, courseId: id.nullable(), groupId: id.nullable(), title: z.string(), startsAt: z.string(), recipientIds: z.array(id) }),
});

export type StudyGroupCreatedData = PayloadOf<typeof StudyGroupCreated>;
export type StudyGroupMemberChangedData = PayloadOf<typeof StudyGroupMemberChanged>;
export type StudyGroupInviteCreatedData = PayloadOf<typeof StudyGroupInviteCreated>;
export type GroupMessageSentData = PayloadOf<typeof GroupMessageSent>;
export type CommunityEventScheduledData = PayloadOf<typeof CommunityEventScheduled>;
export type RsvpChangedData = PayloadOf<typeof RsvpChanged>;
export type CommunityEventReminderDueData = PayloadOf<typeof CommunityEventReminderDue>;

export const communityGroupsEvents = [
  StudyGroupCreated, StudyGroupMemberChanged, StudyGroupInviteCreated, GroupMessageSent, CommunityEventScheduled, RsvpChanged, CommunityEventReminderDue,
];
