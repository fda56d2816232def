import { newId } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadReplyPosted } from '@lg/events';
import { ThreadsRepository } from '../src/threads/repository.ts';
import { actor, as, enrollmentCreated, eventsOf, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let student: Actor;
let threadId: string;

beforeAll(async () => {
  h = await startEngagement();
  const instructor = actor(h, 'INSTRUCTOR');
  const courseId = (await seedCourse(h, instructor))._id;
  student = actor(h, 'STUDENT');
  await h.platform.eventLog.append([enrollmentCreated(student.id, courseId)]);
  await h.settle();
  const res = await h.gql(`mutation($c: ID!) { startThread(input: { courseId: $c, title: "Crashing", body: "Body" }) { id } }`, { c: courseId }, as(student));
  threadId = (res.data as { startThread: { id: string } }).startThread.id;
});
afterAll(async () => h?.close());

const state = async () => {
  const res = await h.gql(`query($t: ID!) { thread(id: $t) { replyCount replies { totalCount edges { node { body } } } } }`, { t: threadId }, as(student));
  return (res.data as { thread: unknown }).thread;
};

describe('a reply accepted when the process died before storing it', () => {
  it('is stored once at the restart, with its event logged once', async () => {
    // What replyToThread's accepting write leaves when the process dies right after it.
    const repository = new ThreadsRepository(h.platform.db);
    const thread = (await repository.threads.findOne({ _id: threadId }))!;
    const id = newId();
    const pending = {
      _id: id, threadId, courseId: thread.courseId, parentId: null, depth: 1 as const, authorId: student.id, body: 'Survived', bodyHtml: '<p>Survived</p>\n',
      reactionCounts: {}, createdAt: new Date(), editedAt: null, deletedAt: null, hiddenAt: null, hiddenReason: null,
      outbox: [ThreadReplyPosted.build({ replyId: id, threadId, parentId: null, courseId: thread.courseId, authorId: student.id, threadTitle: 'Crashing', mentionedUserIds: [] })],
    };
    expect(await repository.acceptReply(threadId, pending)).not.toBeNull();
    expect(await state()).toEqual({ replyCount: 1, replies: { totalCount: 0, edges: [] } });

    await h.restart();
    await h.restart();
    expect(await state()).toEqual({ replyCount: 1, replies: { totalCount: 1, edges: [{ node: { body: 'Survived' } }] } });
    expect((await repository.threads.findOne({ _id: threadId }))!.pendingReplies).toEqual([]);
    expect(await eventsOf(h, { type: 'ThreadReplyPosted', aggregateId: id })).toHaveLength(1);
  });

  it('a reply stored normally leaves nothing pending on its thread', async () => {
    const res = await h.gql(`mutation($t: ID!) { replyToThread(threadId: $t, body: "Normal") { id } }`, { t: threadId }, as(student));
    expect(res.errors).toBeUndefined();
    const repository = new ThreadsRepository(h.platform.db);
    expect((await repository.threads.findOne({ _id: threadId }))!.pendingReplies).toEqual([]);
    expect(await state()).toEqual({ replyCount: 2, replies: { totalCount: 2, edges: [{ node: { body: 'Survived' } }, { node: { body: 'Normal' } }] } });
  });
});
