import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';
import { conversationTitle } from './conversation-title.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    assistantTools: (_root, _args, ctx) => ctx.assistant.tools(),
    myConversations: (_root, _args, ctx) => ctx.assistant.myConversations(ctx.viewer),
    conversation: (_root, { id }, ctx) => ctx.assistant.conversation(ctx.viewer, id),
  },
  Mutation: {
    askAssistant: (_root, { prompt, conversationId, autoConfirm }, ctx) =>
      ctx.assistant.ask({ viewer: ctx.viewer, token: ctx.token, requestId: ctx.requestId }, { prompt, conversationId, autoConfirm }),
  },
  Conversation: {
    __resolveReference: async (ref, ctx) => (ctx.viewer ? ctx.assistant.conversation(ctx.viewer, ref.id) : null),
    id: (c) => c._id,
    title: (c) => conversationTitle(c),
  },
};
