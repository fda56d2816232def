import { createHash, randomBytes } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import {
  afterId, badInput, conflict, connectionOf, decodeCursor, encodeCursor, flushAllOutboxes, flushOutbox, forbidden, hasRole, idCursor, invalidCursor, isId,
  newId, notFound, pageSize, searchFilter, searchTermsOf, signedIn, type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { GroupMessageSent, StudyGroupCreated, StudyGroupInviteCreated, StudyGroupMemberChanged, type StudyGroupMemberChangedData } from '@lg/events';
import type { CreateStudyGroupInput, StudyGroupFilter, StudyGroupViewerStatus } from '../generated/resolvers-types.ts';
import { checkId } from '../inputs.ts';
import type { StudyGroupInviteModel, StudyGroupMemberModel, SuggestedStudyGroupModel } from '../models.ts';
import type { CourseMembership, EngagementLoaders } from '../services/membership.ts';
import { GROUP_LIMITS, groupFields, groupMessageBody, inviteHours, inviteToken, optionalId, searchText } from './inputs.ts';
import type { GroupMessageDocument, JoinRequestEntry, StudyGroupDocument } from './models.ts';
import type { GroupsRepository } from './repository.ts';

/** Per request: groups read once, and the viewer's personal invites. */
export interface GroupLoaders {
  group: DataLoader<string, StudyGroupDocument | null>;
  invited: DataLoader<string, boolean> | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const MEMBERS_ONLY = "Only the group's members can do this.";
const OWNER_ONLY = "Only the group's owner can do this.";

export const isGroupMember = (group: StudyGroupDocument, userId: string) => group.memberIds.includes(userId);

/** A group's staff for moderation: its owner and ADMIN hide and unhide its messages and see them hidden. */
export const moderatesGroup = (viewer: Viewer, group: Pick<StudyGroupDocument, 'ownerId'>) => hasRole(viewer, 'ADMIN') || group.ownerId === viewer.id;

/**
 * Study groups: who sees them (members of one of their courses), who joins (public: anyone who
 * sees them, while there is room; invite-only: by invite or the owner's approval), their chat and
 * peer matching. Every membership change is one conditional update of the group's document.
 */
export class GroupsService {
  constructor(
    private readonly repository: GroupsRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
  ) {}

  loaders(viewer: Viewer | null): GroupLoaders {
    return { group: this.repository.groupLoader(), invited: viewer ? this.repository.invitedLoader(viewer.id) : null };
  }

  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.groups, this.events);
    await flushAllOutboxes(this.repository.messages, this.events);
    await flushAllOutboxes(this.repository.invites, this.events);
  }

  // ---------------------------------------------------------------- who may do what

  /** A member of one of the group's courses, one of its members, or ADMIN. */
  async canSee(viewer: Viewer | null, group: StudyGroupDocument, loaders: EngagementLoaders): Promise<boolean> {
    if (!viewer) return false;
    if (hasRole(viewer, 'ADMIN') || isGroupMember(group, viewer.id)) return true;
    return (await this.coursesTaken(viewer, group.courseIds, loaders)) > 0;
  }

  /** How many of the courses the viewer is a member of: asked together, so the loaders read them in one batch. */
  private async coursesTaken(viewer: Viewer, courseIds: readonly string[], loaders: EngagementLoaders): Promise<number> {
    const taken = await Promise.all(courseIds.map((courseId) => this.membership.isMember(viewer, courseId, loaders)));
    return taken.filter(Boolean).length;
  }

  private async requireSee(viewer: Viewer | null, group: StudyGroupDocument, loaders: EngagementLoaders): Promise<Viewer> {
    const actor = signedIn(viewer);
    if (!(await this.canSee(actor, group, loaders))) throw forbidden("Only members of the group's courses can see this study group.");
    return actor;
  }

  /** The group's members and ADMIN read its members, chat and events. */
  requireReader(viewer: Viewer | null, group: StudyGroupDocument): Viewer {
    const actor = signedIn(viewer);
    if (!hasRole(actor, 'ADMIN') && !isGroupMember(group, actor.id)) throw forbidden(MEMBERS_ONLY);
    return actor;
  }

  requireOwner(viewer: Viewer | null, group: StudyGroupDocument): Viewer {
    const actor = signedIn(viewer);
    if (!hasRole(actor, 'ADMIN') && group.ownerId !== actor.id) throw forbidden(OWNER_ONLY);
    return actor;
  }

  private async load(id: string, field: string, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    checkId(id, field);
    const group = await groupLoaders.group.load(id);
    if (!group) throw notFound('The study group');
    return group;
  }

  /** For other sub-domains (calendar): the group, or NOT_FOUND. */
  loadGroup(id: string, field: string, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    return this.load(id, field, groupLoaders);
  }

  // ---------------------------------------------------------------- reads

  async studyGroup(viewer: Viewer | null, id: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<StudyGroupDocument | null> {
    signedIn(viewer);
    checkId(id, 'id');
    const group = await groupLoaders.group.load(id);
    if (group) await this.requireSee(viewer, group, loaders);
    return group;
  }

  /** For `_entities`: null for a bad id, an unknown group, or one the viewer may not see. */
  async groupReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<StudyGroupDocument | null> {
    const group = isId(id) ? await groupLoaders.group.load(id) : null;
    return group && (await this.canSee(viewer, group, loaders)) ? group : null;
  }

  async studyGroups(
    viewer: Viewer | null, filter: StudyGroupFilter, first: number | null | undefined, after: string | null | undefined, loaders: EngagementLoaders,
  ): Promise<Connection<StudyGroupDocument>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const before = afterId(after);
    const courseId = optionalId(filter.courseId, 'filter.courseId');
    const search = searchText(filter.search);
    if (!courseId && !filter.mine) throw badInput('Give filter.courseId, filter.mine or both.', 'filter');
    if (courseId) await this.membership.requireMember(actor, courseId, loaders);
    const query: Filter<StudyGroupDocument> = {
      ...(courseId ? { courseIds: courseId } : {}),
      ...(filter.mine ? { memberIds: actor.id } : {}),
      ...(search ? searchFilter(search) : {}),
    };
    const { rows, total } = await this.repository.groupsPage(query, before, size + 1);
    return connectionOf(rows, size, total, (g) => idCursor(g._id));
  }

  async viewerStatus(viewer: Viewer | null, group: StudyGroupDocument, groupLoaders: GroupLoaders): Promise<StudyGroupViewerStatus> {
    if (!viewer) return 'NONE';
    if (group.ownerId === viewer.id) return 'OWNER';
    if (isGroupMember(group, viewer.id)) return 'MEMBER';
    if (group.requestIds.includes(viewer.id)) return 'REQUESTED';
    return (await groupLoaders.invited!.load(group._id)) ? 'INVITED' : 'NONE';
  }

  members(viewer: Viewer | null, group: StudyGroupDocument, first: number | null | undefined, after: string | null | undefined): Connection<StudyGroupMemberModel> {
    this.requireReader(viewer, group);
    const entries = group.members.map((m) => ({ ...m, group }));
    return slice(entries, (m) => m.userId, first, after, 50);
  }

  joinRequests(viewer: Viewer | null, group: StudyGroupDocument, first: number | null | undefined, after: string | null | undefined): Connection<JoinRequestEntry> {
    this.requireOwner(viewer, group);
    return slice(group.requests, (r) => r.userId, first, after, 20);
  }

  /** Newest `last` before `before`, oldest first in the page (like course chat). */
  async messages(viewer: Viewer | null, group: StudyGroupDocument, last: number | null | undefined, before: string | null | undefined): Promise<Connection<GroupMessageDocument>> {
    const actor = this.requireReader(viewer, group);
    const size = pageSize(last, 50);
    const beforeId = afterId(before, 'before');
    const { rows, total } = await this.repository.messagesPage(group._id, actor.id, moderatesGroup(actor, group), beforeId, size + 1);
    const page = rows.slice(0, size).reverse();
    const edges = page.map((node) => ({ node, cursor: idCursor(node._id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges[0]?.cursor ?? null }, totalCount: total };
  }

  /** As moderation says: a deleted message is gone for everyone, a hidden one for all but its author, the owner and ADMIN. */
  private visible(viewer: Viewer, group: StudyGroupDocument, message: GroupMessageDocument): boolean {
    if (message.deletedAt !== null) return false;
    return message.hiddenAt === null || message.authorId === viewer.id || moderatesGroup(viewer, group);
  }

  async groupMessage(viewer: Viewer | null, id: string, groupLoaders: GroupLoaders): Promise<GroupMessageDocument | null> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const message = await this.repository.findMessage(id);
    if (!message) return null;
    const group = await groupLoaders.group.load(message.groupId);
    if (!group) return null;
    this.requireReader(actor, group);
    return this.visible(actor, group, message) ? message : null;
  }

  async messageReference(viewer: Viewer | null, id: string, groupLoaders: GroupLoaders): Promise<GroupMessageDocument | null> {
    try {
      return isId(id) ? await this.groupMessage(viewer, id, groupLoaders) : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- writes

  async createStudyGroup(viewer: Viewer | null, input: CreateStudyGroupInput, loaders: EngagementLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const fields = groupFields(input);
    await Promise.all(fields.courseIds.map((courseId) => this.membership.requireMember(actor, courseId, loaders, { courseMustExist: true })));
    const id = newId();
    const now = new Date();
    const group: StudyGroupDocument = {
      _id: id, ...fields, ownerId: actor.id, memberIds: [actor.id], members: [{ userId: actor.id, joinedAt: now }], memberCount: 1,
      requestIds: [], requests: [], searchTerms: searchTermsOf([fields.name]), createdAt: now, updatedAt: now,
      outbox: [StudyGroupCreated.build({ groupId: id, ownerId: actor.id, courseIds: fields.courseIds, visibility: fields.visibility })],
    };
    await this.repository.insertGroup(group);
    await flushOutbox(this.repository.groups, id, this.events);
    const { outbox: _pending, ...stored } = group;
    return stored;
  }

  async joinStudyGroup(viewer: Viewer | null, groupId: string, token: string | null | undefined, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    const presented = token === null || token === undefined ? null : inviteToken(token);
    if (!(await this.canSee(actor, group, loaders))) throw forbidden("Only members of the group's courses can join this study group.");
    if (isGroupMember(group, actor.id)) return group;
    let admitted = group.visibility === 'PUBLIC';
    if (presented !== null) {
      const invite = await this.repository.findInvite(hashOf(presented));
      const valid = invite && invite.groupId === group._id && invite.expiresAt > new Date() && (invite.inviteeId === null || invite.inviteeId === actor.id);
      if (!valid) throw badInput('The invite is not valid or has expired.', 'inviteToken');
      admitted = true;
    } else if (!admitted && (await groupLoaders.invited!.load(group._id))) {
      admitted = true;
    }
    if (!admitted) return this.requestToJoin(actor, group);
    return this.admit(actor, group, actor.id);
  }

  /**
   * The benchmark's and seed's bulk load (not in the API): users join a public group as
   * joinStudyGroup would admit each of them (a member of one of its courses, while there is room),
   * in one conditional write whose outbox holds the very StudyGroupMemberChanged events they would
   * log one by one, in order, and one append. The owner or ADMIN; all of them or none.
   */
  async importMembers(viewer: Viewer | null, groupId: string, userIds: readonly string[], groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    this.requireOwner(actor, group);
    if (group.visibility !== 'PUBLIC') throw badInput('Only a public study group takes members in bulk.', 'groupId');
    for (const id of userIds) checkId(id, 'userIds');
    const joining = [...new Set(userIds)].filter((id) => !isGroupMember(group, id));
    if (joining.length === 0) return group;
    if (group.memberCount + joining.length > group.capacity) throw conflict(`The study group is full (${group.capacity} members).`);
    const members = await this.membership.membersOfAny(joining, group.courseIds);
    if (members.size < joining.length) throw forbidden("Only members of the group's courses can join this study group.");
    const events = joining.map((id) => this.changed(group, id, { id, roles: ['STUDENT'] }, 'JOINED'));
    const joined = await this.repository.addMembers(group, joining, events);
    if (!joined) throw conflict('The study group changed meanwhile: none were added; try again.');
    await flushOutbox(this.repository.groups, group._id, this.events);
    return joined;
  }

  /** One conditional update: a place is taken only while one is left. */
  private async admit(actor: Viewer, group: StudyGroupDocument, userId: string): Promise<StudyGroupDocument> {
    const joined = await this.repository.addMember(group, userId, this.changed(group, userId, actor, 'JOINED'));
    if (joined) {
      await flushOutbox(this.repository.groups, group._id, this.events);
      return joined;
    }
    const now = await this.repository.findGroup(group._id);
    if (!now) throw notFound('The study group');
    if (isGroupMember(now, userId)) return now;
    if (now.capacity !== group.capacity) return this.admit(actor, now, userId);
    throw conflict(`The study group is full (${now.capacity} members).`);
  }

  private async requestToJoin(actor: Viewer, group: StudyGroupDocument): Promise<StudyGroupDocument> {
    const requested = await this.repository.addRequest(group._id, actor.id, this.changed(group, actor.id, actor, 'REQUESTED'));
    if (requested) {
      await flushOutbox(this.repository.groups, group._id, this.events);
      return requested;
    }
    return (await this.repository.findGroup(group._id)) ?? group;
  }

  async leaveStudyGroup(viewer: Viewer | null, groupId: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    if (!isGroupMember(group, actor.id) && !group.requestIds.includes(actor.id)) {
      await this.requireSee(actor, group, loaders);
      return group;
    }
    if (group.ownerId === actor.id) throw conflict('The owner cannot leave their study group.');
    if (group.requestIds.includes(actor.id)) {
      const withdrawn = await this.repository.removeRequest(group, actor.id, this.changed(group, actor.id, actor, 'LEFT'));
      if (withdrawn) await flushOutbox(this.repository.groups, group._id, this.events);
      return withdrawn ?? group;
    }
    const left = await this.repository.removeMember(group, actor.id, this.changed(group, actor.id, actor, 'LEFT'));
    if (left) await flushOutbox(this.repository.groups, group._id, this.events);
    return left ?? (await this.repository.findGroup(group._id)) ?? group;
  }

  async createGroupInvite(
    viewer: Viewer | null, groupId: string, inviteeId: string | null | undefined, hours: number | null | undefined, groupLoaders: GroupLoaders,
  ): Promise<StudyGroupInviteModel> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    const invitee = optionalId(inviteeId, 'inviteeId');
    const lifetime = inviteHours(hours);
    if (group.visibility === 'PUBLIC') this.requireReader(actor, group);
    else this.requireOwner(actor, group);
    if (invitee !== null) {
      // Invitations go to classmates only: someone who takes none of the group's courses is a stranger.
      const classmate = { id: invitee, roles: ['STUDENT' as const] };
      const loaders = this.membership.loaders(classmate);
      if ((await this.coursesTaken(classmate, group.courseIds, loaders)) === 0) throw badInput("The invitee takes none of the group's courses.", 'inviteeId');
    }
    const token = randomBytes(24).toString('base64url');
    const _id = hashOf(token);
    const now = new Date();
    const invite = {
      _id, groupId: group._id, inviterId: actor.id, inviteeId: invitee, expiresAt: new Date(now.getTime() + lifetime * 3_600_000), createdAt: now,
      outbox: [StudyGroupInviteCreated.build({ groupId: group._id, inviteId: _id, inviterId: actor.id, inviteeId: invitee })],
    };
    await this.repository.insertInvite(invite);
    await flushOutbox(this.repository.invites, _id, this.events);
    const { outbox: _pending, ...stored } = invite;
    return { token, invite: stored };
  }

  async approveJoinRequest(viewer: Viewer | null, groupId: string, userId: string, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    checkId(userId, 'userId');
    this.requireOwner(actor, group);
    if (!group.requestIds.includes(userId)) throw notFound('The join request');
    return this.admit(actor, group, userId);
  }

  async declineJoinRequest(viewer: Viewer | null, groupId: string, userId: string, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    checkId(userId, 'userId');
    this.requireOwner(actor, group);
    const declined = group.requestIds.includes(userId) ? await this.repository.removeRequest(group, userId, this.changed(group, userId, actor, 'DECLINED')) : null;
    if (!declined) throw notFound('The join request');
    await flushOutbox(this.repository.groups, group._id, this.events);
    return declined;
  }

  async removeGroupMember(viewer: Viewer | null, groupId: string, userId: string, groupLoaders: GroupLoaders): Promise<StudyGroupDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    checkId(userId, 'userId');
    this.requireOwner(actor, group);
    if (userId === group.ownerId) throw badInput('The owner cannot be removed from their study group.', 'userId');
    const removed = isGroupMember(group, userId) ? await this.repository.removeMember(group, userId, this.changed(group, userId, actor, 'REMOVED')) : null;
    if (!removed) throw notFound('The member');
    await flushOutbox(this.repository.groups, group._id, this.events);
    return removed;
  }

  async sendGroupMessage(viewer: Viewer | null, groupId: string, body: string, groupLoaders: GroupLoaders): Promise<GroupMessageDocument> {
    const actor = signedIn(viewer);
    const group = await this.load(groupId, 'groupId', groupLoaders);
    const text = groupMessageBody(body);
    if (!isGroupMember(group, actor.id)) throw forbidden(MEMBERS_ONLY);
    const id = newId();
    const message: GroupMessageDocument = {
      _id: id, groupId: group._id, authorId: actor.id, body: text, createdAt: new Date(), editedAt: null, deletedAt: null, hiddenAt: null, hiddenReason: null,
      outbox: [GroupMessageSent.build({ messageId: id, groupId: group._id, authorId: actor.id })],
    };
    await this.repository.insertMessage(message);
    await flushOutbox(this.repository.messages, id, this.events);
    const { outbox: _pending, ...stored } = message;
    return stored;
  }

  // ---------------------------------------------------------------- peer matching

  /**
   * The course's groups the viewer is not in and that have room, ranked by how many of the
   * group's courses the viewer takes too (0.6) and how close the members' progress in the course
   * is to the viewer's (0.4). Progress is the count of lessons completed, which engagement learns
   * from learning's LessonCompleted events (groups/progress.ts); members are sampled.
   */
  async suggestedStudyGroups(viewer: Viewer | null, courseId: string, first: number | null | undefined, loaders: EngagementLoaders): Promise<SuggestedStudyGroupModel[]> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const size = first ?? 5;
    if (!Number.isInteger(size) || size < 0 || size > GROUP_LIMITS.suggestions) throw badInput(`first must be between 0 and ${GROUP_LIMITS.suggestions}.`, 'first');
    await this.membership.requireMember(actor, courseId, loaders);
    const candidates = (await this.repository.courseGroups(courseId, GROUP_LIMITS.suggestionCandidates))
      .filter((g) => !isGroupMember(g, actor.id) && g.memberCount < g.capacity);
    const samples = new Map(candidates.map((g) => [g._id, g.memberIds.slice(0, GROUP_LIMITS.progressSample)]));
    const progress = await this.repository.completedLessons(courseId, [actor.id, ...new Set([...samples.values()].flat())]);
    const mine = progress.get(actor.id) ?? 0;
    const shares = await Promise.all(candidates.map((group) => this.coursesTaken(actor, group.courseIds, loaders)));
    const ranked: SuggestedStudyGroupModel[] = [];
    for (const [i, group] of candidates.entries()) {
      const shared = shares[i]!;
      const sample = samples.get(group._id)!;
      const mean = sample.length === 0 ? 0 : sample.reduce((sum, u) => sum + (progress.get(u) ?? 0), 0) / sample.length;
      const closeness = 1 - Math.abs(mine - mean) / Math.max(mine, mean, 1);
      const score = Math.round((0.6 * (shared / group.courseIds.length) + 0.4 * closeness) * 1000) / 1000;
      ranked.push({ group, score, sharedCourses: shared, membersLessonsCompleted: Math.round(mean * 10) / 10, viewerLessonsCompleted: mine });
    }
    return ranked.sort((a, b) => b.score - a.score || (a.group._id < b.group._id ? 1 : -1)).slice(0, size);
  }

  private changed(group: StudyGroupDocument, userId: string, actor: Viewer, change: StudyGroupMemberChangedData['change']) {
    return StudyGroupMemberChanged.build({ groupId: group._id, userId, actorId: actor.id, change });
  }
}

/** A page of a list kept in the group's document, in its stored order; the cursor names the user. */
function slice<T>(rows: T[], keyOf: (row: T) => string, first: number | null | undefined, after: string | null | undefined, fallback: number): Connection<T> {
  const size = pageSize(first, fallback);
  let start = 0;
  if (after !== null && after !== undefined) {
    let key: unknown[] | undefined;
    try {
      key = decodeCursor(after, 1);
    } catch {
      throw invalidCursor('after');
    }
    const index = rows.findIndex((row) => keyOf(row) === key?.[0]);
    if (index < 0) throw invalidCursor('after');
    start = index + 1;
  }
  return connectionOf(rows.slice(start, start + size + 1), size, rows.length, (row) => encodeCursor([keyOf(row)]));
}
