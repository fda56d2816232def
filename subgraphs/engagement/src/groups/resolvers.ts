import type { Resolvers } from '../generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

/** Study groups, their chat and peer matching. */
export const groupsResolvers: Resolvers = {
  Query: {
    studyGroups: (_root, { filter, first, after }, ctx) => ctx.groups.studyGroups(ctx.viewer, filter, first, after, ctx.loaders),
    studyGroup: (_root, { id }, ctx) => ctx.groups.studyGroup(ctx.viewer, id, ctx.loaders, ctx.groupLoaders),
    suggestedStudyGroups: (_root, { courseId, first }, ctx) => ctx.groups.suggestedStudyGroups(ctx.viewer, courseId, first, ctx.loaders),
    groupMessage: (_root, { id }, ctx) => ctx.groups.groupMessage(ctx.viewer, id, ctx.groupLoaders),
  },
  Mutation: {
    createStudyGroup: (_root, { input }, ctx) => ctx.groups.createStudyGroup(ctx.viewer, input, ctx.loaders),
    joinStudyGroup: (_root, { groupId, inviteToken }, ctx) => ctx.groups.joinStudyGroup(ctx.viewer, groupId, inviteToken, ctx.loaders, ctx.groupLoaders),
    leaveStudyGroup: (_root, { groupId }, ctx) => ctx.groups.leaveStudyGroup(ctx.viewer, groupId, ctx.loaders, ctx.groupLoaders),
    createGroupInvite: (_root, { groupId, inviteeId, expiresInHours }, ctx) => ctx.groups.createGroupInvite(ctx.viewer, groupId, inviteeId, expiresInHours, ctx.groupLoaders),
    approveJoinRequest: (_root, { groupId, userId }, ctx) => ctx.groups.approveJoinRequest(ctx.viewer, groupId, userId, ctx.groupLoaders),
    declineJoinRequest: (_root, { groupId, userId }, ctx) => ctx.groups.declineJoinRequest(ctx.viewer, groupId, userId, ctx.groupLoaders),
    removeGroupMember: (_root, { groupId, userId }, ctx) => ctx.groups.removeGroupMember(ctx.viewer, groupId, userId, ctx.groupLoaders),
    sendGroupMessage: (_root, { groupId, body }, ctx) => ctx.groups.sendGroupMessage(ctx.viewer, groupId, body, ctx.groupLoaders),
  },
  StudyGroup: {
    __resolveReference: (ref, ctx) => ctx.groups.groupReference(ctx.viewer, ref.id, ctx.loaders, ctx.groupLoaders),
    id: (group) => group._id,
    courses: (group) => group.courseIds.map(courseRef),
    owner: (group) => userRef(group.ownerId),
    viewerStatus: (group, _args, ctx) => ctx.groups.viewerStatus(ctx.viewer, group, ctx.groupLoaders),
    members: (group, { first, after }, ctx) => ctx.groups.members(ctx.viewer, group, first, after),
    joinRequests: (group, { first, after }, ctx) => ctx.groups.joinRequests(ctx.viewer, group, first, after),
    messages: (group, { last, before }, ctx) => ctx.groups.messages(ctx.viewer, group, last, before),
  },
  StudyGroupMember: {
    user: (member) => userRef(member.userId),
    role: (member) => (member.userId === member.group.ownerId ? 'OWNER' : 'MEMBER'),
  },
  StudyGroupJoinRequest: {
    user: (request) => userRef(request.userId),
  },
  StudyGroupInvite: {
    token: (invite) => invite.token,
    group: (invite, _args, ctx) => ctx.groups.loadGroup(invite.invite.groupId, 'groupId', ctx.groupLoaders),
    invitee: (invite) => (invite.invite.inviteeId ? userRef(invite.invite.inviteeId) : null),
    expiresAt: (invite) => invite.invite.expiresAt,
  },
  GroupMessage: {
    __resolveReference: (ref, ctx) => ctx.groups.messageReference(ctx.viewer, ref.id, ctx.groupLoaders),
    id: (message) => message._id,
    group: (message, _args, ctx) => ctx.groups.loadGroup(message.groupId, 'groupId', ctx.groupLoaders),
    author: (message) => userRef(message.authorId),
  },
};
