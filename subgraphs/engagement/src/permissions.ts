import { allow, forbidden, isAuthenticated } from '@lg/platform';
import { rule, type IRules } from 'graphql-shield';

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
    sendDirectMessage: isAuthenticated,
    markConversationRead: isAuthenticated,
    setTyping: isAuthenticated,
    blockUser: isAuthenticated,
    unblockUser: isAuthenticated,
  },
  Subscription: servedByGateway,
  Course: { id: allow, questions: isAuthenticated, chatMessages: isAuthenticated },
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
