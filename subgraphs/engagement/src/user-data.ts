import { combineUserData, userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import type { Db } from 'mongodb';
import { BOOKMARKS } from './bookmarks/repository.ts';
import { COMMUNITY_EVENTS } from './calendar/repository.ts';
import { GROUP_INVITES, GROUP_MESSAGES, LESSON_PROGRESS, STUDY_GROUPS } from './groups/repository.ts';
import { BLOCKS, CONVERSATIONS, DIRECT_MESSAGES } from './messages/repository.ts';
import { POST_REPORTS } from './moderation/repository.ts';
import { ANSWERS, CHAT_MESSAGES, MEMBERSHIPS, NOTIFICATIONS, QUESTIONS, VOTES } from './repository.ts';
import { FOLLOWS, PEOPLE, REACTIONS, TEACHING_ASSISTANTS, THREADS, THREAD_REPLIES } from './threads/repository.ts';
import type { StudyGroupDocument } from './groups/models.ts';

/** What a message of a deleted account says: conversations are personal, their words go. */
export const ERASED_MESSAGE = 'This message was deleted with its author\'s account.';

const erasedPost = { set: { body: ERASED_MESSAGE, searchTerms: [] } } as const;

/**
 * Engagement's part, per kind of post:
 * - questions, answers, threads and replies stay with their words (others answered and built on
 *   them); their author is the anonymised account, shown as "Deleted user";
 * - course chat, direct and group messages keep their place in the conversation, their words go;
 * - votes, reactions, follows, bookmarks, notifications, invites and projections of the user go;
 *   a post's score keeps the user's vote (a count names nobody);
 * - study groups drop the user from their members and requests; groups and events they created
 *   stay with the community.
 * Exports hold the user's own posts and records and nobody else's: notifications go without their
 * text (it quotes other people), conversations without their participants, groups without members.
 */
export const engagementUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'engagement',
    ...combineUserData(
      userDataOfCollections(platform.db, [
        { collection: QUESTIONS, field: 'authorId', erase: 'keep' },
        { collection: ANSWERS, field: 'authorId', erase: 'keep' },
        { collection: THREADS, field: 'authorId', erase: 'keep' },
        { collection: THREAD_REPLIES, field: 'authorId', erase: 'keep' },
        { collection: CHAT_MESSAGES, field: 'authorId', erase: erasedPost },
        { collection: DIRECT_MESSAGES, field: 'authorId', erase: erasedPost },
        { collection: GROUP_MESSAGES, field: 'authorId', erase: erasedPost },
        { collection: CONVERSATIONS, field: 'participantIds', omit: ['participantIds', 'reads', 'key'], erase: 'keep' },
        { collection: VOTES, field: 'userId', erase: 'delete' },
        { collection: REACTIONS, field: 'userId', erase: 'delete' },
        { collection: FOLLOWS, field: 'userId', erase: 'delete' },
        { collection: BOOKMARKS, field: 'userId', erase: 'delete' },
        { collection: NOTIFICATIONS, field: 'userId', omit: ['message'], erase: 'delete' },
        { collection: POST_REPORTS, field: 'reporterId', erase: 'keep' },
        { collection: TEACHING_ASSISTANTS, field: 'userId', erase: 'delete' },
        { collection: MEMBERSHIPS, field: 'userId', erase: 'delete' },
        { collection: PEOPLE, field: '_id', erase: 'delete' },
        { collection: LESSON_PROGRESS, field: 'userId', erase: 'delete' },
        { collection: GROUP_INVITES, field: 'inviterId', as: `${GROUP_INVITES}.sent`, erase: 'delete' },
        { collection: GROUP_INVITES, field: 'inviteeId', as: `${GROUP_INVITES}.received`, erase: 'delete' },
        { collection: BLOCKS, field: '_id', erase: 'delete' },
        { collection: COMMUNITY_EVENTS, field: 'organizerId', erase: 'keep' },
      ]),
      groupsOfUser(platform.db),
    ),
  });

/**
 * Study groups hold members as entries ({ userId, joinedAt }) beside the ids; FerretDB's $pull
 * takes no condition on sub-documents, so each group is rewritten under a guard on its member ids.
 */
function groupsOfUser(db: Db) {
  const groups = db.collection<StudyGroupDocument>(STUDY_GROUPS);
  const ofUser = (userId: string) => ({ $or: [{ memberIds: userId }, { requestIds: userId }, { ownerId: userId }] });
  return {
    async export(userId: string) {
      const found = await groups.find(ofUser(userId), { projection: { name: 1, description: 1, courseIds: 1, ownerId: 1, createdAt: 1, members: 1, requests: 1 } }).limit(1000).toArray();
      return {
        [STUDY_GROUPS]: found.map(({ members, requests, ...group }) => ({
          ...group,
          owner: group.ownerId === userId,
          joinedAt: members.find((m) => m.userId === userId)?.joinedAt ?? null,
          requestedAt: requests.find((r) => r.userId === userId)?.requestedAt ?? null,
        })),
      };
    },
    async erase(userId: string) {
      for (const group of await groups.find({ $or: [{ memberIds: userId }, { requestIds: userId }] }).limit(10_000).toArray()) {
        await groups.updateOne(
          { _id: group._id, memberIds: group.memberIds, requestIds: group.requestIds },
          {
            $set: {
              memberIds: group.memberIds.filter((id) => id !== userId),
              members: group.members.filter((m) => m.userId !== userId),
              memberCount: group.members.filter((m) => m.userId !== userId).length,
              requestIds: group.requestIds.filter((id) => id !== userId),
              requests: group.requests.filter((r) => r.userId !== userId),
              updatedAt: new Date(),
            },
          },
        );
      }
    },
  };
}
