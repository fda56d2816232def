import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { CREATE_GROUP, JOIN_GROUP, ok, student } from '../support/community.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

// groupMessageReceived through the gateway: its members hear each message live; anyone else is
// refused when subscribing and hears nothing; a member removed by the owner stops hearing at once.

let t: TestStack;
let owner: TestUser;
let member: TestUser;
let classmate: TestUser;
let courseId: string;
let groupId: string;
const { client, disposeAll } = wsClients(() => t.url);

const LISTEN = `subscription($g: ID!) { groupMessageReceived(groupId: $g) { body author { displayName } group { name memberCount } } }`;
const send = (who: TestUser, body: string) => ok(t, who, `mutation($g: ID!, $b: String!) { sendGroupMessage(groupId: $g, body: $b) { id } }`, { g: groupId, b: body });

beforeAll(async () => {
  t = await startTestStack();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Group Live Instructor');
  owner = await signUp(t, [], 'Olga Owner');
  member = await signUp(t, [], 'Mia Member');
  classmate = await signUp(t, [], 'Carl Classmate');
  courseId = (await createCourse(t, instructor, { title: 'Live groups course' })).id;
  for (const who of [owner, member, classmate]) await ok(t, who, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId });
  groupId = (await ok(t, owner, CREATE_GROUP, { input: { name: 'Live group', courseIds: [courseId], capacity: 5 } })).createStudyGroup.id;
  await ok(t, member, JOIN_GROUP, { g: groupId });
});
afterAll(async () => {
  await disposeAll();
  await t?.close();
});

describe('live study group chat through the gateway', () => {
  it("a member's message reaches the other member with fields of two subgraphs", async () => {
    const sub = subscribe(client(owner.token), LISTEN, { g: groupId });
    await settleSubscriptions();
    await send(member, 'Hello group');
    expect(await sub.nth(1)).toEqual({ data: { groupMessageReceived: { body: 'Hello group', author: { displayName: 'Mia Member' }, group: { name: 'Live group', memberCount: 2 } } } });
    sub.unsubscribe();
  });

  it('a classmate of the course who is not in the group, a stranger, and an anonymous caller are refused and hear nothing', async () => {
    const stranger = student(t);
    const refused = [
      subscribe(client(classmate.token), LISTEN, { g: groupId }),
      subscribe(client(stranger.token), LISTEN, { g: groupId }),
      subscribe(client(), LISTEN, { g: groupId }),
    ];
    await Promise.all(refused.map((s) => s.ended));
    await send(member, 'not for outsiders');
    await settleSubscriptions();
    const codes = refused.map((s) => s.results.map((r: any) => r.errors?.[0]?.extensions?.code));
    expect(codes[0]).toEqual(['FORBIDDEN']);
    expect(codes[1]).toEqual(['FORBIDDEN']);
    expect(codes[2]?.[0]).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    expect(refused.flatMap((s) => s.results.filter((r: any) => r.data))).toEqual([]);
  });

  it('a member removed by the owner stops hearing at once: the next message ends their subscription, the others still hear it', async () => {
    const removed = await signUp(t, [], 'Rita Removed');
    await ok(t, removed, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId });
    await ok(t, removed, JOIN_GROUP, { g: groupId });
    const theirs = subscribe(client(removed.token), `subscription($g: ID!) { groupMessageReceived(groupId: $g) { body } }`, { g: groupId });
    const owners = subscribe(client(owner.token), `subscription($g: ID!) { groupMessageReceived(groupId: $g) { body } }`, { g: groupId });
    await settleSubscriptions();
    await send(member, 'before the removal');
    expect(await theirs.nth(1)).toEqual({ data: { groupMessageReceived: { body: 'before the removal' } } });

    await ok(t, owner, `mutation($g: ID!, $u: ID!) { removeGroupMember(groupId: $g, userId: $u) { memberCount } }`, { g: groupId, u: removed.id });
    await send(member, 'after the removal');
    expect(await owners.nth(2)).toEqual({ data: { groupMessageReceived: { body: 'after the removal' } } });
    await theirs.ended;
    expect(theirs.results.map((r: any) => r.data?.groupMessageReceived?.body ?? r.errors?.[0]?.extensions?.code)).toEqual(['before the removal', 'FORBIDDEN']);
    owners.unsubscribe();
  });

  it("the owner hides a message: the other members hear it gone, its author and the owner hear it hidden; a deletion is gone for everyone; a classmate outside the group is refused", async () => {
    const CHANGES = `subscription($g: ID!) { groupMessageChanged(groupId: $g) { change kind postId groupMessage { id body hiddenAt hiddenReason } } }`;
    const other = await signUp(t, [], 'Otto Other');
    await ok(t, other, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId });
    await ok(t, other, JOIN_GROUP, { g: groupId });
    const rude = (await send(member, 'Something rude')).sendGroupMessage.id as string;
    const heardBy = { other: subscribe(client(other.token), CHANGES, { g: groupId }), author: subscribe(client(member.token), CHANGES, { g: groupId }), owner: subscribe(client(owner.token), CHANGES, { g: groupId }) };
    const refused = subscribe(client(classmate.token), CHANGES, { g: groupId });
    await settleSubscriptions();
    await ok(t, owner, `mutation($id: ID!) { hidePost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Be kind" }) { __typename } }`, { id: rude });

    expect(await heardBy.other.nth(1)).toEqual({ data: { groupMessageChanged: { change: 'HIDDEN', kind: 'GROUP_MESSAGE', postId: rude, groupMessage: null } } });
    for (const who of [heardBy.author, heardBy.owner]) {
      const change = (await who.nth(1)).data!.groupMessageChanged;
      expect(change.groupMessage).toMatchObject({ id: rude, body: 'Something rude', hiddenReason: 'Be kind' });
      expect(change.groupMessage.hiddenAt).not.toBeNull();
    }

    await ok(t, member, `mutation($id: ID!) { deletePost(input: { kind: GROUP_MESSAGE, id: $id }) }`, { id: rude });
    for (const who of Object.values(heardBy)) {
      expect(await who.nth(2)).toEqual({ data: { groupMessageChanged: { change: 'DELETED', kind: 'GROUP_MESSAGE', postId: rude, groupMessage: null } } });
    }
    await refused.ended;
    expect(refused.results.map((r: any) => r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
    for (const who of Object.values(heardBy)) who.unsubscribe();
  });

  it('a member who leaves hears nothing more either', async () => {
    const leaver = await signUp(t, [], 'Leo Leaver');
    await ok(t, leaver, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId });
    await ok(t, leaver, JOIN_GROUP, { g: groupId });
    const theirs = subscribe(client(leaver.token), `subscription($g: ID!) { groupMessageReceived(groupId: $g) { body } }`, { g: groupId });
    await settleSubscriptions();
    await ok(t, leaver, `mutation($g: ID!) { leaveStudyGroup(groupId: $g) { memberCount } }`, { g: groupId });
    await send(owner, 'after leaving');
    await theirs.ended;
    expect(theirs.results.map((r: any) => r.data?.groupMessageReceived?.body ?? r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
