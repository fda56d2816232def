/**
 * The value each GraphQL object type's resolvers get as parent: its model in models.ts. Codegen
 * reads this and fails on a type the schema lacks, a model models.ts lacks, or an exported
 * `...Model` mapped by nothing (tools/codegen/mappers.ts).
 */
export const mappers = {
  Course: 'CourseModel',
  User: 'UserModel',
  Question: 'QuestionModel',
  Answer: 'AnswerModel',
  ChatMessage: 'ChatMessageModel',
  Notification: 'NotificationModel',
  QuestionEdge: 'QuestionEdgeModel',
  AnswerEdge: 'AnswerEdgeModel',
  ChatMessageEdge: 'ChatMessageEdgeModel',
  NotificationEdge: 'NotificationEdgeModel',
  QuestionConnection: 'QuestionConnectionModel',
  AnswerConnection: 'AnswerConnectionModel',
  ChatMessageConnection: 'ChatMessageConnectionModel',
  NotificationConnection: 'NotificationConnectionModel',
  DirectConversation: 'DirectConversationModel',
  ConversationParticipant: 'ConversationParticipantModel',
  DirectMessage: 'DirectMessageModel',
  TypingIndicator: 'TypingIndicatorModel',
  DirectMessageEdge: 'DirectMessageEdgeModel',
  DirectMessageConnection: 'DirectMessageConnectionModel',
  DirectConversationEdge: 'DirectConversationEdgeModel',
  DirectConversationConnection: 'DirectConversationConnectionModel',
  Presence: 'PresenceModel',
  PresenceChange: 'PresenceChangeModel',
} as const;
