import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM, LOGIN, START, VERIFY, challengeOf, enrolMfa, totp } from '../support/mfa.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// ADMIN must sign in with a second factor on this stack; everyone else may choose to.
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ MFA_REQUIRED_ROLES: 'ADMIN' });
});
afterAll(async () => t?.close());

const ME = '{ me { id } }';
const MY_MFA = '{ myMfa { enabled enabledAt recoveryCodesLeft required } }';
const DISABLE = 'mutation($code: String, $p: String) { disableMfa(code: $code, password: $p) }';

const extensionsOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions ?? {};

async function loggedEvents(type: string, userId: string, since: Date) {
  return (await t.platform.eventLog.ofTypesSince([type], since)).filter((e) => e.userId === userId);
}

async function servedAs(token: string, userId: string): Promise<void> {
  const res = await t.gql(ME, {}, { token });
  expect(res.errors).toBeUndefined();
  expect(res.data!.me.id).toBe(userId);
}

describe('enrolling a second factor', () => {
  it('gives a secret, an otpauth URI and a QR code; the first code turns MFA on with ten distinct recovery codes, shown once', async () => {
    const user = await signUp(t);
    const since = new Date();
    expect((await t.gql(MY_MFA, {}, { token: user.token })).data!.myMfa).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false });
    const started = (await t.gql(START, {}, { token: user.token })).data!.startMfaEnrollment;
    expect(started.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);
    expect(started.otpauthUri).toContain('issuer=Learning%20Graph');
    expect(decodeURIComponent(started.otpauthUri)).toContain(user.email);
    expect(started.qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);

    const wrong = await t.gql(CONFIRM, { code: '000000' === (await totp(started.secret)) ? '111111' : '000000' }, { token: user.token });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect((await t.gql(MY_MFA, {}, { token: user.token })).data!.myMfa.enabled).toBe(false);

    const confirmed = await t.gql(CONFIRM, { code: await totp(started.secret) }, { token: user.token });
    const { recoveryCodes, session, endedSessions } = confirmed.data!.confirmMfaEnrollment;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(session).toBeNull();
    expect(endedSessions).toBe(0);
    const status = (await t.gql(MY_MFA, {}, { token: user.token })).data!.myMfa;
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(Date.parse(status.enabledAt)).toBeGreaterThanOrEqual(since.getTime() - 1000);

    // Only hashes are kept: no recovery code nor the list appears in the stored user.
    const stored = await t.stack.subgraphs.identity.repository.findUser(user.id);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
    expect(stored!.mfa!.recoveryCodeHashes).toHaveLength(10);
    // Confirming again, or starting over while on, is a conflict.
    expect(codeOf(await t.gql(CONFIRM, { code: await totp(started.secret, 1) }, { token: user.token }))).toBe('CONFLICT');
    expect(codeOf(await t.gql(START, {}, { token: user.token }))).toBe('CONFLICT');

    const [enabled] = await loggedEvents('MfaEnabled', user.id, since);
    expect(enabled!.data).toMatchObject({ userId: user.id, audit: { actorId: user.id, requestId: expect.any(String) } });
    expect((enabled!.data as { audit: { address: string } }).audit.address).toMatch(/127\.0\.0\.1/);
  });

  it('refuses a confirmation without a started enrolment, and enrolment when signed out without a challenge', async () => {
    const user = await signUp(t);
    expect(codeOf(await t.gql(CONFIRM, { code: '123456' }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(START, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CONFIRM, { code: '123456' }))).toBe('UNAUTHENTICATED');
  });
});

describe('signing in with a second factor', () => {
  let user: TestUser;
  let secret: string;
  let recoveryCodes: string[];
  beforeAll(async () => {
    user = await signUp(t);
    ({ secret, recoveryCodes } = await enrolMfa(t.gql, user.token));
  });

  it('login gives no tokens but UNAUTHENTICATED with mfaRequired and a challenge token; a current code finishes the sign-in', async () => {
    const res = await t.gql(LOGIN, { e: user.email, p: user.password });
    expect(res.data ?? null).toBeNull();
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(extensionsOf(res)).toMatchObject({ mfaRequired: true, reason: 'MFA_REQUIRED', challengeToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(Date.parse(String(extensionsOf(res).challengeExpiresAt))).toBeGreaterThan(Date.now());
    const signedIn = await t.gql(VERIFY, { t: extensionsOf(res).challengeToken, code: await totp(secret) });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data!.verifyMfaChallenge.user.id).toBe(user.id);
    await servedAs(signedIn.data!.verifyMfaChallenge.accessToken, user.id);
  });

  it('a code already used is refused on a new challenge (no replay within its window), and a challenge finishes one sign-in only', async () => {
    const first = await challengeOf(t.gql, user.email, user.password);
    const code = await totp(secret, 1);
    expect((await t.gql(VERIFY, { t: first, code })).errors).toBeUndefined();
    const second = await challengeOf(t.gql, user.email, user.password);
    const replay = await t.gql(VERIFY, { t: second, code });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors![0]!.message).toBe('The code is incorrect.');
    expect(codeOf(await t.gql(VERIFY, { t: first, r: recoveryCodes[9] }))).toBe('UNAUTHENTICATED');
  });

  it('a recovery code signs in once: the second use fails, and of two racing uses exactly one wins', async () => {
    const since = new Date();
    const once = await t.gql(VERIFY, { t: await challengeOf(t.gql, user.email, user.password), r: recoveryCodes[0]!.toLowerCase() });
    expect(once.errors).toBeUndefined();
    await servedAs(once.data!.verifyMfaChallenge.accessToken, user.id);
    expect(codeOf(await t.gql(VERIFY, { t: await challengeOf(t.gql, user.email, user.password), r: recoveryCodes[0] }))).toBe('UNAUTHENTICATED');

    const [a, b] = [await challengeOf(t.gql, user.email, user.password), await challengeOf(t.gql, user.email, user.password)];
    const raced = await Promise.all([t.gql(VERIFY, { t: a, r: recoveryCodes[1] }), t.gql(VERIFY, { t: b, r: recoveryCodes[1] })]);
    expect(raced.filter((r) => !r.errors).length).toBe(1);
    expect(raced.filter((r) => codeOf(r) === 'UNAUTHENTICATED').length).toBe(1);
    const token = raced.find((r) => !r.errors)!.data!.verifyMfaChallenge.accessToken as string;
    expect((await t.gql(MY_MFA, {}, { token })).data!.myMfa.recoveryCodesLeft).toBe(8);
    const used = await loggedEvents('MfaRecoveryCodeUsed', user.id, since);
    expect(used).toHaveLength(2);
    expect(used[0]!.data).toMatchObject({ userId: user.id, remaining: 9, audit: { actorId: user.id } });
  });

  it('refuses a tampered, unknown or malformed challenge token, and a call giving both or neither of code and recovery code', async () => {
    const challenge = await challengeOf(t.gql, user.email, user.password);
    const tampered = `${challenge.slice(0, -1)}${challenge.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [tampered, 'x'.repeat(43), 'not a token', 'a'.repeat(10_000)])
      expect(codeOf(await t.gql(VERIFY, { t: token, code: await totp(secret) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(VERIFY, { t: challenge }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(VERIFY, { t: challenge, code: '123456', r: recoveryCodes[5] }))).toBe('BAD_USER_INPUT');
  });
});

describe('throttling wrong codes', () => {
  it('after five wrong codes the account is RATE_LIMITED, even for the right code, whichever challenge is used', async () => {
    const user = await signUp(t);
    const { secret } = await enrolMfa(t.gql, user.token);
    const right = await totp(secret);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const res = await t.gql(VERIFY, { t: await challengeOf(t.gql, user.email, user.password), code: wrong });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const blocked = await t.gql(VERIFY, { t: await challengeOf(t.gql, user.email, user.password), code: right });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(extensionsOf(blocked).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(blocked.errors![0]!.message).toMatch(/^Too many wrong codes for this account; try again in \d+ s\.$/);
    // Once the block has passed, the right code signs in and clears the count.
    await new Promise((r) => setTimeout(r, 1100));
    const res = await t.gql(VERIFY, { t: await challengeOf(t.gql, user.email, user.password), code: right });
    expect(res.errors).toBeUndefined();
  });
});

describe('turning MFA off', () => {
  it('needs the password or a current code; a wrong one is refused and changes nothing; then sign-in is one step again', async () => {
    const user = await signUp(t);
    const since = new Date();
    await enrolMfa(t.gql, user.token);
    expect(codeOf(await t.gql(DISABLE, {}, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(DISABLE, { p: 'not my password 1' }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect((await t.gql(MY_MFA, {}, { token: user.token })).data!.myMfa.enabled).toBe(true);
    expect(codeOf(await t.gql(DISABLE, { p: user.password }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(DISABLE, { p: user.password }, { token: user.token })).data!.disableMfa).toBe(true);
    expect(codeOf(await t.gql(DISABLE, { p: user.password }, { token: user.token }))).toBe('CONFLICT');
    const login = await t.gql(LOGIN, { e: user.email, p: user.password });
    expect(login.errors).toBeUndefined();
    await servedAs(login.data!.login.accessToken, user.id);
    const [disabled] = await loggedEvents('MfaDisabled', user.id, since);
    expect(disabled!.data).toMatchObject({ userId: user.id, audit: { actorId: user.id } });
  });
});

describe('a role that requires MFA (MFA_REQUIRED_ROLES=ADMIN)', () => {
  it('an ADMIN without a factor gets no tokens but an enrolment challenge, with which enrolment finishes the sign-in', async () => {
    const admin = await signUp(t);
    await t.stack.subgraphs.identity.service.grantRole({ id: 'test-admin', roles: ['ADMIN'] }, admin.id, 'ADMIN');
    const res = await t.gql(LOGIN, { e: admin.email, p: admin.password });
    expect(res.data ?? null).toBeNull();
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(extensionsOf(res)).toMatchObject({ mfaEnrollmentRequired: true, reason: 'MFA_ENROLLMENT_REQUIRED' });
    const challenge = String(extensionsOf(res).challengeToken);
    // The enrolment challenge is no second factor: it cannot sign in by itself.
    expect(codeOf(await t.gql(VERIFY, { t: challenge, code: '123456' }))).toBe('UNAUTHENTICATED');

    const started = (await t.gql(START, { c: challenge })).data!.startMfaEnrollment;
    const confirmed = await t.gql(CONFIRM, { code: await totp(started.secret, -1), c: challenge });
    expect(confirmed.errors).toBeUndefined();
    const { session, recoveryCodes } = confirmed.data!.confirmMfaEnrollment;
    expect(recoveryCodes).toHaveLength(10);
    expect(session.user.id).toBe(admin.id);
    await servedAs(session.accessToken, admin.id);
    // Spent: the challenge opens no second session.
    expect(codeOf(await t.gql(START, { c: challenge }))).toBe('UNAUTHENTICATED');

    expect((await t.gql(MY_MFA, {}, { token: session.accessToken })).data!.myMfa).toMatchObject({ enabled: true, required: true });
    expect(codeOf(await t.gql(DISABLE, { p: admin.password }, { token: session.accessToken }))).toBe('FORBIDDEN');
    const next = await t.gql(LOGIN, { e: admin.email, p: admin.password });
    expect(extensionsOf(next)).toMatchObject({ mfaRequired: true });
    const signedIn = await t.gql(VERIFY, { t: extensionsOf(next).challengeToken, code: await totp(started.secret) });
    expect(signedIn.data!.verifyMfaChallenge.user.id).toBe(admin.id);
  });

  it("an ADMIN's enrolment challenge cannot be used by another signed-in user", async () => {
    const admin = await signUp(t);
    await t.stack.subgraphs.identity.service.grantRole({ id: 'test-admin', roles: ['ADMIN'] }, admin.id, 'ADMIN');
    const other = await signUp(t);
    const challenge = String(extensionsOf(await t.gql(LOGIN, { e: admin.email, p: admin.password })).challengeToken);
    expect(codeOf(await t.gql(START, { c: challenge }, { token: other.token }))).toBe('FORBIDDEN');
  });
});

describe('enabling MFA offers to end the other sessions', () => {
  it('with endOtherSessions, every other session of the user ends (its access token refused within 2 s); this one stays', async () => {
    const user = await signUp(t);
    const other = (await t.gql(LOGIN, { e: user.email, p: user.password })).data!.login.accessToken as string;
    await servedAs(other, user.id);
    const started = (await t.gql(START, {}, { token: user.token })).data!.startMfaEnrollment;
    const confirmed = await t.gql(CONFIRM, { code: await totp(started.secret), end: true }, { token: user.token });
    expect(confirmed.data!.confirmMfaEnrollment.endedSessions).toBe(1);
    await expect.poll(async () => (await t.gql(ME, {}, { token: other })).status, { timeout: 2000, interval: 50 }).toBe(401);
    await servedAs(user.token, user.id);
  });
});
