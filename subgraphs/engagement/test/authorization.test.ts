import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, MEMBERS, as, castAround, codeOf, startEngagement, type Actor, type Caller, type EngagementHarness } from './harness.ts';

// Every engagement field, asked by each of six callers around one course: anonymous, a student
// who is not enrolled (outsider), an enrolled student, the course's instructor, another
// instructor, and an ADMIN. Members are the enrolled student, the instructor and the ADMIN.

let h: EngagementHarness;
let people: Awaited<ReturnType<typeof castAround>>['people'];
let courseId: string;
let fixture: { questionId: string; answerId: string; messageId: string; notificationId: string };
beforeAll(async () => {
  h = await startEngagement();
  ({ people, course: { _id: courseId } } = await castAround(h));
  const services = h.subgraph.services;
  const question = await services.questions.askQuestion(people.student.viewer, { courseId, title: 'A question for everyone', body: 'Body.' });
  const answer = await services.questions.answerQuestion(people.instructor.viewer, question._id, 'An answer.');
  const message = await services.chat.sendChatMessage(people.student.viewer, courseId, 'Hello class');
  await h.settle();
  // The student's enrolment made them a notification.
  const notification = await h.subgraph.repository.notifications.findOne({ userId: people.student.id, kind: 'ENROLLMENT_CONFIRMED' });
  fixture = { questionId: question._id, answerId: answer._id, messageId: message._id, notificationId: notification!._id };
});
afterAll(async () => h?.close());

const who = (caller: Caller) => as(people[caller] as Actor | undefined);
const memberOnly = (caller: Caller) => (caller === 'anonymous' ? 'UNAUTHENTICATED' : MEMBERS.includes(caller) ? undefined : 'FORBIDDEN');
const counts = async () => (await h.settle(), {
  questions: await h.subgraph.repository.questions.find().toArray(),
  answers: await h.subgraph.repository.answers.find().toArray(),
  messages: await h.subgraph.repository.chatMessages.countDocuments(),
  votes: await h.subgraph.repository.votes.countDocuments(),
  read: await h.subgraph.repository.notifications.countDocuments({ read: true }),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

describe('reads of course content: members only', () => {
  const reads: [string, string, () => Record<string, unknown>][] = [
    ['question(id)', `query($id: ID!) { question(id: $id) { id title viewerVote answers { totalCount } acceptedAnswer { id } } }`, () => ({ id: fixture.questionId })],
    ['answer(id)', `query($id: ID!) { answer(id: $id) { id isAccepted viewerVote question { id } } }`, () => ({ id: fixture.answerId })],
    ['chatMessage(id)', `query($id: ID!) { chatMessage(id: $id) { id body } }`, () => ({ id: fixture.messageId })],
    ['Course.questions', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { questions { totalCount } } } }`, () => ({ r: [{ __typename: 'Course', id: courseId }] })],
    ['Course.chatMessages', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { chatMessages { totalCount } } } }`, () => ({ r: [{ __typename: 'Course', id: courseId }] })],
  ];
  describe.each(reads)('%s', (_name, query, vars) => {
    it.each(CALLERS)('asked by %s', async (caller) => {
      const res = await h.gql(query, vars(), who(caller));
      expect(codeOf(res)).toBe(memberOnly(caller));
      if (!memberOnly(caller)) expect(JSON.stringify(res.data)).toMatch(/"(id|totalCount)":/);
    });
  });

  describe.each([
    ['Question', () => fixture.questionId],
    ['Answer', () => fixture.answerId],
    ['ChatMessage', () => fixture.messageId],
  ] as const)('a %s reference from another subgraph', (typename, id) => {
    it.each(CALLERS)('resolves for %s only if they are a member, and is null otherwise', async (caller) => {
      const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id } } }`,
        { r: [{ __typename: typename, id: id() }] }, who(caller));
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toEqual([memberOnly(caller) ? null : { id: id() }]);
    });
  });

  it.each(CALLERS)('isCourseMember asked by %s tells their membership (false when signed out)', async (caller) => {
    const res = await h.gql(`query($c: ID!) { isCourseMember(courseId: $c) }`, { c: courseId }, who(caller));
    expect(res.errors).toBeUndefined();
    expect(res.data!.isCourseMember).toBe(MEMBERS.includes(caller));
  });
});

describe('notifications: their owner only', () => {
  it.each(CALLERS)('notification(id) of the student asked by %s', async (caller) => {
    const res = await h.gql(`query($id: ID!) { notification(id: $id) { id kind } }`, { id: fixture.notificationId }, who(caller));
    const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : caller === 'student' ? undefined : 'FORBIDDEN';
    expect(codeOf(res)).toBe(expected);
    if (!expected) expect(res.data!.notification).toEqual({ id: fixture.notificationId, kind: 'ENROLLMENT_CONFIRMED' });
  });

  it.each(CALLERS)("myNotifications asked by %s holds only the caller's own", async (caller) => {
    const res = await h.gql(`{ myNotifications { totalCount edges { node { id } } } }`, {}, who(caller));
    if (caller === 'anonymous') return expect(codeOf(res)).toBe('UNAUTHENTICATED');
    const ids = res.data!.myNotifications.edges.map((e: any) => e.node.id);
    expect(ids.includes(fixture.notificationId)).toBe(caller === 'student');
    const own = await h.subgraph.repository.notifications.find({ userId: (people[caller] as Actor).id }).toArray();
    expect(ids.sort()).toEqual(own.map((n) => n._id).sort());
  });

  it.each(CALLERS)("markNotificationsRead by %s changes only the caller's own", async (caller) => {
    await h.subgraph.repository.notifications.updateMany({}, { $set: { read: false } });
    const res = await h.gql(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [fixture.notificationId] }, who(caller));
    if (caller === 'anonymous') expect(codeOf(res)).toBe('UNAUTHENTICATED');
    else expect(res.data!.markNotificationsRead).toBe(caller === 'student' ? 1 : 0);
    expect((await h.subgraph.repository.notifications.findOne({ _id: fixture.notificationId }))!.read).toBe(caller === 'student');
  });
});

describe('writes: members only, and a refusal changes nothing', () => {
  const writes: [string, string, () => Promise<Record<string, unknown>>][] = [
    ['askQuestion', `mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Mine?", body: "Body" }) { id } }`, async () => ({ c: courseId })],
    ['answerQuestion', `mutation($q: ID!) { answerQuestion(questionId: $q, body: "An answer") { id } }`, async () => ({ q: fixture.questionId })],
    ['voteOnQuestion', `mutation($q: ID!) { voteOnQuestion(questionId: $q, value: 1) { id } }`, async () => ({ q: fixture.questionId })],
    ['voteOnAnswer', `mutation($a: ID!) { voteOnAnswer(answerId: $a, value: -1) { id } }`, async () => ({ a: fixture.answerId })],
    ['sendChatMessage', `mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Hi") { id } }`, async () => ({ c: courseId })],
  ];
  describe.each(writes)('%s', (_name, mutation, vars) => {
    it.each(CALLERS)('called by %s', async (caller) => {
      const variables = await vars();
      const before = await counts();
      const res = await h.gql(mutation, variables, who(caller));
      expect(codeOf(res)).toBe(memberOnly(caller));
      if (memberOnly(caller)) expect(await counts()).toEqual(before);
      else expect(await counts()).not.toEqual(before);
    });
  });

  it.each(CALLERS)("acceptAnswer called by %s: the question's author only", async (caller) => {
    const services = h.subgraph.services;
    const question = await services.questions.askQuestion(people.student.viewer, { courseId, title: 'Accept me', body: 'Body.' });
    const answer = await services.questions.answerQuestion(people.admin.viewer, question._id, 'Accept this.');
    const res = await h.gql(`mutation($a: ID!) { acceptAnswer(answerId: $a) { id isAccepted } }`, { a: answer._id }, who(caller));
    const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : caller === 'student' ? undefined : 'FORBIDDEN';
    expect(codeOf(res)).toBe(expected);
    expect((await h.subgraph.repository.questions.findOne({ _id: question._id }))!.acceptedAnswerId).toBe(expected ? null : answer._id);
  });
});

describe('subscriptions', () => {
  it.each(CALLERS)('are not served by the subgraph itself to %s (the gateway serves them)', async (caller) => {
    // Subscriptions travel over graphql-ws to the gateway; over HTTP they are the caller's mistake.
    const res = await h.gql(`subscription { notificationAdded { id } }`, {}, who(caller));
    expect([res.status, codeOf(res), res.errors?.[0]?.extensions?.reason]).toEqual([400, 'BAD_USER_INPUT', 'SUBSCRIPTION_OVER_HTTP']);
    expect(res.data ?? null).toBeNull();
  });
});
