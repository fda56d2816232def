import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let admin: TestUser;
const tag = `z${Date.now().toString(36)}`;
const people: Record<string, TestUser> = {};

const USERS = `query($f: UserFilter, $n: Int, $after: String) {
  users(filter: $f, first: $n, after: $after) {
    edges { cursor node { id displayName email roles status } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const users = async (filter: Record<string, unknown>, first = 50, after: string | null = null) => {
  const res = await t.gql(USERS, { f: filter, n: first, after }, { token: admin.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.users as { edges: { cursor: string; node: { id: string; displayName: string; email: string; roles: string[]; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};
const names = async (filter: Record<string, unknown>) => (await users(filter)).edges.map((e) => e.node.displayName);

beforeAll(async () => {
  t = await startTestStack();
  admin = await signUp(t, ['ADMIN'], `${tag} Admin`);
  people.ada = await signUp(t, [], `${tag} Ada Lovelace`);
  people.alan = await signUp(t, ['INSTRUCTOR'], `${tag} Alan Turing`);
  people.grace = await signUp(t, ['INSTRUCTOR'], `${tag} Grace Hopper`);
  await t.gql('mutation($u: ID!) { suspendUser(userId: $u, reason: "Testing the filter") { id } }', { u: people.grace!.id }, { token: admin.token });
});
afterAll(async () => t?.close());

describe('searching users as an ADMIN', () => {
  it('by the start of any word of the name, case-insensitively, newest first', async () => {
    expect(await names({ search: tag })).toEqual([`${tag} Grace Hopper`, `${tag} Alan Turing`, `${tag} Ada Lovelace`, `${tag} Admin`]);
    expect(await names({ search: `${tag.toUpperCase()} A` })).toEqual([`${tag} Alan Turing`, `${tag} Ada Lovelace`, `${tag} Admin`]);
    expect(await names({ search: 'lovel' })).toContain(`${tag} Ada Lovelace`);
    // A word's middle is no match.
    expect(await names({ search: 'ovelace' })).not.toContain(`${tag} Ada Lovelace`);
  });

  it('by the start of the email, with the email shown to the ADMIN', async () => {
    const page = await users({ search: people.ada!.email.slice(0, 12) });
    expect(page.edges.map((e) => e.node)).toContainEqual({ id: people.ada!.id, displayName: `${tag} Ada Lovelace`, email: people.ada!.email, roles: ['STUDENT'], status: 'ACTIVE' });
  });

  it('by role and by status, combined with the search', async () => {
    expect(await names({ search: tag, role: 'INSTRUCTOR' })).toEqual([`${tag} Grace Hopper`, `${tag} Alan Turing`]);
    expect(await names({ search: tag, status: 'SUSPENDED' })).toEqual([`${tag} Grace Hopper`]);
    expect(await names({ search: tag, role: 'INSTRUCTOR', status: 'ACTIVE' })).toEqual([`${tag} Alan Turing`]);
  });

  it('takes the search as plain text, never as a pattern', async () => {
    expect(await names({ search: '.*' })).toEqual([]);
    expect(await names({ search: `${tag} (A|G)` })).toEqual([]);
  });

  it('pages without gaps or repeats', async () => {
    const one = await users({ search: tag }, 3);
    const two = await users({ search: tag }, 3, one.pageInfo.endCursor);
    expect([one.pageInfo.hasNextPage, two.pageInfo.hasNextPage]).toEqual([true, false]);
    expect([...one.edges, ...two.edges].map((e) => e.node.displayName)).toEqual(await names({ search: tag }));
  });

  it('refuses a page over 50, an empty or long search and a forged cursor with BAD_USER_INPUT', async () => {
    const refused = async (filter: Record<string, unknown>, n = 10, after: string | null = null) => {
      const res = await t.gql(USERS, { f: filter, n, after }, { token: admin.token });
      return [codeOf(res), res.errors?.[0]?.extensions?.field];
    };
    expect(await refused({}, 51)).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await refused({ search: '  ' })).toEqual(['BAD_USER_INPUT', 'search']);
    expect(await refused({ search: 'a'.repeat(101) })).toEqual(['BAD_USER_INPUT', 'search']);
    expect(await refused({}, 10, Buffer.from('["not an id"]').toString('base64url'))).toEqual(['BAD_USER_INPUT', 'after']);
  });

  it('reads a page in one query of the users collection returning at most first + 1 documents', async () => {
    const count = await t.countCommands(() => users({ search: tag }, 2), ['identity_users']);
    expect(count.byCollection).toEqual({ 'find identity_users': 1 });
    expect(count.documents).toBeLessThanOrEqual(3);
  });
});

describe("a user's sessions as an ADMIN sees them", () => {
  const SESSIONS = 'query($id: ID!, $n: Int) { user(id: $id) { sessions(first: $n) { id createdAt lastUsedAt active } } }';
  it('lists each sign-in newest first, its last use moving with a refresh, ended ones inactive', async () => {
    // Unverified: a verified sign-up refreshes its first session (a token that says verified).
    const user = await signUp(t, [], undefined, { verified: false });
    const second = (await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { refreshToken } }', { e: user.email, p: user.password })).data!.login;
    await new Promise((r) => setTimeout(r, 20));
    await t.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: second.refreshToken });
    await t.gql('mutation($t: String!) { logout(refreshToken: $t) }', { t: user.refreshToken });
    const sessions = (await t.gql(SESSIONS, { id: user.id, n: 10 }, { token: admin.token })).data!.user.sessions as { createdAt: string; lastUsedAt: string; active: boolean }[];
    expect(sessions.map((s) => s.active)).toEqual([true, false]);
    expect(Date.parse(sessions[0]!.lastUsedAt)).toBeGreaterThan(Date.parse(sessions[0]!.createdAt));
    expect(sessions[1]!.lastUsedAt).toBe(sessions[1]!.createdAt);
    expect((await t.gql(SESSIONS, { id: user.id, n: 1 }, { token: admin.token })).data!.user.sessions).toHaveLength(1);
    expect(codeOf(await t.gql(SESSIONS, { id: user.id, n: 51 }, { token: admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('shows every session inactive after a suspension', async () => {
    const user = await signUp(t);
    await t.gql('mutation($u: ID!) { suspendUser(userId: $u, reason: "Sessions check") { id } }', { u: user.id }, { token: admin.token });
    const sessions = (await t.gql(SESSIONS, { id: user.id, n: 10 }, { token: admin.token })).data!.user.sessions as { active: boolean }[];
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => !s.active)).toBe(true);
  });
});
