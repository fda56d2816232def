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
  // groups and calendar (community)
  StudyGroup: 'StudyGroupModel',
  GroupMessage: 'GroupMessageModel',
  StudyGroupMember: 'StudyGroupMemberModel',
  StudyGroupJoinRequest: 'StudyGroupJoinRequestModel',
  StudyGroupInvite: 'StudyGroupInviteModel',
  SuggestedStudyGroup: 'SuggestedStudyGroupModel',
  StudyGroupEdge: 'StudyGroupEdgeModel',
  StudyGroupConnection: 'StudyGroupConnectionModel',
  StudyGroupMemberEdge: 'StudyGroupMemberEdgeModel',
  StudyGroupMemberConnection: 'StudyGroupMemberConnectionModel',
  StudyGroupJoinRequestEdge: 'StudyGroupJoinRequestEdgeModel',
  StudyGroupJoinRequestConnection: 'StudyGroupJoinRequestConnectionModel',
  GroupMessageEdge: 'GroupMessageEdgeModel',
  GroupMessageConnection: 'GroupMessageConnectionModel',
  CommunityEvent: 'CommunityEventModel',
  CommunityEventEdge: 'CommunityEventEdgeModel',
  CommunityEventConnection: 'CommunityEventConnectionModel',
} as const;

