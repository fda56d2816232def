import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// The catalog is public; conversations are personal (whose they are is checked by the service).
export const permissions: IRules = {
  Query: { assistantTools: allow, myConversations: isAuthenticated, conversation: isAuthenticated },
  Mutation: { askAssistant: isAuthenticated },
  Conversation: allow,
  AssistantMessage: allow,
  AssistantToolCall: allow,
  AssistantTool: allow,
  AssistantReply: allow,
};
