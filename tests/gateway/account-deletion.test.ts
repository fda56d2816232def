import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';
import { seedTwoActivePeople, userDataSettled, type ActivePeople } from '../support/user-data.ts';

// A short grace period and a fast sweep: the deletion runs while the test waits.
const GRACE_SECONDS = 3;
let t: TestStack;
let people: ActivePeople;

const DELETE = `mutation($p: String!) { deleteMyAccount(password: $p) { requestedAt deleteAt } }`;
const CANCEL = `mutation { cancelAccountDeletion }`;
const SCHEDULED = `{ myAccountDeletion { deleteAt } }`;

beforeAll(async () => {
  t = await startTestStack({ ACCOUNT_DELETION_GRACE_SECONDS: String(GRACE_SECONDS), ACCOUNT_DELETION_SWEEP_MS: '200' });
  people = await seedTwoActivePeople(t);
  await userDataSettled(t);
}, 180_000);
afterAll(async () => t?.close());

const db = () => t.platform.db;
const count = (collection: string, filter: Document) => db().collection(collection).countDocuments(filter);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deletionState(userId: string): Promise<string | undefined> {
  return (await db().collection<{ _id: string; state: string }>('identity_account_deletions').findOne({ _id: userId }))?.state;
}

/** Every record of a person, by collection: what must be gone or kept. */
async function footprint(userId: string): Promise<Record<string, number>> {
  return {
    enrollments: await count('learning_enrollments', { userId }),
    wishlist: await count('learning_wishlist', { userId }),
    submissions: await count('assessment_submissions', { userId }),
    grades: await count('assessment_grades', { userId }),
    questions: await count('engagement_questions', { authorId: userId }),
    chat: await count('engagement_chat_messages', { authorId: userId }),
    bookings: await count('labs_bookings', { userId }),
    orders: await count('commerce_orders', { userId }),
    conversations: await count('assistant_conversations', { userId }),
    assets: await count('media_assets', { ownerId: userId }),
    dashboard: await count('analytics_users', { _id: userId }),
    members: await count('catalog_members', { userId }),
  };
}

describe('a deletion cancelled within the grace period keeps everything', () => {
  it('schedules, shows the date, cancels, and after the grace period every record is still there', async () => {
    const before = await footprint(people.bravo.id);
    const scheduled = await t.gql(DELETE, { p: people.bravo.password }, { token: people.bravo.token });
    expect(scheduled.errors).toBeUndefined();
    const deleteAt = Date.parse(scheduled.data!.deleteMyAccount.deleteAt);
    expect(deleteAt - Date.parse(scheduled.data!.deleteMyAccount.requestedAt)).toBe(GRACE_SECONDS * 1000);
    expect((await t.gql(SCHEDULED, {}, { token: people.bravo.token })).data!.myAccountDeletion).toEqual({ deleteAt: scheduled.data!.deleteMyAccount.deleteAt });
    expect((await t.gql(CANCEL, {}, { token: people.bravo.token })).data!.cancelAccountDeletion).toBe(true);
    expect((await t.gql(CANCEL, {}, { token: people.bravo.token })).data!.cancelAccountDeletion).toBe(false);
    await sleep(GRACE_SECONDS * 1000 + 600);
    await userDataSettled(t);
    expect(await deletionState(people.bravo.id)).toBe('CANCELLED');
    expect(await footprint(people.bravo.id)).toEqual(before);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { displayName } } }`, { e: people.bravo.email, p: people.bravo.password });
    expect(login.data!.login.user.displayName).toBe('Bravo Person');
  }, 30_000);

  it('refuses a wrong password, and an anonymous caller', async () => {
    expect((await t.gql(DELETE, { p: 'not my password 1' }, { token: people.bravo.token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(DELETE, { p: 'x'.repeat(5000) }, { token: people.bravo.token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(DELETE, { p: people.bravo.password })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await deletionState(people.bravo.id)).toBe('CANCELLED');
  });
});

describe('when the grace period ends, every subgraph erases or anonymises the user', () => {
  let bravoBefore: Record<string, number>;

  beforeAll(async () => {
    bravoBefore = await footprint(people.bravo.id);
    const scheduled = await t.gql(DELETE, { p: people.alpha.password }, { token: people.alpha.token });
    expect(scheduled.errors).toBeUndefined();
    for (let i = 0; i < 100 && (await deletionState(people.alpha.id)) !== 'DONE'; i += 1) await sleep(100);
    expect(await deletionState(people.alpha.id)).toBe('DONE');
    await userDataSettled(t);
  }, 60_000);

  it('identity: the account keeps its id as "Deleted user", without email or password; sign-ins, API keys, document manifests and exports are gone', async () => {
    const user = await db().collection('identity_users').findOne({ _id: people.alpha.id as never });
    expect(user).toMatchObject({ displayName: 'Deleted user', bio: null, passwordHash: '', email: `deleted-${people.alpha.id}@deleted.invalid` });
    expect(await count('identity_refresh_tokens', { userId: people.alpha.id })).toBe(0);
    expect(await count('identity_api_keys', { userId: people.alpha.id })).toBe(0);
    expect(await count('identity_document_manifests', { userId: people.alpha.id })).toBe(0);
    expect(await count('identity_data_exports', { userId: people.alpha.id })).toBe(0);
    const profile = await t.gql(`query($id: ID!) { user(id: $id) { displayName } }`, { id: people.alpha.id });
    expect(profile.data!.user).toEqual({ displayName: 'Deleted user' });
  });

  it('identity: the user can no longer sign in, their old token ends, and their email is free for a new account', async () => {
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: people.alpha.email, p: people.alpha.password });
    expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    let code: unknown;
    for (let i = 0; i < 40; i += 1) {
      code = (await t.gql(`{ me { id } }`, {}, { token: people.alpha.token })).errors?.[0]?.extensions?.code;
      if (code === 'UNAUTHENTICATED') break;
      await sleep(100);
    }
    expect(code).toBe('UNAUTHENTICATED');
    const again = await t.gql(`mutation($i: RegisterInput!) { register(input: $i) { user { id displayName } } }`, { i: { email: people.alpha.email, password: 'another long password 7', displayName: 'New Alpha' } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.register.user.id).not.toBe(people.alpha.id);
  });

  it('learning: enrolments (with progress) and the wishlist are erased', async () => {
    expect([await count('learning_enrollments', { userId: people.alpha.id }), await count('learning_wishlist', { userId: people.alpha.id })]).toEqual([0, 0]);
  });

  it('assessment: submissions, grades and the projections of the user are erased', async () => {
    expect([
      await count('assessment_submissions', { userId: people.alpha.id }), await count('assessment_grades', { userId: people.alpha.id }),
      await count('assessment_enrollments', { userId: people.alpha.id }), await count('assessment_people', { _id: people.alpha.id }),
    ]).toEqual([0, 0, 0, 0]);
  });

  it('engagement: questions and threads stay under "Deleted user"; chat, direct and group messages lose their words; groups drop the member', async () => {
    const question = await db().collection('engagement_questions').findOne({ authorId: people.alpha.id });
    expect(question?.title).toBe(`${people.marker.alpha} question`);
    const shown = await t.gql(`query($c: ID!) { course(id: $c) { questions(first: 10) { edges { node { title author { displayName } } } } } }`, { c: people.courseId }, { token: people.bravo.token });
    expect(shown.data?.course?.questions?.edges.map((e: any) => [e.node.title, e.node.author.displayName])).toContainEqual([`${people.marker.alpha} question`, 'Deleted user']);
    for (const collection of ['engagement_chat_messages', 'engagement_direct_messages']) {
      const bodies = (await db().collection(collection).find({ authorId: people.alpha.id }).toArray()).map((m) => m.body);
      expect({ collection, bodies }).toEqual({ collection, bodies: ["This message was deleted with its author's account."] });
    }
    expect(await count('engagement_study_groups', { memberIds: people.alpha.id })).toBe(0);
    expect([await count('engagement_notifications', { userId: people.alpha.id }), await count('engagement_memberships', { userId: people.alpha.id })]).toEqual([0, 0]);
  });

  it('labs: bookings are erased and their slots freed; the hosted lab stays', async () => {
    expect([await count('labs_bookings', { userId: people.alpha.id }), await count('labs_slot_claims', { userId: people.alpha.id })]).toEqual([0, 0]);
    expect(await count('labs_labs', { hostId: people.alpha.id })).toBe(1);
  });

  it('commerce: the order is kept for accounting without a payment token; the cart and ownerships are erased', async () => {
    const orders = await db().collection('commerce_orders').find({ userId: people.alpha.id }).toArray();
    expect(orders.map((o) => [o.status, o.totalCents, o.paymentToken ?? null, o.buyerErased])).toEqual([['PAID', 1500, null, true]]);
    expect([await count('commerce_carts', { _id: people.alpha.id }), await count('commerce_ownerships', { userId: people.alpha.id })]).toEqual([0, 0]);
  });

  it('assistant: conversations and usage are erased', async () => {
    expect([await count('assistant_conversations', { userId: people.alpha.id }), await count('assistant_usage', { userId: people.alpha.id })]).toEqual([0, 0]);
  });

  it('media: the user\'s own uploads are deleted', async () => {
    expect(await count('media_assets', { ownerId: people.alpha.id })).toBe(0);
  });

  it('analytics: the dashboard and daily activity are erased', async () => {
    expect([await count('analytics_users', { _id: people.alpha.id }), await count('analytics_user_days', { userId: people.alpha.id })]).toEqual([0, 0]);
  });

  it('catalog: the membership projection is erased; the courses the user bought stay', async () => {
    expect(await count('catalog_members', { userId: people.alpha.id })).toBe(0);
    expect(await count('catalog_courses', { _id: people.paidCourseId })).toBe(1);
  });

  it("leaves the other person's records as they were", async () => {
    expect(await footprint(people.bravo.id)).toEqual(bravoBefore);
  });
});

describe('guessing the password through deleteMyAccount', () => {
  it('is throttled after five wrong passwords, even the right one then waits, and nothing is scheduled', async () => {
    const someone = await signUp(t, [], 'Gus Guess');
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i += 1) codes.push((await t.gql(DELETE, { p: `wrong password ${i}` }, { token: someone.token })).errors?.[0]?.extensions?.code);
    expect(codes).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'RATE_LIMITED']);
    expect((await t.gql(DELETE, { p: someone.password }, { token: someone.token })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await deletionState(someone.id)).toBeUndefined();
  });
});

describe('the deletion sweep with several instances', () => {
  it('deletes each due account once, whichever instance claims it', async () => {
    const someone = await signUp(t, [], 'Sam Sweep');
    await t.gql(DELETE, { p: someone.password }, { token: someone.token });
    const privacy = t.stack.subgraphs.identity.privacy;
    await sleep(GRACE_SECONDS * 1000 + 100);
    // Three sweeps at once, as three instances would run them (the stack's own timer may be a fourth).
    const done = await Promise.all([privacy.sweep(), privacy.sweep(), privacy.sweep()]);
    expect(done.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    // When the stack's own timer claimed it, it may still be erasing as ours return empty-handed.
    await expect.poll(() => deletionState(someone.id), { timeout: 10_000 }).toBe('DONE');
    const logged = await db().collection('platform_events').countDocuments({ type: 'UserDeleted', userId: someone.id });
    expect(logged).toBe(1);
  });
});
