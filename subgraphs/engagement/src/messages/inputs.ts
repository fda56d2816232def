import { badInput, text } from '@lg/platform';
import { checkId } from '../inputs.ts';

export const MESSAGE_LIMITS = {
  body: 4_000,
  /** Participants of a conversation, the sender included. */
  participants: 8,
  /** Conversations counted for the unread total. */
  countedConversations: 500,
} as const;

export const directMessageBody = (body: string) => text(body, 'body', { max: MESSAGE_LIMITS.body });

/** 1 to 7 distinct other users, valid ids. */
export function recipientsOf(recipientIds: readonly string[], senderId: string): string[] {
  if (recipientIds.length === 0) throw badInput('recipientIds needs at least one user.', 'recipientIds');
  for (const id of recipientIds) checkId(id, 'recipientIds');
  const others = [...new Set(recipientIds)].filter((id) => id !== senderId);
  if (others.length === 0) throw badInput('recipientIds must name someone other than you.', 'recipientIds');
  if (others.length > MESSAGE_LIMITS.participants - 1) {
    throw badInput(`A conversation has at most ${MESSAGE_LIMITS.participants} people: name at most ${MESSAGE_LIMITS.participants - 1} recipients.`, 'recipientIds');
  }
  return others;
}

/** `<conversation>:<user>:<epoch ms>`: what a typing signal carries, so that nothing is stored. */
export function typingId(conversationId: string, userId: string, at: number): string {
  return `${conversationId}:${userId}:${at}`;
}

export function parseTypingId(id: string): { conversationId: string; userId: string; at: Date } {
  const [conversationId, userId, at, extra] = id.split(':');
  const when = Number(at);
  if (extra !== undefined || !conversationId || !userId || !Number.isSafeInteger(when)) throw badInput('id is not a typing signal id.', 'id');
  checkId(conversationId, 'id');
  checkId(userId, 'id');
  return { conversationId, userId, at: new Date(when) };
}
