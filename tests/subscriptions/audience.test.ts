import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

let t: TestStack;
let instructor: TestUser;
let alice: TestUser;
let bob: TestUser;
let cleo: TestUser;
let courseId: string;
const { client, disposeAll } = wsClients(() => t.url);
const executions = () => t.stack.gateway.subscriptionPayloadExecutions();
const must = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
};
const CHAT = `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body author { displayName } } }`;
const send = (user: TestUser, body: string, c = courseId) =>
  must(`mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c, b: body }, user);

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Iris Instructor');
  alice = await signUp(t, [], 'Alice');
  bob = await signUp(t, [], 'Bob');
  cleo = await signUp(t, [], 'Cleo');
  courseId = (await createCourse(t, instructor, { title: 'Audience Course' })).id;
  for (const student of [alice, bob, cleo]) await must(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, student);
});
afterAll(async () => {
  await disposeAll();
  await t?.close();
});

describe('one payload execution per audience', () => {
  it('runs a chat message once for all its students (one of them in two tabs) and once for its instructor, and each gets it', async () => {
    const subs = [alice, alice, bob, cleo, instructor].map((user) => subscribe(client(user.token), CHAT, { c: courseId }));
    await settleSubscriptions();
    const before = executions();
    await send(bob, 'to everyone');
    for (const sub of subs) expect(await sub.nth(1)).toEqual({ data: { chatMessageAdded: { body: 'to everyone', author: { displayName: 'Bob' } } } });
    // Students and the instructor are two audiences, whatever the number of subscribers; Bob,
    // the author, is delivered apart (he would see his post hidden before delivery, they not).
    expect(executions() - before).toBe(3);
    for (const sub of subs) sub.unsubscribe();
  });
});

describe('viewer-dependent fields in a shared payload', () => {
  it("give each subscriber their own value: the question's vote of the one who voted, the author's email to the author only", async () => {
    const asked = await must(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Who voted?", body: "Tell me." }) { id } }`, { c: courseId }, cleo);
    const questionId = asked.askQuestion.id as string;
    await must(`mutation($q: ID!) { voteOnQuestion(questionId: $q, value: 1) { id } }`, { q: questionId }, bob);
    const ANSWERS = `subscription($q: ID!) { answerAdded(questionId: $q) { body viewerVote author { displayName email } question { title voteScore viewerVote } } }`;
    const forAlice = subscribe(client(alice.token), ANSWERS, { q: questionId });
    const forBob = subscribe(client(bob.token), ANSWERS, { q: questionId });
    await settleSubscriptions();
    const before = executions();
    await must(`mutation($q: ID!) { answerQuestion(questionId: $q, body: "Bob did.") { id } }`, { q: questionId }, alice);

    expect(await forAlice.nth(1)).toEqual({ data: { answerAdded: {
      body: 'Bob did.', viewerVote: 0, author: { displayName: 'Alice', email: alice.email }, question: { title: 'Who voted?', voteScore: 1, viewerVote: 0 },
    } } });
    expect(await forBob.nth(1)).toEqual({ data: { answerAdded: {
      body: 'Bob did.', viewerVote: 0, author: { displayName: 'Alice', email: null }, question: { title: 'Who voted?', voteScore: 1, viewerVote: 1 },
    } } });
    // The shared part once for Bob and once for Alice, the answer's author (delivered apart), and
    // the viewer's part once for each.
    expect(executions() - before).toBe(4);
    forAlice.unsubscribe();
    forBob.unsubscribe();
  });
});

describe('subscribers with different roles in one course', () => {
  it("each get their own scope's data: the instructor the exercise's answers, a student a FORBIDDEN for them", async () => {
    await must(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`, {
      c: courseId, i: { title: 'Quiz', questions: [{ prompt: 'Two plus two?', kind: 'SINGLE_CHOICE', choices: ['3', '4'], correctChoices: [1], points: 1 }] },
    }, instructor);
    const QUESTIONS = `subscription($c: ID!) { questionAdded(courseId: $c) { title course { exercises { title questions { prompt correctChoices } } } } }`;
    const forStudent = subscribe(client(bob.token), QUESTIONS, { c: courseId });
    const forInstructor = subscribe(client(instructor.token), QUESTIONS, { c: courseId });
    await settleSubscriptions();
    await must(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Is the quiz hard?", body: "Asking." }) { id } }`, { c: courseId }, alice);

    expect(await forInstructor.nth(1)).toEqual({ data: { questionAdded: {
      title: 'Is the quiz hard?', course: { exercises: [{ title: 'Quiz', questions: [{ prompt: 'Two plus two?', correctChoices: [1] }] }] },
    } } });
    const student = await forStudent.nth(1);
    expect(student.data).toEqual({ questionAdded: {
      title: 'Is the quiz hard?', course: { exercises: [{ title: 'Quiz', questions: [{ prompt: 'Two plus two?', correctChoices: null }] }] },
    } });
    expect(student.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    forStudent.unsubscribe();
    forInstructor.unsubscribe();
  });
});

describe('memberships checked at subscribe time', () => {
  const CHECKOUT = `mutation($k: String!, $p: String!) { checkout(idempotencyKey: $k, paymentToken: $p) { id status } }`;

  it('are asked of the supergraph once per member and course; a member whose enrolment is cancelled is refused at the next subscribe and hears no more', async () => {
    const buyer = await signUp(t, [], 'Bea Buyer');
    const paid = (await createCourse(t, instructor, { title: 'Paid Audience Course', priceCents: 1900 })).id;
    await must(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: paid }, buyer);
    const orderId = (await must(CHECKOUT, { k: 'audience-refund-0001', p: 'tok_ok' }, buyer)).checkout.id as string;
    await vi.waitFor(async () => expect((await t.gql(`query($c: ID!) { isCourseMember(courseId: $c) }`, { c: paid }, { token: buyer.token })).data!.isCourseMember).toBe(true), { timeout: 5000 });

    const lookups = t.stack.gateway.subscriptionMembershipLookups();
    const listening = subscribe(client(buyer.token), CHAT, { c: paid });
    const again = subscribe(client(buyer.token), CHAT, { c: paid });
    await settleSubscriptions();
    again.unsubscribe();
    expect(t.stack.gateway.subscriptionMembershipLookups() - lookups).toBe(1);
    await send(instructor, 'welcome', paid);
    expect((await listening.nth(1)).data).toEqual({ chatMessageAdded: { body: 'welcome', author: { displayName: 'Iris Instructor' } } });

    await must(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id: orderId }, buyer);
    // Admitted until the cancellation reaches the gateway's event tail, within moments.
    await vi.waitFor(async () => {
      const sub = subscribe(client(buyer.token), CHAT, { c: paid });
      try {
        expect((await sub.nth(1, 500)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      } finally {
        sub.unsubscribe();
      }
    }, { timeout: 8000, interval: 100 });

    await send(instructor, 'members only', paid);
    expect(await listening.nth(2)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    await listening.ended;
    expect(listening.results).toHaveLength(2);
  });
});
