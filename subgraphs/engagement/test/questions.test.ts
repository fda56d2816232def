import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANSWER_FIELDS, QUESTION_FIELDS, actor, as, castAround, codeOf, enroll, eventsOf, startEngagement, type Actor, type EngagementHarness,
} from './harness.ts';

let h: EngagementHarness;
let courseId: string;
let people: Awaited<ReturnType<typeof castAround>>['people'];
let classmate: Actor;
beforeAll(async () => {
  h = await startEngagement();
  ({ people, course: { _id: courseId } } = await castAround(h));
  classmate = actor(h, 'STUDENT');
  await enroll(h, classmate, courseId);
});
afterAll(async () => h?.close());

const ASK = `mutation($input: AskQuestionInput!) { askQuestion(input: $input) { ${QUESTION_FIELDS} } }`;
const ANSWER = `mutation($q: ID!, $body: String!) { answerQuestion(questionId: $q, body: $body) { ${ANSWER_FIELDS} } }`;
const ACCEPT = `mutation($a: ID!) { acceptAnswer(answerId: $a) { id isAccepted question { id acceptedAnswer { id } } } }`;
const QUESTION = `query($id: ID!) { question(id: $id) { ${QUESTION_FIELDS} answers { totalCount edges { node { id isAccepted } } } } }`;

async function ask(who: Actor, title = 'How do closures capture variables?', body = 'I do not get it.') {
  const res = await h.gql(ASK, { input: { courseId, title, body } }, as(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.askQuestion as { id: string };
}
async function answer(who: Actor, questionId: string, body = 'They capture the binding, not the value.') {
  const res = await h.gql(ANSWER, { q: questionId, body }, as(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.answerQuestion as { id: string };
}
// Settled first: the consumers' own writes (notifications) must not pass for a change.
const counts = async () => (await h.settle(), {
  questions: await h.subgraph.repository.questions.countDocuments(),
  answers: await h.subgraph.repository.answers.countDocuments(),
  messages: await h.subgraph.repository.chatMessages.countDocuments(),
  votes: await h.subgraph.repository.votes.countDocuments(),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

describe('asking a question', () => {
  it('an enrolled student asks a question; it is stored trimmed, with no votes and no answers', async () => {
    const res = await h.gql(ASK, { input: { courseId, title: '  What is a monad?  ', body: '\n Explain like I am five. \n' } }, as(people.student));
    expect(res.errors).toBeUndefined();
    expect(res.data!.askQuestion).toMatchObject({
      title: 'What is a monad?', body: 'Explain like I am five.', voteScore: 0, viewerVote: 0, answerCount: 0,
      course: { id: courseId }, author: { id: people.student.id }, acceptedAnswer: null,
    });
    expect(Date.parse(res.data!.askQuestion.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps markup as the plain text it is: nothing is interpreted or stripped', async () => {
    const title = '<script>alert("x")</script> & <b>bold</b>?';
    const q = await ask(people.student, title, '<img src=x onerror=alert(1)>');
    const res = await h.gql(QUESTION, { id: q.id }, as(people.student));
    expect(res.data!.question).toMatchObject({ title, body: '<img src=x onerror=alert(1)>' });
  });

  it('logs QuestionAsked with the question as aggregate and the course and author as refs', async () => {
    const q = await ask(people.student, 'An event-worthy question');
    const [event] = await eventsOf(h, { type: 'QuestionAsked', aggregateId: q.id });
    expect(event).toMatchObject({
      courseId, userId: people.student.id, data: { questionId: q.id, courseId, authorId: people.student.id, title: 'An event-worthy question' },
    });
    expect(await h.subgraph.repository.questions.findOne({ _id: q.id, 'outbox.0': { $exists: true } })).toBeNull();
  });

  it('the course instructor and an ADMIN may ask too', async () => {
    await expect(ask(people.instructor)).resolves.toHaveProperty('id');
    await expect(ask(people.admin)).resolves.toHaveProperty('id');
  });

  it('a student who is not enrolled cannot ask a question, and nothing is written', async () => {
    const before = await counts();
    const res = await h.gql(ASK, { input: { courseId, title: 'Let me in?', body: 'Please.' } }, as(people.outsider));
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('an ADMIN asking about a course nobody has heard of gets NOT_FOUND', async () => {
    const res = await h.gql(ASK, { input: { courseId: '0190a0a0-0000-7000-8000-000000000000', title: 'Ghost course?', body: 'Boo.' } }, as(people.admin));
    expect(codeOf(res)).toBe('NOT_FOUND');
  });

  it.each([
    ['a title of 2 characters', { title: 'ab' }, 'title'],
    ['a title of 151 characters', { title: 'x'.repeat(151) }, 'title'],
    ['a title of only spaces', { title: '      ' }, 'title'],
    ['an empty body', { body: '   ' }, 'body'],
    ['a body of 10001 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ['a malformed course id', { courseId: 'not-an-id' }, 'courseId'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, overrides, field) => {
    const before = await counts();
    const res = await h.gql(ASK, { input: { courseId, title: 'A fine title', body: 'A fine body', ...overrides } }, as(people.student));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('accepts a title of exactly 3 and 150 characters and a body of exactly 10000', async () => {
    await expect(ask(people.student, 'abc', 'x'.repeat(10_000))).resolves.toHaveProperty('id');
    await expect(ask(people.student, 'y'.repeat(150))).resolves.toHaveProperty('id');
  });
});

describe('reading a question', () => {
  it('question(id) is null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const unknown = await h.gql(QUESTION, { id: '0190a0a0-0000-7000-8000-000000000000' }, as(people.student));
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.question).toBeNull();
    expect(codeOf(await h.gql(QUESTION, { id: 'nope' }, as(people.student)))).toBe('BAD_USER_INPUT');
  });

  it('a student who is not enrolled cannot read a question of the course', async () => {
    const q = await ask(people.student);
    const res = await h.gql(QUESTION, { id: q.id }, as(people.outsider));
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data?.question ?? null).toBeNull();
  });
});

describe('answering', () => {
  it('a classmate answers; the answer counts on the question and is listed under it', async () => {
    const q = await ask(people.student);
    const res = await h.gql(ANSWER, { q: q.id, body: '  Closures close over variables.  ' }, as(classmate));
    expect(res.errors).toBeUndefined();
    expect(res.data!.answerQuestion).toMatchObject({
      body: 'Closures close over variables.', voteScore: 0, viewerVote: 0, isAccepted: false, author: { id: classmate.id }, question: { id: q.id, answerCount: 1 },
    });
    const read = await h.gql(QUESTION, { id: q.id }, as(people.student));
    expect(read.data!.question).toMatchObject({ answerCount: 1, answers: { totalCount: 1, edges: [{ node: { id: res.data!.answerQuestion.id, isAccepted: false } }] } });
  });

  it('logs AnswerPosted with the answer as aggregate, naming the question and its author', async () => {
    const q = await ask(people.student, 'Who will answer this one?');
    const a = await answer(people.instructor, q.id);
    const [event] = await eventsOf(h, { type: 'AnswerPosted', aggregateId: a.id });
    expect(event).toMatchObject({
      courseId, userId: people.instructor.id,
      data: { answerId: a.id, questionId: q.id, courseId, authorId: people.instructor.id, questionAuthorId: people.student.id, questionTitle: 'Who will answer this one?' },
    });
  });

  it('a student who is not enrolled cannot answer, and nothing is written', async () => {
    const q = await ask(people.student);
    const before = await counts();
    expect(codeOf(await h.gql(ANSWER, { q: q.id, body: 'Me!' }, as(people.outsider)))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an empty body', { body: '  ' }, 'BAD_USER_INPUT'],
    ['a body of 10001 characters', { body: 'x'.repeat(10_001) }, 'BAD_USER_INPUT'],
    ['a malformed question id', { q: 'x' }, 'BAD_USER_INPUT'],
    ['an unknown question', { q: '0190a0a0-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
  ])('%s is %s and nothing is written', async (_name, overrides, code) => {
    const q = await ask(people.student);
    const before = await counts();
    expect(codeOf(await h.gql(ANSWER, { q: q.id, body: 'fine', ...overrides }, as(classmate)))).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('an answer a crash left uncounted is counted exactly once at the next start', async () => {
    const q = await ask(people.student);
    const a = await answer(classmate, q.id);
    // As if the process had died between writing the answer and counting it.
    await h.subgraph.repository.answers.updateOne({ _id: a.id }, { $set: { counted: false } });
    await h.restart();
    const stored = await h.subgraph.repository.questions.findOne({ _id: q.id });
    expect(stored).toMatchObject({ answerCount: 1, answerIds: [a.id] });
    expect(await h.subgraph.repository.answers.findOne({ _id: a.id })).toMatchObject({ counted: true });
  });
});

describe('accepting an answer', () => {
  it("the question's author accepts an answer; accepting another one replaces it", async () => {
    const q = await ask(people.student);
    const first = await answer(classmate, q.id);
    const second = await answer(people.instructor, q.id);
    const res = await h.gql(ACCEPT, { a: first.id }, as(people.student));
    expect(res.data!.acceptAnswer).toEqual({ id: first.id, isAccepted: true, question: { id: q.id, acceptedAnswer: { id: first.id } } });
    const again = await h.gql(ACCEPT, { a: second.id }, as(people.student));
    expect(again.data!.acceptAnswer).toEqual({ id: second.id, isAccepted: true, question: { id: q.id, acceptedAnswer: { id: second.id } } });
    const read = await h.gql(QUESTION, { id: q.id }, as(classmate));
    expect(read.data!.question.acceptedAnswer).toEqual({ id: second.id });
    expect(read.data!.question.answers.edges.map((e: any) => [e.node.id, e.node.isAccepted])).toEqual([[first.id, false], [second.id, true]]);
    const events = await eventsOf(h, { type: 'AnswerAccepted', aggregateId: q.id });
    expect(events.map((e) => e.data)).toMatchObject([
      { answerId: first.id, previousAnswerId: null, answerAuthorId: classmate.id, questionAuthorId: people.student.id },
      { answerId: second.id, previousAnswerId: first.id, answerAuthorId: people.instructor.id },
    ]);
    expect(events[0]).toMatchObject({ courseId, userId: people.student.id });
  });

  it('accepting the accepted answer again changes nothing and logs nothing', async () => {
    const q = await ask(people.student);
    const a = await answer(classmate, q.id);
    await h.gql(ACCEPT, { a: a.id }, as(people.student));
    const before = await counts();
    const res = await h.gql(ACCEPT, { a: a.id }, as(people.student));
    expect(res.data!.acceptAnswer.isAccepted).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it.each([['the instructor', 'instructor'], ['an ADMIN', 'admin'], ['the answer’s author', 'classmate']] as const)(
    '%s cannot accept an answer to somebody else’s question: FORBIDDEN, nothing changes', async (_name, who) => {
      const q = await ask(people.student);
      const a = await answer(classmate, q.id);
      const res = await h.gql(ACCEPT, { a: a.id }, as(who === 'classmate' ? classmate : people[who]));
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect((await h.subgraph.repository.questions.findOne({ _id: q.id }))!.acceptedAnswerId).toBeNull();
    },
  );

  it('an unknown answer is NOT_FOUND and a malformed id BAD_USER_INPUT', async () => {
    expect(codeOf(await h.gql(ACCEPT, { a: '0190a0a0-0000-7000-8000-000000000000' }, as(people.student)))).toBe('NOT_FOUND');
    expect(codeOf(await h.gql(ACCEPT, { a: 'zzz' }, as(people.student)))).toBe('BAD_USER_INPUT');
  });
});

describe('voting', () => {
  const VOTE_Q = `mutation($id: ID!, $v: Int!) { voteOnQuestion(questionId: $id, value: $v) { id voteScore viewerVote } }`;
  const VOTE_A = `mutation($id: ID!, $v: Int!) { voteOnAnswer(answerId: $id, value: $v) { id voteScore viewerVote isAccepted } }`;

  it('one vote per user: a new vote replaces the previous one, and 0 takes it back', async () => {
    const q = await ask(people.student);
    const vote = async (who: Actor, v: number) => (await h.gql(VOTE_Q, { id: q.id, v }, as(who))).data!.voteOnQuestion;
    expect(await vote(classmate, 1)).toEqual({ id: q.id, voteScore: 1, viewerVote: 1 });
    expect(await vote(classmate, 1)).toEqual({ id: q.id, voteScore: 1, viewerVote: 1 });
    expect(await vote(people.instructor, -1)).toEqual({ id: q.id, voteScore: 0, viewerVote: -1 });
    expect(await vote(classmate, -1)).toEqual({ id: q.id, voteScore: -2, viewerVote: -1 });
    expect(await vote(classmate, 0)).toEqual({ id: q.id, voteScore: -1, viewerVote: 0 });
    // A vote taken back stays stored as 0 (it may still owe its score move): only one counts.
    expect(await h.subgraph.repository.votes.countDocuments({ targetId: q.id, value: { $ne: 0 } })).toBe(1);
    const read = await h.gql(`query($id: ID!) { question(id: $id) { voteScore viewerVote } }`, { id: q.id }, as(people.instructor));
    expect(read.data!.question).toEqual({ voteScore: -1, viewerVote: -1 });
  });

  it('votes on answers work the same way and viewerVote is per viewer', async () => {
    const q = await ask(people.student);
    const a = await answer(classmate, q.id);
    await h.gql(VOTE_A, { id: a.id, v: 1 }, as(people.student));
    const res = await h.gql(VOTE_A, { id: a.id, v: 1 }, as(people.admin));
    expect(res.data!.voteOnAnswer).toEqual({ id: a.id, voteScore: 2, viewerVote: 1, isAccepted: false });
    const read = await h.gql(`query($id: ID!) { answer(id: $id) { voteScore viewerVote } }`, { id: a.id }, as(classmate));
    expect(read.data!.answer).toEqual({ voteScore: 2, viewerVote: 0 });
  });

  it.each([2, -2, 100])('a vote of %s is BAD_USER_INPUT and nothing changes', async (v) => {
    const q = await ask(people.student);
    const before = await counts();
    const res = await h.gql(VOTE_Q, { id: q.id, v }, as(classmate));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('value');
    expect(await counts()).toEqual(before);
    expect((await h.subgraph.repository.questions.findOne({ _id: q.id }))!.voteScore).toBe(0);
  });

  it('a student who is not enrolled cannot vote, and nothing changes', async () => {
    const q = await ask(people.student);
    const a = await answer(classmate, q.id);
    const before = await counts();
    expect(codeOf(await h.gql(VOTE_Q, { id: q.id, v: 1 }, as(people.outsider)))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(VOTE_A, { id: a.id, v: 1 }, as(people.outsider)))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('a vote on an unknown question or answer is NOT_FOUND', async () => {
    expect(codeOf(await h.gql(VOTE_Q, { id: '0190a0a0-0000-7000-8000-000000000000', v: 1 }, as(classmate)))).toBe('NOT_FOUND');
    expect(codeOf(await h.gql(VOTE_A, { id: '0190a0a0-0000-7000-8000-000000000000', v: 1 }, as(classmate)))).toBe('NOT_FOUND');
  });
});

describe('course chat', () => {
  const SEND = `mutation($c: ID!, $body: String!) { sendChatMessage(courseId: $c, body: $body) { id body createdAt course { id } author { id } } }`;

  it('a member sends a message, stored trimmed; ChatMessageSent is logged for it', async () => {
    const res = await h.gql(SEND, { c: courseId, body: '  hello <everyone>  ' }, as(classmate));
    expect(res.errors).toBeUndefined();
    const message = res.data!.sendChatMessage;
    expect(message).toMatchObject({ body: 'hello <everyone>', course: { id: courseId }, author: { id: classmate.id } });
    const [event] = await eventsOf(h, { type: 'ChatMessageSent', aggregateId: message.id });
    expect(event).toMatchObject({ courseId, userId: classmate.id, data: { messageId: message.id, courseId, authorId: classmate.id } });
    const read = await h.gql(`query($id: ID!) { chatMessage(id: $id) { id body } }`, { id: message.id }, as(people.instructor));
    expect(read.data!.chatMessage).toEqual({ id: message.id, body: 'hello <everyone>' });
  });

  it.each([
    ['an empty body', { body: ' ' }, 'BAD_USER_INPUT'],
    ['a body of 2001 characters', { body: 'x'.repeat(2001) }, 'BAD_USER_INPUT'],
    ['a malformed course id', { c: 'x' }, 'BAD_USER_INPUT'],
  ])('%s is %s and nothing is written', async (_name, overrides, code) => {
    const before = await counts();
    expect(codeOf(await h.gql(SEND, { c: courseId, body: 'fine', ...overrides }, as(classmate)))).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('a body of exactly 2000 characters is fine', async () => {
    const res = await h.gql(SEND, { c: courseId, body: 'x'.repeat(2000) }, as(classmate));
    expect(res.data!.sendChatMessage.body).toHaveLength(2000);
  });

  it('a student who is not enrolled cannot send a message', async () => {
    const before = await counts();
    expect(codeOf(await h.gql(SEND, { c: courseId, body: 'hi' }, as(people.outsider)))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});
