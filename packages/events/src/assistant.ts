import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { count, id } from './fields.ts';

const producer = 'assistant';

/**
 * The assistant answered one prompt of a user (askAssistant or the chat endpoint), logged with the
 * conversation's write. `tokens`: what the model spent on it. aggregateId: the conversation; userId: its owner.
 */
export const AssistantAnswered = defineEvent({
  type: 'AssistantAnswered', producer,
  refs: (d) => ({ aggregateId: d.conversationId, userId: d.userId }),
  schema: z.object({ conversationId: id, userId: id, tokens: count }),
});

export type AssistantAnsweredData = PayloadOf<typeof AssistantAnswered>;

export const assistantEvents = [AssistantAnswered];
