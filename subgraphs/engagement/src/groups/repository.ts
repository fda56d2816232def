import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { MongoRepository, byIds, isDuplicateKey, pageOf, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import { visiblePostsFilter } from '../moderation/repository.ts';
import type { GroupInviteDocument, GroupMemberEntry, GroupMessageDocument, JoinRequestEntry, LessonProgressDocument, StudyGroupDocument } from './models.ts';

export const STUDY_GROUPS = 'engagement_study_groups';
export const GROUP_MESSAGES = 'engagement_group_messages';
export const GROUP_INVITES = 'engagement_group_invites';
export const LESSON_PROGRESS = 'engagement_lesson_progress';

export const groupsIndexes: CollectionIndexes[] = [
  {
    collection: STUDY_GROUPS,
    indexes: [
      { key: { courseIds: 1, _id: -1 }, name: 'course_newest' },
      { key: { memberIds: 1, _id: -1 }, name: 'member_newest' },
      { key: { searchTerms: 1 }, name: 'search_terms' },
    ],
  },
  { collection: GROUP_MESSAGES, indexes: [{ key: { groupId: 1, _id: -1 }, name: 'group_newest' }] },
  { collection: GROUP_INVITES, indexes: [{ key: { groupId: 1, inviteeId: 1 }, name: 'group_invitee' }] },
  { collection: LESSON_PROGRESS, indexes: [{ key: { courseId: 1 }, name: 'course' }] },
];

export const progressId = (courseId: string, userId: string) => `${courseId}:${userId}`;

/** All MongoDB access of study groups, their chat, invites and the progress projection for matching. */
export class GroupsRepository extends MongoRepository {
  readonly groups = this.db.collection<StudyGroupDocument>(STUDY_GROUPS);
  readonly messages = this.db.collection<GroupMessageDocument>(GROUP_MESSAGES);
  readonly invites = this.db.collection<GroupInviteDocument>(GROUP_INVITES);
  readonly progress = this.db.collection<LessonProgressDocument>(LESSON_PROGRESS);

  groupLoader(): DataLoader<string, StudyGroupDocument | null> {
    return new DataLoader(async (ids) => {
      const found = await this.groups.find(byIds(ids)).toArray();
      const byId = new Map(found.map((g) => [g._id, g]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Whether `userId` holds an unexpired personal invite, by group id. */
  invitedLoader(userId: string): DataLoader<string, boolean> {
    return new DataLoader(async (groupIds) => {
      const found = await this.invites.find({ inviteeId: userId, groupId: { $in: [...groupIds] }, expiresAt: { $gt: new Date() } }, { projection: { groupId: 1 } }).toArray();
      const invited = new Set(found.map((i) => i.groupId));
      return groupIds.map((id) => invited.has(id));
    });
  }

  // ---------------------------------------------------------------- groups

  async insertGroup(group: StudyGroupDocument): Promise<void> {
    await this.groups.insertOne(group);
  }

  findGroup(id: string): Promise<StudyGroupDocument | null> {
    return this.groups.findOne({ _id: id });
  }

  groupsPage(filter: Filter<StudyGroupDocument>, beforeId: string | undefined, limit: number) {
    return pageOf(this.groups, filter, beforeId ? { _id: { $lt: beforeId } } : null, { _id: -1 }, limit);
  }

  /** A course's groups for matching (bounded: suggestions look at the newest ones). */
  courseGroups(courseId: string, limit: number): Promise<StudyGroupDocument[]> {
    return this.groups.find({ courseIds: courseId }).sort({ _id: -1 }).limit(limit).toArray();
  }

  /**
   * Adds a member if there is room and they are not one yet, in one conditional update (the
   * capacity read with the group is part of the guard), withdrawing their request in the same
   * write. Null when the guard failed: full, or a member already.
   */
  addMember(group: StudyGroupDocument, userId: string, event: DomainEvent): Promise<StudyGroupDocument | null> {
    const entry: GroupMemberEntry = { userId, joinedAt: new Date() };
    const request = group.requests.filter((r) => r.userId === userId);
    return this.groups.findOneAndUpdate(
      { _id: group._id, capacity: group.capacity, memberIds: { $ne: userId }, memberCount: { $lt: group.capacity } },
      {
        $push: { memberIds: userId, members: entry, ...pushToOutbox(event) },
        $inc: { memberCount: 1 },
        ...(request.length > 0 ? { $pullAll: { requestIds: [userId], requests: request } } : {}),
        $set: { updatedAt: new Date() },
      },
      { returnDocument: 'after' },
    );
  }

  /**
   * addMember for many users at once (the bulk load): all of them or none, while none of them is
   * a member and there is room for all, in one conditional update.
   */
  addMembers(group: StudyGroupDocument, userIds: string[], events: DomainEvent[]): Promise<StudyGroupDocument | null> {
    const joinedAt = new Date();
    const entries: GroupMemberEntry[] = userIds.map((userId) => ({ userId, joinedAt }));
    const requests = group.requests.filter((r) => userIds.includes(r.userId));
    return this.groups.findOneAndUpdate(
      { _id: group._id, capacity: group.capacity, memberIds: { $nin: userIds }, memberCount: { $lte: group.capacity - userIds.length } },
      {
        $push: { memberIds: { $each: userIds }, members: { $each: entries }, ...pushToOutbox(...events) },
        $inc: { memberCount: userIds.length },
        ...(requests.length > 0 ? { $pullAll: { requestIds: requests.map((r) => r.userId), requests } } : {}),
        $set: { updatedAt: joinedAt },
      },
      { returnDocument: 'after' },
    );
  }

  /** Takes a member out (never the owner): null when they were not a member any more. */
  removeMember(group: StudyGroupDocument, userId: string, event: DomainEvent): Promise<StudyGroupDocument | null> {
    const entries = group.members.filter((m) => m.userId === userId);
    return this.groups.findOneAndUpdate(
      { _id: group._id, memberIds: userId, ownerId: { $ne: userId } },
      { $pullAll: { memberIds: [userId], members: entries }, $inc: { memberCount: -1 }, $push: pushToOutbox(event), $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  /** Records a join request once; null when one is pending already or they are a member. */
  addRequest(groupId: string, userId: string, event: DomainEvent): Promise<StudyGroupDocument | null> {
    const entry: JoinRequestEntry = { userId, requestedAt: new Date() };
    return this.groups.findOneAndUpdate(
      { _id: groupId, requestIds: { $ne: userId }, memberIds: { $ne: userId } },
      { $push: { requestIds: userId, requests: entry, ...pushToOutbox(event) }, $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  /** Withdraws or declines a pending request; null when there was none. */
  removeRequest(group: StudyGroupDocument, userId: string, event: DomainEvent): Promise<StudyGroupDocument | null> {
    const entries = group.requests.filter((r) => r.userId === userId);
    return this.groups.findOneAndUpdate(
      { _id: group._id, requestIds: userId },
      { $pullAll: { requestIds: [userId], requests: entries }, $push: pushToOutbox(event), $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  // ---------------------------------------------------------------- chat

  async insertMessage(message: GroupMessageDocument): Promise<void> {
    await this.messages.insertOne(message);
  }

  findMessage(id: string): Promise<GroupMessageDocument | null> {
    return this.messages.findOne({ _id: id });
  }

  /** Newest first before `beforeId`, as moderation lets `viewerId` see them (`staff`: the owner, ADMIN, who see hidden ones too). */
  messagesPage(groupId: string, viewerId: string, staff: boolean, beforeId: string | undefined, limit: number) {
    const filter = { groupId, ...visiblePostsFilter(viewerId, staff) } as Filter<GroupMessageDocument>;
    return pageOf(this.messages, filter, beforeId ? { _id: { $lt: beforeId } } : null, { _id: -1 }, limit);
  }

  // ---------------------------------------------------------------- invites

  async insertInvite(invite: GroupInviteDocument): Promise<void> {
    await this.invites.insertOne(invite);
  }

  findInvite(tokenHash: string): Promise<GroupInviteDocument | null> {
    return this.invites.findOne({ _id: tokenHash });
  }

  // ---------------------------------------------------------------- progress (peer matching)

  /** Counts a completed lesson once: a replayed event finds the lesson there already. */
  async recordLessonCompleted(courseId: string, userId: string, lessonId: string): Promise<void> {
    const _id = progressId(courseId, userId);
    try {
      await this.progress.updateOne(
        { _id, lessonIds: { $ne: lessonId } },
        { $push: { lessonIds: lessonId }, $inc: { completed: 1 }, $setOnInsert: { courseId, userId } },
        { upsert: true },
      );
    } catch (error) {
      // The document exists and holds the lesson: the upsert tried to insert a second one.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Lessons completed in a course by each of `userIds` (absent: none). */
  async completedLessons(courseId: string, userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const found = await this.progress.find(byIds(userIds.map((u) => progressId(courseId, u))), { projection: { userId: 1, completed: 1 } }).toArray();
    return new Map(found.map((p) => [p.userId, p.completed]));
  }

  async clearProgress(): Promise<void> {
    await this.progress.deleteMany({});
  }
}
