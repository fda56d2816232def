import type { ConversationModel } from './models.ts';

const TITLE_MAX = 80;

/** A conversation's title: its first user message on one line, cut at a word to at most 80 characters. */
export function conversationTitle(conversation: Pick<ConversationModel, 'messages'>): string {
  const first = conversation.messages.find((m) => m.role === 'USER')?.content ?? '';
  const line = first.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_MAX) return line || 'New conversation';
  const cut = line.slice(0, TITLE_MAX - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > TITLE_MAX / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
