import type { DomainEvent } from '@lg/platform';
import type { AssistantRole } from './generated/resolvers-types.ts';

export type { AssistantRole };

/** One tool call as recorded; `arguments` and `result` are JSON text. */
export interface AssistantToolCallModel {
  id: string;
  tool: string;
  arguments: string;
  ok: boolean;
  result: string | null;
  /** PENDING: a mutating call waiting for the user's confirmation; CANCELLED: never run. */
  status: 'DONE' | 'PENDING' | 'CANCELLED';
}

export interface AssistantMessageModel {
  _id: string;
  role: AssistantRole;
  content: string;
  toolCalls: AssistantToolCallModel[];
  createdAt: Date;
}

/** The mutating calls the last reply asked the user to confirm. */
export interface PendingCalls {
  messageId: string;
  calls: { id: string; tool: string; arguments: string }[];
}

export interface ConversationModel {
  _id: string;
  userId: string;
  messages: AssistantMessageModel[];
  pending: PendingCalls | null;
  createdAt: Date;
  updatedAt: Date;
  /** AssistantAnswered events written with an exchange, until they are in the log. */
  outbox?: DomainEvent[];
}

export interface AssistantToolModel {
  name: string;
  description: string;
  /** JSON Schema text. */
  inputSchema: string;
  mutates: boolean;
}

export interface AssistantReplyModel {
  conversation: ConversationModel;
  message: AssistantMessageModel;
}

export interface UsageDocument {
  _id: string;
  userId: string;
  requests: number;
  tokens: number;
  expiresAt: Date;
}
