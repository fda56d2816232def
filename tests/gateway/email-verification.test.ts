import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol, waitFor } from '../support/matrix.ts';
import { signUp, startTestStack, verificationTokenFor, type TestStack, type TestUser } from '../support/stack.ts';

// Email verification through the running gateway: the link comes through identity's mail outbox;
// what waits for a verified address (checkout, hosting a lab, direct messages) is refused in each
// subgraph from the access token alone, and allowed once the user verified and refreshed.

let t: TestStack;
let instructor: TestUser;
let classmate: TestUser;
let paidCourseId: string;
let freeCourseId: string;

const VERIFY = `mutation($t: String!) { verifyEmail(token: $t) { id emailVerified } }`;
const ME = `{ me { id email emailVerified } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`;
const RESEND = `mutation { resendVerification }`;
const CHANGE = `mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, password: $p) { id email emailVerified } }`;
const CHECKOUT = `mutation($k: String!) { checkout(idempotencyKey: $k, paymentToken: "tok_ok") { id status } }`;
const CREATE_LAB = `mutation($input: CreateLabInput!) { createLab(input: $input) { id } }`;
const SEND_DM = `mutation($to: [ID!]!) { sendDirectMessage(input: { recipientIds: $to, body: "Hello" }) { id } }`;
const LAB = { title: 'Verification bench', description: 'A bench.', location: 'Room 1', capacity: 4, pricePerHourCents: 1_000, equipment: [] };

const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const mailsTo = (email: string) => t.platform.db.collection<{ to: string; subject: string; text: string }>('identity_mail_outbox').find({ to: email }).toArray();

async function refreshed(user: TestUser): Promise<TestUser> {
  const res = await t.gql(REFRESH, { r: user.refreshToken });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { ...user, token: res.data!.refreshSession.accessToken, refreshToken: res.data!.refreshSession.refreshToken };
}

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Verifying Instructor');
  classmate = await signUp(t, [], 'Verifying Classmate');
  paidCourseId = (await createCourse(t, instructor, { title: 'Paid verification course', priceCents: 1_900 })).id;
  freeCourseId = (await createCourse(t, instructor, { title: 'Free verification course' })).id;
  await enrol(t, classmate, freeCourseId);
});
afterAll(async () => t?.close());

describe('email verification through the gateway', () => {
  it('registration queues one verification mail to the new address, and the new user reads themself as unverified', async () => {
    const user = await signUp(t, [], 'Fresh Registrant', { verified: false });
    const mails = await mailsTo(user.email);
    expect(mails.map((m) => m.subject)).toEqual(['Verify your Learning Graph email address']);
    expect(mails[0]!.text).toMatch(/\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    const me = await t.gql(ME, {}, { token: user.token });
    expect(me.data!.me).toEqual({ id: user.id, email: user.email, emailVerified: false });
  });

  it('a link verifies once: the second use, a forged token and a malformed one are BAD_USER_INPUT', async () => {
    const user = await signUp(t, [], 'Once Verifier', { verified: false });
    const token = await verificationTokenFor(t, user.email);
    const first = await t.gql(VERIFY, { t: token });
    expect(first.data!.verifyEmail).toEqual({ id: user.id, emailVerified: null }); // anonymous caller: not theirs to see
    expect((await t.gql(ME, {}, { token: user.token })).data!.me.emailVerified).toBe(true);

    const again = await t.gql(VERIFY, { t: token });
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors![0]!.message).toMatch(/invalid, expired or already used/);
    // A well-formed token nobody was sent; a token flipped in one character; garbage; a huge string.
    for (const forged of ['A'.repeat(43), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'not-a-token', 'x'.repeat(100_000)]) {
      expect(codeOf(await t.gql(VERIFY, { t: forged }))).toBe('BAD_USER_INPUT');
    }
  });

  it('an expired link is refused and verifies nothing', async () => {
    const user = await signUp(t, [], 'Late Verifier', { verified: false });
    const token = await verificationTokenFor(t, user.email);
    await t.platform.db.collection('identity_email_verifications').updateMany({ userId: user.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(codeOf(await t.gql(VERIFY, { t: token }))).toBe('BAD_USER_INPUT');
    expect((await t.gql(ME, {}, { token: user.token })).data!.me.emailVerified).toBe(false);
  });

  it('resending is for signed-in unverified users, at most once a minute; a verified user gets CONFLICT', async () => {
    expect(codeOf(await t.gql(RESEND))).toBe('UNAUTHENTICATED');
    const user = await signUp(t, [], 'Impatient Verifier', { verified: false });
    // Registration just sent one: too soon.
    const soon = await t.gql(RESEND, {}, { token: user.token });
    expect(codeOf(soon)).toBe('RATE_LIMITED');
    expect(soon.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    await t.platform.db.collection('identity_users').updateOne({ _id: user.id as never }, { $set: { verificationSentAt: new Date(Date.now() - 61_000) } });
    expect((await t.gql(RESEND, {}, { token: user.token })).data).toEqual({ resendVerification: true });
    expect((await mailsTo(user.email)).length).toBe(2);
    // Two links are out; the newest works.
    expect((await t.gql(VERIFY, { t: await verificationTokenFor(t, user.email) })).errors).toBeUndefined();
    expect(codeOf(await t.gql(RESEND, {}, { token: user.token }))).toBe('CONFLICT');
  });

  it('emailVerified is seen by the user themself and ADMIN only', async () => {
    const admin = await signUp(t, ['ADMIN'], 'Verification Admin');
    const user = await signUp(t, [], 'Watched Verifier', { verified: false });
    const ask = (token?: string) => t.gql(`query($id: ID!) { user(id: $id) { emailVerified } }`, { id: user.id }, token ? { token } : {});
    expect((await ask(user.token)).data!.user.emailVerified).toBe(false);
    expect((await ask(admin.token)).data!.user.emailVerified).toBe(false);
    expect((await ask(classmate.token)).data!.user.emailVerified).toBeNull();
    expect((await ask()).data!.user.emailVerified).toBeNull();
  });
});

describe('what waits for a verified address', () => {
  it('an unverified user learns free courses, but checkout, hosting a lab and direct messages are FORBIDDEN (EMAIL_NOT_VERIFIED) until they verify and refresh', async () => {
    let user = await signUp(t, ['INSTRUCTOR'], 'Unverified Host', { verified: false });
    await enrol(t, user, freeCourseId);
    const added = await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { __typename } }`, { c: paidCourseId }, { token: user.token });
    expect(added.errors).toBeUndefined();

    const refusals = [
      await t.gql(CHECKOUT, { k: 'verify-checkout-1' }, { token: user.token }),
      await t.gql(CREATE_LAB, { input: LAB }, { token: user.token }),
      await t.gql(SEND_DM, { to: [classmate.id] }, { token: user.token }),
    ];
    for (const res of refusals) {
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'EMAIL_NOT_VERIFIED' });
      expect(res.errors![0]!.message).toMatch(/^Verify your email address before you (buy courses|host a lab|message other users)/);
    }
    // Nothing was created by the refusals.
    expect(await t.platform.db.collection('commerce_orders').countDocuments({ userId: user.id })).toBe(0);

    await t.gql(VERIFY, { t: await verificationTokenFor(t, user.email) });
    user = await refreshed(user);
    const paid = await t.gql(CHECKOUT, { k: 'verify-checkout-2' }, { token: user.token });
    expect(paid.data?.checkout.status).toBe('PAID');
    expect((await t.gql(CREATE_LAB, { input: LAB }, { token: user.token })).errors).toBeUndefined();
    expect((await t.gql(SEND_DM, { to: [classmate.id] }, { token: user.token })).errors).toBeUndefined();
  });
});

describe('changing the email address', () => {
  it('needs the password, refuses a taken address, re-verifies the new one, tells the old one and ends the old access tokens', async () => {
    const user = await signUp(t, [], 'Moving Person');
    const newEmail = `moved.${Date.now()}@example.com`;

    const wrong = await t.gql(CHANGE, { e: newEmail, p: 'not my password 1' }, { token: user.token });
    expect(wrong.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(codeOf(await t.gql(CHANGE, { e: classmate.email, p: user.password }, { token: user.token }))).toBe('CONFLICT');
    expect(codeOf(await t.gql(CHANGE, { e: 'not an email', p: user.password }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { e: user.email, p: user.password }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { e: newEmail, p: user.password }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(ME, {}, { token: user.token })).data!.me.email).toBe(user.email); // the refusals changed nothing

    const changed = await t.gql(CHANGE, { e: ` ${newEmail.toUpperCase()} `, p: user.password }, { token: user.token });
    expect(changed.data!.changeEmail).toEqual({ id: user.id, email: newEmail, emailVerified: false });
    expect((await mailsTo(user.email)).map((m) => m.subject)).toContain('Your Learning Graph email address was changed');
    expect((await mailsTo(newEmail)).map((m) => m.subject)).toEqual(['Verify your Learning Graph email address']);

    // The old access token (it said "verified") ends within seconds; a refresh says unverified.
    await waitFor(() => t.gql(ME, {}, { token: user.token }), (res) => codeOf(res) === 'UNAUTHENTICATED', 'the old access token refused', 5_000);
    const after = await refreshed(user);
    expect(codeOf(await t.gql(CHECKOUT, { k: 'verify-checkout-3' }, { token: after.token }))).toBe('FORBIDDEN');
    expect((await t.gql(VERIFY, { t: await verificationTokenFor(t, newEmail) })).errors).toBeUndefined();
    // Signing in works with the new address only.
    const login = (email: string) => t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { emailVerified } } }`, { e: email, p: user.password });
    expect(codeOf(await login(user.email))).toBe('UNAUTHENTICATED');
    expect((await login(newEmail)).data!.login.user.emailVerified).toBe(true);
  });

  it('a link sent before the address changed verifies nothing', async () => {
    const user = await signUp(t, [], 'Stale Link Person', { verified: false });
    const staleToken = await verificationTokenFor(t, user.email);
    const newEmail = `stale.${Date.now()}@example.com`;
    expect((await t.gql(CHANGE, { e: newEmail, p: user.password }, { token: user.token })).errors).toBeUndefined();
    const res = await t.gql(VERIFY, { t: staleToken });
    expect(res.errors![0]!.message).toMatch(/no longer uses/);
    const fresh = await refreshed(user);
    expect((await t.gql(ME, {}, { token: fresh.token })).data!.me.emailVerified).toBe(false);
  });
});
