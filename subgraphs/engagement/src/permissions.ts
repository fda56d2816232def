import { allow, forbidden, isAuthenticated } from '@lg/platform';
import { rule, type IRules } from 'graphql-shield';
import { bookmarksPermissions } from './bookmarks/permissions.ts';
import { threadsPermissions } from './threads/permissions.ts';

/** The gateway serves subscriptions over graphql-ws; the subgraph only declares them for composition. */
const servedByGateway = rule('servedByGateway', { cache: 'strict' })(() =>
  forbidden('Subscriptions are served by the gateway over graphql-ws, not by this subgraph.'),
);

// Everything but isCourseMember needs a signed-in viewer. Course membership (and for
// acceptAnswer, authorship; for notifications, ownership) is checked by the service, which
// answers FORBIDDEN to anyone else.
export const permissions: IRules = {
  Query: {
    question: isAuthenticated,
    answer: isAuthenticated,
    chatMessage: isAuthenticated,
    notification: isAuthenticated,
    isCourseMember: allow,
    myNotifications: isAuthenticated,
    // Moderation: staff, authorship and membership are checked by the service.
    moderationQueue: isAuthenticated,
    postChange: isAuthenticated,
    ...threadsPermissions.Query,
    ...bookmarksPermissions.Query,
    // Messages: participants only, checked by the service.
    conversations: isAuthenticated,
    directConversation: isAuthenticated,
    directMessage: isAuthenticated,
    unreadConversationCount: isAuthenticated,
    blockedUsers: isAuthenticated,
    typingIndicator: isAuthenticated,
    // Presence: the scope's members only, checked by the service.
    presence: isAuthenticated,
    presenceChange: isAuthenticated,
  },
  Mutation: {
    askQuestion: isAuthenticated,
    answerQuestion: isAuthenticated,
    voteOnQuestion: isAuthenticated,
    voteOnAnswer: isAuthenticated,
    acceptAnswer: isAuthenticated,
    sendChatMessage: isAuthenticated,
    markNotificationsRead: isAuthenticated,
    editPost: isAuthenticated,
    deletePost: isAuthenticated,
    hidePost: isAuthenticated,
    unhidePost: isAuthenticated,
    reportPost: isAuthenticated,
    resolveReport: isAuthenticated,
    ...threadsPermissions.Mutation,
    ...bookmarksPermissions.Mutation,
    sendDirectMessage: isAuthenticated,
    markConversationRead: isAuthenticated,
    setTyping: isAuthenticated,
    blockUser: isAuthenticated,
    unblockUser: isAuthenticated,
  },
  Subscription: servedByGateway,
  Course: { id: allow, questions: isAuthenticated, chatMessages: isAuthenticated, ...threadsPermissions.Course },
  Question: allow,
  Answer: allow,
  ChatMessage: allow,
  Notification: allow,
  QuestionConnection: allow,
  QuestionEdge: allow,
  AnswerConnection: allow,
  AnswerEdge: allow,
  ChatMessageConnection: allow,
  ChatMessageEdge: allow,
  NotificationConnection: allow,
  NotificationEdge: allow,
  PageInfo: allow,
  User: allow,
  PostChange: allow,
  PostReport: allow,
  PostReportEdge: allow,
  PostReportConnection: allow,
  ...threadsPermissions.types,
  ...bookmarksPermissions.types,
  DirectConversation: allow,
  ConversationParticipant: allow,
  DirectMessage: allow,
  TypingIndicator: allow,
  DirectMessageEdge: allow,
  DirectMessageConnection: allow,
  DirectConversationEdge: allow,
  DirectConversationConnection: allow,
  Presence: allow,
  PresenceChange: allow,
};
