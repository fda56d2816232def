import type { Resolvers } from '../generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });

export const messagesResolvers: Resolvers = {
  Query: {
    conversations: (_root, { first, after }, ctx) => ctx.messages.conversations(ctx.viewer, first, after, ctx.messageLoaders),
    directConversation: (_root, { id }, ctx) => ctx.messages.conversation(ctx.viewer, id, ctx.messageLoaders),
    directMessage: (_root, { id }, ctx) => ctx.messages.message(ctx.viewer, id, ctx.messageLoaders),
    unreadConversationCount: (_root, _args, ctx) => ctx.messages.unreadConversationCount(ctx.viewer),
    blockedUsers: async (_root, _args, ctx) => (await ctx.messages.blockedUsers(ctx.viewer)).map(userRef),
    typingIndicator: (_root, { id }, ctx) => ctx.messages.typingIndicator(ctx.viewer, id, ctx.messageLoaders),
  },
  Mutation: {
    sendDirectMessage: (_root, { input }, ctx) => ctx.messages.send(ctx.viewer, input, ctx.messageLoaders),
    markConversationRead: (_root, { conversationId }, ctx) => ctx.messages.markRead(ctx.viewer, conversationId, ctx.messageLoaders),
    setTyping: (_root, { conversationId }, ctx) => ctx.messages.setTyping(ctx.viewer, conversationId, ctx.messageLoaders),
    blockUser: (_root, { userId }, ctx) => ctx.messages.block(ctx.viewer, userId),
    unblockUser: (_root, { userId }, ctx) => ctx.messages.unblock(ctx.viewer, userId),
  },
  DirectConversation: {
    __resolveReference: (ref, ctx) => ctx.messages.conversationReference(ctx.viewer, ref.id, ctx.messageLoaders),
    id: (conversation) => conversation._id,
    participants: (conversation, _args, ctx) => ctx.messages.participants(conversation),
    messages: (conversation, { last, before }, ctx) => ctx.messages.messages(ctx.viewer, conversation, last, before),
    lastMessage: (conversation, _args, ctx) => ctx.messages.lastMessage(conversation, ctx.viewer, ctx.messageLoaders),
    unreadCount: (conversation, _args, ctx) => ctx.messages.unreadCount(ctx.viewer, conversation),
    canSend: (conversation, _args, ctx) => ctx.messages.canSend(ctx.viewer, conversation),
  },
  ConversationParticipant: {
    user: (participant) => userRef(participant.userId),
  },
  DirectMessage: {
    __resolveReference: (ref, ctx) => ctx.messages.messageReference(ctx.viewer, ref.id, ctx.messageLoaders),
    id: (message) => message._id,
    conversation: (message, _args, ctx) => ctx.messages.conversationOfMessage(message, ctx.messageLoaders),
    author: (message) => userRef(message.authorId),
    readBy: async (message, _args, ctx) => (await ctx.messages.readBy(message, ctx.messageLoaders)).map(userRef),
  },
  TypingIndicator: {
    conversation: (signal, _args, ctx) => ctx.messages.conversation(ctx.viewer, signal.conversationId, ctx.messageLoaders).then((c) => c!),
    user: (signal) => userRef(signal.userId),
  },
};
