import { afterAll, beforeAll } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, actors, asActor, cast, enrol, later, matrix, resultOf, waitFor, type Actor, type Person } from '../support/matrix.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every engagement field of the API, asked through the running gateway by each of the six callers.
// `instructor` teaches both courses; `enrolled` is enrolled in both; `student` is enrolled nowhere.
// Reads look at `course`: the enrolled student's question (answered by the instructor) and chat
// message. Writes go to `writing`, whose question (the enrolled student's, answered by the
// instructor and by the ADMIN, whose answer the author accepted) is there only for them.

let t: TestStack;
let people: Record<Person, TestUser>;
let course: string;
let writing: string;
let ids: { question: string; answer: string; message: string; writingQuestion: string; writingAnswer: string; adminAnswer: string };
let notes: { course: string; writing: string };

const COURSE = 'Engagement matrix course';
const WRITING = 'Engagement writing course';

async function ok(user: TestUser, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
const ASK = `mutation($c: ID!, $title: String!) { askQuestion(input: { courseId: $c, title: $title, body: "Where do I start?" }) { id title author { id } } }`;
const ANSWER = `mutation($q: ID!, $b: String!) { answerQuestion(questionId: $q, body: $b) { id body author { id } } }`;
const ACCEPT = `mutation($a: ID!) { acceptAnswer(answerId: $a) { id isAccepted } }`;
const NOTIFICATIONS = `{ myNotifications { edges { node { id kind message read } } } }`;

beforeAll(async () => {
  t = await startTestStack();
  people = await cast(t, 'Engagement');
  course = (await createCourse(t, people.instructor, { title: COURSE })).id;
  writing = (await createCourse(t, people.instructor, { title: WRITING })).id;
  await enrol(t, people.enrolled, course);
  const question = (await ok(people.enrolled, ASK, { c: course, title: 'Matrix question' })).askQuestion.id;
  const answer = (await ok(people.instructor, ANSWER, { q: question, b: 'Start with the first lesson.' })).answerQuestion.id;
  const message = (await ok(people.enrolled, `mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Hello, matrix") { id } }`, { c: course })).sendChatMessage.id;
  await enrol(t, people.enrolled, writing);
  const writingQuestion = (await ok(people.enrolled, ASK, { c: writing, title: 'Writing question' })).askQuestion.id;
  const writingAnswer = (await ok(people.instructor, ANSWER, { q: writingQuestion, b: "The instructor's answer" })).answerQuestion.id;
  const adminAnswer = (await ok(people.admin, ANSWER, { q: writingQuestion, b: "An ADMIN's answer" })).answerQuestion.id;
  await ok(people.enrolled, ACCEPT, { a: adminAnswer });
  ids = { question, answer, message, writingQuestion, writingAnswer, adminAnswer };
  // Notifications are made from events in the background, by design: wait for the five of them.
  const nodes = await waitFor(async () => (await ok(people.enrolled, NOTIFICATIONS, {})).myNotifications.edges.map((e: any) => e.node),
    (list) => list.length === 5, "the enrolled student's five notifications");
  await waitFor(async () => (await ok(people.admin, NOTIFICATIONS, {})).myNotifications.edges.length, (n) => n === 1, "the ADMIN's notification of the accepted answer");
  notes = {
    course: nodes.find((n: any) => n.message.includes(COURSE) && n.kind === 'ENROLLMENT_CONFIRMED').id,
    writing: nodes.find((n: any) => n.message.includes(WRITING) && n.kind === 'ENROLLMENT_CONFIRMED').id,
  };
});
afterAll(async () => t?.close());

const as = asActor(() => t, () => people);
const each = <T>(value: T) => Object.fromEntries(actors.map((a) => [a, value])) as Record<Actor, T>;
/** The course's members (the enrolled student, its instructor, ADMIN) get `value`; outsiders are FORBIDDEN. */
const membersOnly = (value: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: value, instructor: value, otherInstructor: 'FORBIDDEN', admin: value,
});
const forMembers = (words: string) => ({ enrolled: words, instructor: words, admin: words });
const unknownIsNull = { ...each(null), anonymous: 'UNAUTHENTICATED' };

matrix('engagement reads through the gateway, for each caller', [
  {
    name: "question(id) shows a course's question, its answers and votes to the course's members",
    run: async (a) => resultOf(await as(a, `query($id: ID!) {
      question(id: $id) { title body voteScore viewerVote answerCount acceptedAnswer { id } author { displayName } course { title } answers { edges { node { body author { displayName } } } } }
    }`, { id: ids.question }), (d) => d.question),
    expect: membersOnly({
      title: 'Matrix question', body: 'Where do I start?', voteScore: 0, viewerVote: 0, answerCount: 1, acceptedAnswer: null,
      author: { displayName: 'Engagement Enrolled' }, course: { title: COURSE },
      answers: { edges: [{ node: { body: 'Start with the first lesson.', author: { displayName: 'Engagement Instructor' } } }] },
    }),
    words: forMembers('the question'),
  },
  { name: 'question(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { question(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.question), expect: unknownIsNull },
  {
    name: "answer(id) shows an answer to the course's members",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { answer(id: $id) { body voteScore viewerVote isAccepted author { displayName } question { title } } }`, { id: ids.answer }), (d) => d.answer),
    expect: membersOnly({ body: 'Start with the first lesson.', voteScore: 0, viewerVote: 0, isAccepted: false, author: { displayName: 'Engagement Instructor' }, question: { title: 'Matrix question' } }),
    words: forMembers('the answer'),
  },
  { name: 'answer(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { answer(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.answer), expect: unknownIsNull },
  {
    name: "chatMessage(id) shows a chat message to the course's members",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { chatMessage(id: $id) { body author { displayName } course { title } } }`, { id: ids.message }), (d) => d.chatMessage),
    expect: membersOnly({ body: 'Hello, matrix', author: { displayName: 'Engagement Enrolled' }, course: { title: COURSE } }),
    words: forMembers('the message'),
  },
  { name: 'chatMessage(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { chatMessage(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.chatMessage), expect: unknownIsNull },
  {
    name: "Course.questions lists the course's questions to its members",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { questions { totalCount edges { node { id title } } } } }`, { c: course }), (d) => d.course.questions),
    expect: membersOnly(later(() => ({ totalCount: 1, edges: [{ node: { id: ids.question, title: 'Matrix question' } }] }))),
    words: forMembers('the question'),
  },
  {
    name: "Course.chatMessages lists the course's chat to its members",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { chatMessages { totalCount edges { node { id body } } } } }`, { c: course }), (d) => d.course.chatMessages),
    expect: membersOnly(later(() => ({ totalCount: 1, edges: [{ node: { id: ids.message, body: 'Hello, matrix' } }] }))),
    words: forMembers('the message'),
  },
  {
    name: 'isCourseMember says whether the caller is enrolled in the course, teaches it or is an ADMIN, false when anonymous',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { isCourseMember(courseId: $c) }`, { c: course }), (d) => d.isCourseMember),
    expect: { anonymous: false, student: false, enrolled: true, instructor: true, otherInstructor: false, admin: true },
  },
  {
    name: "myNotifications lists the caller's own notifications, newest first",
    run: async (a) => resultOf(await as(a, `{ myNotifications { totalCount edges { node { kind message read } } } }`), (d) => d.myNotifications),
    expect: {
      ...each({ totalCount: 0, edges: [] }),
      anonymous: 'UNAUTHENTICATED',
      enrolled: {
        totalCount: 5,
        edges: [
          { kind: 'ANSWER_TO_MY_QUESTION', message: 'New answer to your question “Writing question”.' },
          { kind: 'ANSWER_TO_MY_QUESTION', message: 'New answer to your question “Writing question”.' },
          { kind: 'ENROLLMENT_CONFIRMED', message: `You are enrolled in “${WRITING}”.` },
          { kind: 'ANSWER_TO_MY_QUESTION', message: 'New answer to your question “Matrix question”.' },
          { kind: 'ENROLLMENT_CONFIRMED', message: `You are enrolled in “${COURSE}”.` },
        ].map((node) => ({ node: { ...node, read: false } })),
      },
      admin: { totalCount: 1, edges: [{ node: { kind: 'ANSWER_ACCEPTED', message: 'Your answer to “Writing question” was accepted.', read: false } }] },
    },
    words: { enrolled: 'their five notifications', admin: 'theirs, of the accepted answer', student: 'none', instructor: 'none', otherInstructor: 'none' },
  },
  {
    name: "notification(id) is its owner's alone, not even an ADMIN's",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { notification(id: $id) { id kind message read } }`, { id: notes.course }), (d) => d.notification),
    expect: {
      anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', instructor: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'FORBIDDEN',
      enrolled: later(() => ({ id: notes.course, kind: 'ENROLLMENT_CONFIRMED', message: `You are enrolled in “${COURSE}”.`, read: false })),
    },
    words: { enrolled: 'their notification' },
  },
  { name: 'notification(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { notification(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.notification), expect: unknownIsNull },
]);

/** What the writing course holds after a call, as its instructor sees it. */
const writingState = async () => {
  const res = await as('instructor', `query($c: ID!, $q: ID!) {
    course(id: $c) { questions { totalCount } chatMessages { totalCount } }
    question(id: $q) { answerCount voteScore acceptedAnswer { id } answers { edges { node { id voteScore } } } }
  }`, { c: writing, q: ids.writingQuestion });
  const { course: c, question: q } = res.data!;
  return {
    questions: c.questions.totalCount as number, messages: c.chatMessages.totalCount as number, answers: q.answerCount as number,
    questionScore: q.voteScore as number, answerScore: q.answers.edges.find((e: any) => e.node.id === ids.writingAnswer).node.voteScore as number,
    accepted: q.acceptedAnswer?.id === ids.writingAnswer ? 'instructor' : q.acceptedAnswer?.id === ids.adminAnswer ? 'admin' : null,
  };
};
/** The cell of a write: its outcome, then the one figure of the writing course it may change. */
const write = async (a: Actor, query: string, variables: Record<string, unknown>, pick: (d: any) => unknown, figure: keyof Awaited<ReturnType<typeof writingState>>) => {
  const outcome = resultOf(await as(a, query, variables), pick);
  return [outcome, (await writingState())[figure]];
};
/**
 * Asked in order (anonymous, student, enrolled, instructor, otherInstructor, admin); a member's
 * call adds one to the figure, a refused call leaves it.
 */
const counted = (start: number, done: unknown) => ({
  anonymous: ['UNAUTHENTICATED', start], student: ['FORBIDDEN', start], enrolled: [done, start + 1], instructor: [done, start + 2],
  otherInstructor: ['FORBIDDEN', start + 2], admin: [done, start + 3],
});
const countedWords = (what: string) => ({
  anonymous: 'UNAUTHENTICATED, nothing stored', student: 'FORBIDDEN, nothing stored', otherInstructor: 'FORBIDDEN, nothing stored', ...forMembers(what),
});

matrix('engagement writes through the gateway, for each caller', [
  {
    name: "askQuestion is for the course's members, and a refused call stores nothing",
    run: (a) => write(a, ASK, { c: writing, title: `Asked by ${a}` }, (d) => d.askQuestion.author.id === people[a as Person].id, 'questions'),
    expect: counted(1, true),
    words: countedWords('their question is stored'),
  },
  {
    name: 'askQuestion in an unknown course: nobody is a member of it but an ADMIN, who finds no course',
    run: async (a) => resultOf(await as(a, ASK, { c: UNKNOWN_ID, title: 'Nowhere' }), (d) => d.askQuestion),
    expect: { ...each('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', admin: 'NOT_FOUND' },
  },
  {
    name: "answerQuestion is for the course's members, and a refused call stores nothing",
    run: (a) => write(a, ANSWER, { q: ids.writingQuestion, b: `Answered by ${a}` }, (d) => d.answerQuestion.author.id === people[a as Person].id, 'answers'),
    expect: counted(2, true),
    words: countedWords('their answer is stored'),
  },
  {
    name: "voteOnQuestion is for the course's members, one vote each, and a refused vote counts for nothing",
    // Asked twice by each member: the second vote replaces the first.
    run: async (a) => {
      await as(a, `mutation($q: ID!) { voteOnQuestion(questionId: $q, value: 1) { id } }`, { q: ids.writingQuestion });
      return write(a, `mutation($q: ID!) { voteOnQuestion(questionId: $q, value: 1) { viewerVote } }`, { q: ids.writingQuestion }, (d) => d.voteOnQuestion.viewerVote, 'questionScore');
    },
    expect: counted(0, 1),
    words: countedWords('their vote of 1 counts once'),
  },
  {
    name: "voteOnAnswer is for the course's members, one vote each, and a refused vote counts for nothing",
    run: async (a) => {
      await as(a, `mutation($a: ID!) { voteOnAnswer(answerId: $a, value: 1) { id } }`, { a: ids.writingAnswer });
      return write(a, `mutation($a: ID!) { voteOnAnswer(answerId: $a, value: 1) { viewerVote } }`, { a: ids.writingAnswer }, (d) => d.voteOnAnswer.viewerVote, 'answerScore');
    },
    expect: counted(0, 1),
    words: countedWords('their vote of 1 counts once'),
  },
  {
    name: "acceptAnswer is the question's author's alone: members who did not ask are refused and the accepted answer stays",
    // The author accepts the instructor's answer, then puts the ADMIN's back, so that every
    // refusal is seen against the same accepted answer.
    run: async (a) => {
      const cell = await write(a, ACCEPT, { a: ids.writingAnswer }, (d) => d.acceptAnswer.isAccepted, 'accepted');
      if (a === 'enrolled') await ok(people.enrolled, ACCEPT, { a: ids.adminAnswer });
      return cell;
    },
    expect: {
      anonymous: ['UNAUTHENTICATED', 'admin'], student: ['FORBIDDEN', 'admin'], enrolled: [true, 'instructor'],
      instructor: ['FORBIDDEN', 'admin'], otherInstructor: ['FORBIDDEN', 'admin'], admin: ['FORBIDDEN', 'admin'],
    },
    words: {
      anonymous: "UNAUTHENTICATED, the ADMIN's answer stays accepted", enrolled: "the instructor's answer becomes the accepted one",
      ...Object.fromEntries((['student', 'instructor', 'otherInstructor', 'admin'] as const).map((a) => [a, "FORBIDDEN, the ADMIN's answer stays accepted"])),
    },
  },
  {
    name: "sendChatMessage is for the course's members, and a refused call stores nothing",
    run: (a) => write(a, `mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { author { id } } }`, { c: writing, b: `Said by ${a}` },
      (d) => d.sendChatMessage.author.id === people[a as Person].id, 'messages'),
    expect: counted(0, true),
    words: countedWords('their message is stored'),
  },
  {
    name: "markNotificationsRead changes the caller's own notifications only: anyone else's ids are ignored",
    // The enrolled student marks the notification of their second enrolment; everyone else tries
    // the one of their first, which must stay unread.
    run: async (a) => {
      const target = a === 'enrolled' ? notes.writing : notes.course;
      const changed = resultOf(await as(a, `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [target] }), (d) => d.markNotificationsRead);
      const mine = (await ok(people.enrolled, NOTIFICATIONS, {})).myNotifications.edges.map((e: any) => e.node);
      return { changed, firstUnread: !mine.find((n: any) => n.id === notes.course).read, secondUnread: !mine.find((n: any) => n.id === notes.writing).read };
    },
    expect: {
      ...each({ changed: 0, firstUnread: true, secondUnread: true }),
      anonymous: { changed: 'UNAUTHENTICATED', firstUnread: true, secondUnread: true },
      enrolled: { changed: 1, firstUnread: true, secondUnread: false },
      // After the enrolled student's call.
      instructor: { changed: 0, firstUnread: true, secondUnread: false },
      otherInstructor: { changed: 0, firstUnread: true, secondUnread: false },
      admin: { changed: 0, firstUnread: true, secondUnread: false },
    },
    words: {
      anonymous: 'UNAUTHENTICATED', enrolled: '1, their own is read',
      ...Object.fromEntries((['student', 'instructor', 'otherInstructor', 'admin'] as const).map((a) => [a, "0, the enrolled student's stays unread"])),
    },
  },
]);
