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
  PostChange: 'PostChangeModel',
  PostReport: 'PostReportModel',
  PostReportEdge: 'PostReportEdgeModel',
  PostReportConnection: 'PostReportConnectionModel',
  CourseMember: 'CourseMemberModel',
  CourseMemberEdge: 'CourseMemberEdgeModel',
  CourseMemberConnection: 'CourseMemberConnectionModel',
  Thread: 'ThreadModel',
  ThreadReply: 'ThreadReplyModel',
  ThreadEdge: 'ThreadEdgeModel',
  ThreadReplyEdge: 'ThreadReplyEdgeModel',
  ThreadConnection: 'ThreadConnectionModel',
  ThreadReplyConnection: 'ThreadReplyConnectionModel',
  Bookmark: 'BookmarkModel',
  BookmarkEdge: 'BookmarkEdgeModel',
  BookmarkConnection: 'BookmarkConnectionModel',
} as const;
