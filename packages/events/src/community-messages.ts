import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

const producer = 'engagement';

/**
 * A direct message was sent. aggregateId: the message; userId: its author. `participantIds`
 * (everyone in the conversation, the author too) say who hears it live and whose lists change.
 */
export const DirectMessageSent = defineEvent({
  type: 'DirectMessageSent', producer,
  refs: (d) => ({ aggregateId: d.messageId, userId: d.authorId }),
  schema: z.object({ messageId: id, conversationId: id, authorId: id, participantIds: z.array(id).min(2).max(8) }),
});

/** A participant marked a conversation read (read receipts). aggregateId: the conversation; userId: the reader. */
export const ConversationRead = defineEvent({
  type: 'ConversationRead', producer,
  refs: (d) => ({ aggregateId: d.conversationId, userId: d.userId }),
  schema: z.object({ conversationId: id, userId: id, participantIds: z.array(id).min(2).max(8) }),
});

/** A user blocked or unblocked another. aggregateId and userId: the blocker. */
export const UserBlockChanged = defineEvent({
  type: 'UserBlockChanged', producer,
  refs: (d) => ({ aggregateId: d.blockerId, userId: d.blockerId }),
  schema: z.object({ blockerId: id, blockedId: id, blocked: z.boolean() }),
});

export type DirectMessageSentData = PayloadOf<typeof DirectMessageSent>;
export type ConversationReadData = PayloadOf<typeof ConversationRead>;
export type UserBlockChangedData = PayloadOf<typeof UserBlockChanged>;

export const communityMessagesEvents = [DirectMessageSent, ConversationRead, UserBlockChanged];
