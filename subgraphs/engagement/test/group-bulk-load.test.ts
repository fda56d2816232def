import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '@lg/platform';
import { actor, enroll, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

// The benchmark's bulk load of a study group (importMembers) admits its members in one write; every
// consumer of the group's events must end as if they had joined one by one, so the events logged
// and the group stored must be the same.

let h: EngagementHarness;
let owner: Actor;
let courseId: string;
beforeAll(async () => {
  h = await startEngagement();
  owner = actor(h, 'STUDENT', 'INSTRUCTOR');
  courseId = (await seedCourse(h, owner))._id;
});
afterAll(async () => h?.close());

const groupsService = () => h.subgraph.services.groups;
const loadersOf = (who: Actor) => h.subgraph.services.membership.loaders(who.viewer);

async function newGroup(capacity: number, visibility: 'PUBLIC' | 'INVITE_ONLY' = 'PUBLIC') {
  return groupsService().createStudyGroup(owner.viewer, { name: 'Bulk group', courseIds: [courseId], capacity, visibility }, loadersOf(owner));
}

async function students(n: number): Promise<Actor[]> {
  const made = Array.from({ length: n }, () => actor(h, 'STUDENT'));
  for (const student of made) await enroll(h, student, courseId);
  await h.settle();
  return made;
}

const eventsOf = async (groupId: string) =>
  h.platform.db.collection<LoggedEvent>('platform_events').find({ type: 'StudyGroupMemberChanged', 'data.groupId': groupId }).sort({ seq: 1 }).toArray();

/** Each event as a joiner of the i-th place would log it: the group and the user named by position. */
const shapeOf = (events: LoggedEvent[], groupId: string, userIds: string[]) =>
  events.map((e) => ({ type: e.type, userId: userIds.indexOf(String(e.userId)), aggregateId: e.aggregateId === groupId, data: { ...e.data, groupId: e.data.groupId === groupId, userId: userIds.indexOf(String(e.data.userId)), actorId: userIds.indexOf(String(e.data.actorId)) } }));

const storedShape = (group: { memberIds: string[]; members: { userId: string }[]; memberCount: number; outbox?: unknown[] }, userIds: string[]) => ({
  memberIds: group.memberIds.map((id) => (id === owner.id ? 'owner' : userIds.indexOf(id))),
  members: group.members.map((m) => (m.userId === owner.id ? 'owner' : userIds.indexOf(m.userId))),
  memberCount: group.memberCount,
});

describe('a study group filled in bulk', () => {
  it('is stored and logged exactly as one joined one by one: the same members in order, count and events, in one append', async () => {
    const [single, bulk] = [await newGroup(10), await newGroup(10)];
    const [one, many] = [await students(3), await students(3)];
    for (const student of one) await groupsService().joinStudyGroup(student.viewer, single._id, null, loadersOf(student), groupsService().loaders(student.viewer));
    const loaded = await groupsService().importMembers(owner.viewer, bulk._id, many.map((s) => s.id), groupsService().loaders(owner.viewer));

    const stepped = (await h.subgraph.services.groups.loaders(owner.viewer).group.load(single._id))!;
    expect(storedShape(loaded, many.map((s) => s.id))).toEqual(storedShape(stepped, one.map((s) => s.id)));
    expect(storedShape(loaded, many.map((s) => s.id))).toEqual({ memberIds: ['owner', 0, 1, 2], members: ['owner', 0, 1, 2], memberCount: 4 });
    const [logged1, loggedMany] = [await eventsOf(single._id), await eventsOf(bulk._id)];
    expect(shapeOf(loggedMany, bulk._id, many.map((s) => s.id))).toEqual(shapeOf(logged1, single._id, one.map((s) => s.id)));
    expect(loggedMany.map((e) => e.data.change)).toEqual(['JOINED', 'JOINED', 'JOINED']);
    // One append: consecutive positions in the log; and nothing left in the outbox.
    expect(loggedMany.map((e) => e.seq - loggedMany[0]!.seq)).toEqual([0, 1, 2]);
    const stored = await h.platform.db.collection('engagement_study_groups').findOne({ _id: bulk._id as never });
    expect(stored!.outbox).toEqual([]);
    // The members are members as the API tells it: each may write to the group's chat.
    await expect(groupsService().sendGroupMessage(many[2]!.viewer, bulk._id, 'Hello', groupsService().loaders(many[2]!.viewer))).resolves.toMatchObject({ body: 'Hello' });
  });

  it('skips users who are members already, as joining twice does', async () => {
    const group = await newGroup(10);
    const [first, second] = await students(2);
    await groupsService().importMembers(owner.viewer, group._id, [first!.id], groupsService().loaders(owner.viewer));
    const again = await groupsService().importMembers(owner.viewer, group._id, [first!.id, second!.id, second!.id], groupsService().loaders(owner.viewer));
    expect(again.memberIds).toEqual([owner.id, first!.id, second!.id]);
    expect((await eventsOf(group._id)).map((e) => e.data.userId)).toEqual([first!.id, second!.id]);
  });

  it("is refused, with nothing written, to anyone but the owner, for a user who takes none of the group's courses, past the capacity, and for an invite-only group", async () => {
    const group = await newGroup(3);
    const [a, b, c] = await students(3);
    const stranger = actor(h, 'STUDENT');
    const attempt = (who: Actor, ids: string[], groupId = group._id) =>
      groupsService().importMembers(who.viewer, groupId, ids, groupsService().loaders(who.viewer)).then(() => 'written', (e: { extensions?: { code?: string } }) => e.extensions?.code);
    expect(await attempt(a!, [b!.id])).toBe('FORBIDDEN');
    expect(await attempt(owner, [a!.id, stranger.id])).toBe('FORBIDDEN');
    expect(await attempt(owner, [a!.id, b!.id, c!.id])).toBe('CONFLICT');
    expect(await attempt(owner, [a!.id, 'not an id'])).toBe('BAD_USER_INPUT');
    const closed = await newGroup(5, 'INVITE_ONLY');
    expect(await attempt(owner, [a!.id], closed._id)).toBe('BAD_USER_INPUT');
    expect((await h.subgraph.services.groups.loaders(owner.viewer).group.load(group._id))!.memberIds).toEqual([owner.id]);
    expect(await eventsOf(group._id)).toEqual([]);
    expect(await eventsOf(closed._id)).toEqual([]);
  });
});
