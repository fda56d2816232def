import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER, codeOf, expiredToken, foreignToken, makeAdmin, registerUser, startIdentity, type IdentityHarness } from './harness.ts';

let h: IdentityHarness;
beforeAll(async () => void (h = await startIdentity()));
afterAll(async () => h?.close());

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken user { id } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const ME = `{ me { id email displayName roles bio } }`;
const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;

/** The user's logged events of these types, oldest first. */
const eventsOf = (userId: string, types: string[]) =>
  h.platform.db.collection('platform_events').find({ aggregateId: userId, type: { $in: types } }).sort({ seq: 1 }).toArray();
const REVOCATIONS = ['SessionRevoked', 'UserSessionsRevoked'];

describe('registration', () => {
  it('a new user registers as a STUDENT, signed in at once, and sees their own email', async () => {
    const user = await registerUser(h.gql, { email: '  Ada.Lovelace@Example.COM ', displayName: 'Ada' });
    expect(user.user).toMatchObject({ email: 'ada.lovelace@example.com', displayName: 'Ada', roles: ['STUDENT'] });
    expect(new Date(user.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await h.gql(ME, {}, { token: user.accessToken });
    expect(me.data!.me).toMatchObject({ id: user.user.id, email: 'ada.lovelace@example.com' });
  });

  it('an email already registered, in any letter case, is a CONFLICT and creates nothing', async () => {
    const first = await registerUser(h.gql);
    const before = await h.subgraph.repository.users.countDocuments();
    const res = await h.gql(REGISTER, { input: { email: first.email.toUpperCase(), password: 'another pass 99', displayName: 'Copy' } });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await h.subgraph.repository.users.countDocuments()).toBe(before);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', password: 'long enough 123', displayName: 'X' }, 'email'],
    ['a password that is too short', { email: 'short@example.com', password: 'abc123', displayName: 'X' }, 'password'],
    ['a password with no digit', { email: 'nodigit@example.com', password: 'only letters here', displayName: 'X' }, 'password'],
    ['an empty display name', { email: 'noname@example.com', password: 'long enough 123', displayName: '   ' }, 'displayName'],
    ['a display name of 81 characters', { email: 'longname@example.com', password: 'long enough 123', displayName: 'x'.repeat(81) }, 'displayName'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is stored', async (_name, input, field) => {
    const before = await h.subgraph.repository.users.countDocuments();
    const res = await h.gql(REGISTER, { input });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await h.subgraph.repository.users.countDocuments()).toBe(before);
  });

  it('wrong types and unknown fields are rejected before anything runs', async () => {
    const before = await h.subgraph.repository.users.countDocuments();
    const wrongType = await h.gql(REGISTER, { input: { email: 42, password: true, displayName: 'X' } });
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    const unknownField = await h.gql(REGISTER, { input: { email: 'x@example.com', password: 'long enough 123', displayName: 'X', isAdmin: true } });
    expect(codeOf(unknownField)).toBe('BAD_USER_INPUT');
    expect(await h.subgraph.repository.users.countDocuments()).toBe(before);
  });

  it('records a UserRegistered event in the platform log, then the audited sign-in of its first session', async () => {
    const user = await registerUser(h.gql);
    const events = await h.platform.db.collection('platform_events').find({ aggregateId: user.user.id }).toArray();
    expect(events.map((e) => e.type)).toEqual(['UserRegistered', 'UserSignedIn']);
    const stored = await h.subgraph.repository.users.findOne({ _id: user.user.id });
    expect(stored!.outbox ?? []).toEqual([]);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe('signing in', () => {
  it('a user signs in with their password', async () => {
    const user = await registerUser(h.gql);
    const res = await h.gql(LOGIN, { email: user.email, password: user.password });
    expect(res.data!.login.user.id).toBe(user.user.id);
  });

  it('an unknown email and a wrong password get the same answer', async () => {
    const user = await registerUser(h.gql);
    const wrong = await h.gql(LOGIN, { email: user.email, password: 'wrong password 1' });
    const unknown = await h.gql(LOGIN, { email: 'nobody@example.com', password: 'wrong password 1' });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('repeated failures for one email are slowed down, even with the right password', async () => {
    const user = await registerUser(h.gql);
    for (let i = 0; i < 5; i += 1) expect(codeOf(await h.gql(LOGIN, { email: user.email, password: 'wrong password 1' }))).toBe('UNAUTHENTICATED');
    const blocked = await h.gql(LOGIN, { email: user.email, password: user.password });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // Another email is not affected.
    const other = await registerUser(h.gql);
    expect((await h.gql(LOGIN, { email: other.email, password: other.password })).data!.login.user.id).toBe(other.user.id);
  });
});

describe('sessions', () => {
  it('a refresh token is exchanged once for a new pair', async () => {
    const user = await registerUser(h.gql);
    const res = await h.gql(REFRESH, { t: user.refreshToken });
    expect(res.data!.refreshSession.refreshToken).not.toBe(user.refreshToken);
    expect((await h.gql(ME, {}, { token: res.data!.refreshSession.accessToken })).data!.me.id).toBe(user.user.id);
  });

  it('replaying a rotated refresh token ends that whole session family', async () => {
    const user = await registerUser(h.gql);
    const rotated = (await h.gql(REFRESH, { t: user.refreshToken })).data!.refreshSession.refreshToken;
    const replay = await h.gql(REFRESH, { t: user.refreshToken });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    // The thief's replay also kills the legitimate holder's newer token.
    expect(codeOf(await h.gql(REFRESH, { t: rotated }))).toBe('UNAUTHENTICATED');
  });

  it('two racing refreshes with one token yield one new session', async () => {
    const user = await registerUser(h.gql);
    const results = await Promise.all([h.gql(REFRESH, { t: user.refreshToken }), h.gql(REFRESH, { t: user.refreshToken })]);
    expect(results.filter((r) => r.data?.refreshSession).length).toBe(1);
  });

  it('logout ends the session; its refresh token no longer works', async () => {
    const user = await registerUser(h.gql);
    expect((await h.gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: user.refreshToken })).data!.logout).toBe(true);
    expect(codeOf(await h.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('an access token names its session, which refreshing keeps; logout logs that session as revoked, once', async () => {
    const user = await registerUser(h.gql);
    const sid = decodeJwt(user.accessToken).sid;
    expect(sid).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    const refreshed = (await h.gql(REFRESH, { t: user.refreshToken })).data!.refreshSession;
    expect(decodeJwt(refreshed.accessToken).sid).toBe(sid);
    const other = (await h.gql(LOGIN, { email: user.email, password: user.password })).data!.login;
    expect(decodeJwt(other.accessToken).sid).not.toBe(sid);
    expect((await h.gql(LOGOUT, { t: refreshed.refreshToken })).data!.logout).toBe(true);
    expect((await h.gql(LOGOUT, { t: refreshed.refreshToken })).data!.logout).toBe(true);
    const events = await eventsOf(user.user.id, REVOCATIONS);
    expect(events.map((e) => [e.type, e.data])).toEqual([['SessionRevoked', { userId: user.user.id, sessionId: sid, reason: 'LOGOUT' }]]);
  });

  it('a replayed refresh token logs its session as revoked', async () => {
    const user = await registerUser(h.gql);
    await h.gql(REFRESH, { t: user.refreshToken });
    await h.gql(REFRESH, { t: user.refreshToken });
    const events = await eventsOf(user.user.id, REVOCATIONS);
    expect(events.map((e) => e.data)).toEqual([{ userId: user.user.id, sessionId: decodeJwt(user.accessToken).sid, reason: 'REFRESH_TOKEN_REUSE' }]);
  });

  it('a forged or garbled refresh token is UNAUTHENTICATED', async () => {
    const user = await registerUser(h.gql);
    const [id] = user.refreshToken.split('.');
    expect(codeOf(await h.gql(REFRESH, { t: `${id}.${'A'.repeat(43)}` }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(REFRESH, { t: 'garbage' }))).toBe('UNAUTHENTICATED');
  });

  it('an expired access token or one signed with another key is UNAUTHENTICATED', async () => {
    const user = await registerUser(h.gql);
    expect(codeOf(await h.gql(ME, {}, { token: await expiredToken(h, user.user.id) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(ME, {}, { token: await foreignToken(user.user.id) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(ME, {}, { headers: { authorization: 'Basic abc' } }))).toBe('UNAUTHENTICATED');
  });

  it('anonymous `me` is null', async () => {
    expect((await h.gql(ME)).data!.me).toBeNull();
  });
});

describe('profiles', () => {
  const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName bio } }`;

  it('a user edits their display name and bio; an empty bio clears it', async () => {
    const user = await registerUser(h.gql);
    const res = await h.gql(UPDATE, { input: { displayName: '  Grace  ', bio: 'Compilers.' } }, { token: user.accessToken });
    expect(res.data!.updateProfile).toEqual({ displayName: 'Grace', bio: 'Compilers.' });
    const cleared = await h.gql(UPDATE, { input: { bio: '' } }, { token: user.accessToken });
    expect(cleared.data!.updateProfile.bio).toBeNull();
  });

  it('an anonymous caller cannot edit a profile, and a too long bio changes nothing', async () => {
    const user = await registerUser(h.gql);
    expect(codeOf(await h.gql(UPDATE, { input: { bio: 'x' } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(UPDATE, { input: { bio: 'x'.repeat(2001) } }, { token: user.accessToken }))).toBe('BAD_USER_INPUT');
    expect((await h.gql(ME, {}, { token: user.accessToken })).data!.me.bio).toBeNull();
  });

  it("another user sees a profile but not its email; an ADMIN sees the email", async () => {
    const owner = await registerUser(h.gql);
    const other = await registerUser(h.gql);
    const adminUser = await registerUser(h.gql);
    const adminToken = await makeAdmin(h, adminUser.user.id, adminUser.password, adminUser.email);
    const q = `query($id: ID!) { user(id: $id) { displayName email } }`;
    expect((await h.gql(q, { id: owner.user.id }, { token: other.accessToken })).data!.user).toEqual({ displayName: owner.user.displayName, email: null });
    expect((await h.gql(q, { id: owner.user.id })).data!.user.email).toBeNull();
    expect((await h.gql(q, { id: owner.user.id }, { token: adminToken })).data!.user.email).toBe(owner.email);
  });

  it('user(id) is null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    expect((await h.gql(`{ user(id: "0190a0a0-0000-7000-8000-000000000000") { id } }`)).data!.user).toBeNull();
    expect(codeOf(await h.gql(`{ user(id: "nope") { id } }`))).toBe('BAD_USER_INPUT');
  });
});

describe('password reset', () => {
  const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
  const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
  const tokenFromMail = async (to: string) => {
    const mail = await h.subgraph.repository.mail.find({ to }).sort({ createdAt: -1 }).limit(1).next();
    return /Reset token: (\S+)/.exec(mail!.text)![1]!;
  };

  it('a user resets a forgotten password once with the mailed token; old sessions end', async () => {
    const user = await registerUser(h.gql);
    expect((await h.gql(REQUEST, { e: user.email })).data!.requestPasswordReset).toBe(true);
    const token = await tokenFromMail(user.email);
    expect((await h.gql(RESET, { t: token, p: 'brand new pass 7' })).data!.resetPassword).toBe(true);
    expect(codeOf(await h.gql(LOGIN, { email: user.email, password: user.password }))).toBe('UNAUTHENTICATED');
    expect((await h.gql(LOGIN, { email: user.email, password: 'brand new pass 7' })).data!.login.user.id).toBe(user.user.id);
    expect(codeOf(await h.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    // Every token of the user signed before the reset is logged as ended; one signed just after it is not.
    const newToken = (await h.gql(LOGIN, { email: user.email, password: 'brand new pass 7' })).data!.login.accessToken as string;
    const ended = (await eventsOf(user.user.id, REVOCATIONS)).map((e) => e.data as { before: number; reason: string });
    expect(ended.map((d) => d.reason)).toEqual(['PASSWORD_RESET', 'PASSWORD_RESET']);
    const before = Math.max(...ended.map((d) => d.before));
    expect(decodeJwt(user.accessToken).iat! * 1000).toBeLessThan(before);
    expect(decodeJwt(newToken).iat! * 1000).toBeGreaterThanOrEqual(before);
    // Single use.
    expect(codeOf(await h.gql(RESET, { t: token, p: 'another new pass 8' }))).toBe('BAD_USER_INPUT');
  });

  it('an unknown email gets true and no mail', async () => {
    const before = await h.subgraph.repository.mail.countDocuments();
    expect((await h.gql(REQUEST, { e: 'ghost@example.com' })).data!.requestPasswordReset).toBe(true);
    expect(await h.subgraph.repository.mail.countDocuments()).toBe(before);
  });

  it('a token older than 30 minutes no longer works', async () => {
    const user = await registerUser(h.gql);
    await h.gql(REQUEST, { e: user.email });
    const token = await tokenFromMail(user.email);
    await h.subgraph.repository.resets.updateMany({ userId: user.user.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(codeOf(await h.gql(RESET, { t: token, p: 'brand new pass 7' }))).toBe('BAD_USER_INPUT');
    expect((await h.gql(LOGIN, { email: user.email, password: user.password })).data!.login.user.id).toBe(user.user.id);
  });
});

describe('roles', () => {
  const GRANT = `mutation($u: ID!, $r: Role!) { grantRole(userId: $u, role: $r) { id roles } }`;

  it('an ADMIN grants INSTRUCTOR; students and anonymous callers cannot', async () => {
    const target = await registerUser(h.gql);
    const student = await registerUser(h.gql);
    const adminUser = await registerUser(h.gql);
    const adminToken = await makeAdmin(h, adminUser.user.id, adminUser.password, adminUser.email);
    expect(codeOf(await h.gql(GRANT, { u: target.user.id, r: 'INSTRUCTOR' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(GRANT, { u: target.user.id, r: 'INSTRUCTOR' }, { token: student.accessToken }))).toBe('FORBIDDEN');
    const granted = await h.gql(GRANT, { u: target.user.id, r: 'INSTRUCTOR' }, { token: adminToken });
    expect(granted.data!.grantRole.roles).toEqual(['STUDENT', 'INSTRUCTOR']);
    // Granting twice changes nothing.
    expect((await h.gql(GRANT, { u: target.user.id, r: 'INSTRUCTOR' }, { token: adminToken })).data!.grantRole.roles).toEqual(['STUDENT', 'INSTRUCTOR']);
    expect(codeOf(await h.gql(GRANT, { u: target.user.id, r: 'OWNER' }, { token: adminToken }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(GRANT, { u: '0190a0a0-0000-7000-8000-000000000000', r: 'ADMIN' }, { token: adminToken }))).toBe('NOT_FOUND');
  });
});

describe('revoking a role', () => {
  const REVOKE = `mutation($u: ID!, $r: Role!) { revokeRole(userId: $u, role: $r) { id roles } }`;
  let admin: { id: string; token: string };
  beforeAll(async () => {
    const user = await registerUser(h.gql);
    admin = { id: user.user.id, token: await makeAdmin(h, user.user.id, user.password, user.email) };
  });
  const instructor = async () => {
    const user = await registerUser(h.gql);
    await h.subgraph.service.grantRole({ id: admin.id, roles: ['ADMIN'] }, user.user.id, 'INSTRUCTOR');
    return user;
  };

  it("an ADMIN revokes INSTRUCTOR: the role is gone and the user's earlier tokens are logged as ended", async () => {
    const target = await instructor();
    const res = await h.gql(REVOKE, { u: target.user.id, r: 'INSTRUCTOR' }, { token: admin.token });
    expect(res.data!.revokeRole.roles).toEqual(['STUDENT']);
    const events = await eventsOf(target.user.id, ['UserRoleRevoked', ...REVOCATIONS]);
    expect(events.map((e) => e.type)).toEqual(['UserRoleRevoked', 'UserSessionsRevoked', 'UserSessionsRevoked']);
    // Audited: the ADMIN who asked and their request (no gateway here, so no address).
    expect(events[0]!.data).toEqual({ userId: target.user.id, role: 'INSTRUCTOR', by: admin.id, audit: { actorId: admin.id, requestId: expect.any(String), address: null } });
    expect(decodeJwt(target.accessToken).iat! * 1000).toBeLessThan((events[2]!.data as { before: number }).before);
    // The sign-in stays: a refresh issues a token without the role.
    const refreshed = (await h.gql(REFRESH, { t: target.refreshToken })).data!.refreshSession;
    expect(decodeJwt(refreshed.accessToken).roles).toEqual(['STUDENT']);
  });

  it('revoking a role the user does not hold changes nothing and ends no session', async () => {
    const target = await registerUser(h.gql);
    expect((await h.gql(REVOKE, { u: target.user.id, r: 'INSTRUCTOR' }, { token: admin.token })).data!.revokeRole.roles).toEqual(['STUDENT']);
    expect(await eventsOf(target.user.id, ['UserRoleRevoked', ...REVOCATIONS])).toEqual([]);
  });

  it('STUDENT stays, and an ADMIN cannot remove their own ADMIN role; another ADMIN can', async () => {
    const target = await instructor();
    expect(codeOf(await h.gql(REVOKE, { u: target.user.id, r: 'STUDENT' }, { token: admin.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(REVOKE, { u: admin.id, r: 'ADMIN' }, { token: admin.token }))).toBe('FORBIDDEN');
    const second = await registerUser(h.gql);
    await makeAdmin(h, second.user.id, second.password, second.email);
    expect((await h.gql(REVOKE, { u: second.user.id, r: 'ADMIN' }, { token: admin.token })).data!.revokeRole.roles).toEqual(['STUDENT']);
  });

  it('only an ADMIN revokes roles; bad inputs are refused', async () => {
    const target = await instructor();
    const student = await registerUser(h.gql);
    expect(codeOf(await h.gql(REVOKE, { u: target.user.id, r: 'INSTRUCTOR' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(REVOKE, { u: target.user.id, r: 'INSTRUCTOR' }, { token: student.accessToken }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(REVOKE, { u: target.user.id, r: 'OWNER' }, { token: admin.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(REVOKE, { u: 'not-an-id', r: 'INSTRUCTOR' }, { token: admin.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(REVOKE, { u: '0190a0a0-0000-7000-8000-000000000000', r: 'INSTRUCTOR' }, { token: admin.token }))).toBe('NOT_FOUND');
    expect((await h.subgraph.repository.findUser(target.user.id))!.roles).toEqual(['STUDENT', 'INSTRUCTOR']);
  });
});

describe('federation', () => {
  it('resolves User references for other subgraphs in one batch', async () => {
    const a = await registerUser(h.gql);
    const b = await registerUser(h.gql);
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName email } } }`, {
      r: [{ __typename: 'User', id: a.user.id }, { __typename: 'User', id: b.user.id }],
    });
    expect(res.data!._entities).toEqual([
      { id: a.user.id, displayName: a.user.displayName, email: null },
      { id: b.user.id, displayName: b.user.displayName, email: null },
    ]);
  });

  it('serves its SDL to composition tools', async () => {
    const res = await h.gql(`{ _service { sdl } }`);
    expect(res.data!._service.sdl).toContain('type User');
  });
});
