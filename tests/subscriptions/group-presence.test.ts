import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { CREATE_GROUP, JOIN_GROUP, ok } from '../support/community.ts';
import { enrol, waitFor } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClient, wsClients } from '../support/ws.ts';

// Presence of a study group through the gateway, over HTTP and WebSocket: who of the group's
// members is online (each signed-in socket counts), live as they come and go; only the group's
// members and ADMIN ask or listen; a member removed by the owner is refused at the next change.

let t: TestStack;
let owner: TestUser;
let member: TestUser;
let classmate: TestUser;
let admin: TestUser;
let groupId: string;
const clients = wsClients(() => t.url);

const PRESENCE = `query($g: ID!) { presence(scope: { groupId: $g }) { onlineCount online { id } } }`;
const LISTEN = `subscription($g: ID!) { presenceChanged(scope: { groupId: $g }) { groupId courseId online user { id displayName } } }`;
const onlineIds = async (who: TestUser) => (await ok(t, who, PRESENCE, { g: groupId })).presence.online.map((u: { id: string }) => u.id) as string[];
const heard = (results: readonly any[], userId: string, online: boolean) =>
  results.some((r) => r.data?.presenceChanged.user.id === userId && r.data.presenceChanged.online === online);

beforeAll(async () => {
  t = await startTestStack();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Presence Group Instructor');
  owner = await signUp(t, [], 'Gina Group Owner');
  member = await signUp(t, [], 'Max Group Member');
  classmate = await signUp(t, [], 'Cleo Classmate');
  admin = await signUp(t, ['ADMIN'], 'Presence Group Admin');
  const courseId = (await createCourse(t, instructor, { title: 'Group presence course' })).id;
  for (const who of [owner, member, classmate]) await enrol(t, who, courseId);
  groupId = (await ok(t, owner, CREATE_GROUP, { input: { name: 'Presence group', courseIds: [courseId], capacity: 10 } })).createStudyGroup.id;
  await ok(t, member, JOIN_GROUP, { g: groupId });
});
afterAll(async () => {
  await clients.disposeAll();
  await t?.close();
});

describe('presence of a study group', () => {
  it('a member sees a classmate of the group come online and go offline, in the presence query and live; a course classmate outside the group is never announced', async () => {
    const changes = subscribe(clients.client(owner.token), LISTEN, { g: groupId });
    await settleSubscriptions();
    expect(await onlineIds(owner)).toEqual([owner.id]);

    const memberSocket = wsClient(t.url, member.token);
    const outsideSocket = wsClient(t.url, classmate.token);
    try {
      await waitFor(async () => changes.results, (r) => heard(r, member.id, true), 'the member online, live');
      expect((await ok(t, owner, PRESENCE, { g: groupId })).presence).toEqual({ onlineCount: 2, online: expect.arrayContaining([{ id: owner.id }, { id: member.id }]) });
      expect(changes.results.find((r: any) => r.data?.presenceChanged.user.id === member.id)).toEqual({
        data: { presenceChanged: { groupId, courseId: null, online: true, user: { id: member.id, displayName: 'Max Group Member' } } },
      });
    } finally {
      await memberSocket.dispose();
      await outsideSocket.dispose();
    }
    await waitFor(async () => changes.results, (r) => heard(r, member.id, false), 'the member offline, live');
    expect(await onlineIds(owner)).toEqual([owner.id]);
    expect(changes.results.some((r: any) => r.data?.presenceChanged.user.id === classmate.id)).toBe(false);
    expect(changes.results.every((r: any) => !r.errors)).toBe(true);
    changes.unsubscribe();
  });

  it('a course classmate outside the group, and an anonymous caller, are refused the query and the subscription and hear nothing; ADMIN is let in', async () => {
    const refused = subscribe(clients.client(classmate.token), LISTEN, { g: groupId });
    const anonymous = subscribe(clients.client(), LISTEN, { g: groupId });
    const admins = subscribe(clients.client(admin.token), LISTEN, { g: groupId });
    await Promise.all([refused.ended, anonymous.ended]);
    expect(refused.results.map((r: any) => r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(anonymous.results[0]?.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    const asked = await t.gql(PRESENCE, { g: groupId }, { token: classmate.token });
    expect(asked.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(asked.data?.presence).toBeNull();

    await settleSubscriptions();
    const memberSocket = wsClient(t.url, member.token);
    try {
      await waitFor(async () => admins.results, (r) => heard(r, member.id, true), 'ADMIN hears the member online');
    } finally {
      await memberSocket.dispose();
    }
    expect(refused.results.filter((r: any) => r.data)).toEqual([]);
    expect((await ok(t, admin, PRESENCE, { g: groupId })).presence.online.map((u: { id: string }) => u.id)).toContain(owner.id);
    admins.unsubscribe();
  });

  it('a member removed by the owner is refused at the next change and hears no more, while the others still hear it', async () => {
    const removed = await signUp(t, [], 'Rory Removed');
    await enrol(t, removed, (await ok(t, owner, `query($g: ID!) { studyGroup(id: $g) { courses { id } } }`, { g: groupId })).studyGroup.courses[0].id);
    await ok(t, removed, JOIN_GROUP, { g: groupId });
    const theirs = subscribe(clients.client(removed.token), LISTEN, { g: groupId });
    const owners = subscribe(clients.client(owner.token), LISTEN, { g: groupId });
    await settleSubscriptions();
    const first = wsClient(t.url, member.token);
    await waitFor(async () => theirs.results, (r) => heard(r, member.id, true), 'the member online, heard by the one about to be removed');
    await first.dispose();
    await waitFor(async () => theirs.results, (r) => heard(r, member.id, false), 'the member offline, heard too');

    await ok(t, owner, `mutation($g: ID!, $u: ID!) { removeGroupMember(groupId: $g, userId: $u) { memberCount } }`, { g: groupId, u: removed.id });
    expect((await t.gql(PRESENCE, { g: groupId }, { token: removed.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The removal is in the log the gateway reads; the next presence change finds it there.
    await settleSubscriptions();
    const before = theirs.results.length;
    const again = wsClient(t.url, member.token);
    try {
      await waitFor(async () => owners.results, (r) => r.filter((x: any) => x.data?.presenceChanged.user.id === member.id && x.data.presenceChanged.online).length >= 2, 'the owner hears the member online again');
      await theirs.ended;
    } finally {
      await again.dispose();
    }
    expect(theirs.results.slice(before).map((r: any) => r.data?.presenceChanged ?? r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
    owners.unsubscribe();
  });

  it('a scope with both a course and a group, or neither, or a malformed group id is BAD_USER_INPUT; an unknown group is NOT_FOUND', async () => {
    const code = async (scope: string, variables: Record<string, unknown> = {}) =>
      (await t.gql(`query($g: ID) { presence(scope: ${scope}) { onlineCount } }`, variables, { token: owner.token })).errors?.[0]?.extensions?.code;
    expect(await code('{ groupId: $g, courseId: $g }', { g: groupId })).toBe('BAD_USER_INPUT');
    expect(await code('{}')).toBe('BAD_USER_INPUT');
    expect(await code('{ groupId: $g }', { g: 'not-an-id' })).toBe('BAD_USER_INPUT');
    expect(await code('{ groupId: $g }', { g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })).toBe('NOT_FOUND');
    const both = subscribe(clients.client(owner.token), `subscription($g: ID!) { presenceChanged(scope: { groupId: $g, courseId: $g }) { online } }`, { g: groupId });
    await both.ended;
    expect(both.results[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
