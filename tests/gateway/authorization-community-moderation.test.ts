import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, callerTable, codeOf, enrol, later, resultOf, twoPages, type RowOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every moderation field and mutation, asked through the running gateway by each of eight callers
// relative to one course: `author` and `enrolled` are enrolled in it (the author wrote the posts
// acted on), `instructor` teaches it and `ta` is its teaching assistant (both course staff),
// `student` is enrolled nowhere, and `otherInstructor` teaches another course. Writes act on a
// fresh post of the author's per call. Direct messages are the author's to `enrolled`: only those
// two are in the conversation, and only ADMIN moderates it.

const callers = ['anonymous', 'student', 'enrolled', 'author', 'ta', 'instructor', 'otherInstructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  student: 'a student not enrolled',
  enrolled: 'another enrolled student',
  author: "the post's author",
  ta: "the course's teaching assistant",
  instructor: "the course's instructor",
  otherInstructor: 'another instructor',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
/** An enrolled member who reports the posts of resolveReport's row: its reports stay within the rate limit of others'. */
let reporter: TestUser;
let course: string;
let ids: {
  hiddenMessage: string; hiddenQuestion: string; hiddenAnswer: string; deletedMessage: string; editedMessage: string; question: string; report: string;
  thread: string; hiddenReply: string; dmReport: string;
};

const { matrix, as, each, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

const SEND = `mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`;
const ASK = `mutation($c: ID!, $t: String!) { askQuestion(input: { courseId: $c, title: $t, body: "A question's body" }) { id } }`;
const ANSWER = `mutation($q: ID!, $b: String!) { answerQuestion(questionId: $q, body: $b) { id } }`;
const HIDE = `mutation($k: PostKind!, $id: ID!, $r: String!) { hidePost(input: { kind: $k, id: $id, reason: $r }) { __typename } }`;
const REPORT = `mutation($k: PostKind!, $id: ID!, $r: String!) { reportPost(input: { kind: $k, id: $id, reason: $r }) { id } }`;

const START = `mutation($c: ID!, $t: String!, $b: String!) { startThread(input: { courseId: $c, title: $t, body: $b }) { id } }`;
const REPLY = `mutation($t: ID!, $b: String!) { replyToThread(threadId: $t, body: $b) { id } }`;
const SEND_DM = `mutation($to: [ID!]!, $b: String!) { sendDirectMessage(input: { recipientIds: $to, body: $b }) { id } }`;

/** A new reply of the author's in the matrix thread. */
const freshReply = async (body = 'A fresh reply') => (await ok(people.author, REPLY, { t: ids.thread, b: body })).replyToThread.id as string;
/** A new direct message of the author's to `enrolled`. */
const freshDirectMessage = async (body = 'A fresh direct message') => (await ok(people.author, SEND_DM, { to: [people.enrolled.id], b: body })).sendDirectMessage.id as string;
/** What the instructor (staff) reads of a thread reply. */
const staffReplyView = async (id: string) => (await ok(people.instructor, `query($id: ID!) { threadReply(id: $id) { body hiddenReason } }`, { id })).threadReply;
/** What the other participant reads of a direct message (null when gone for them). */
const recipientView = async (id: string) => (await ok(people.enrolled, `query($id: ID!) { directMessage(id: $id) { body editedAt } }`, { id })).directMessage;

/** A new chat message of the author's. */
const freshMessage = async (body = 'A fresh message') => (await ok(people.author, SEND, { c: course, b: body })).sendChatMessage.id as string;
/** What the instructor (staff: sees hidden posts) reads of a chat message. */
const staffView = async (id: string) => (await ok(people.instructor, `query($id: ID!) { chatMessage(id: $id) { body editedAt hiddenAt hiddenReason } }`, { id })).chatMessage;

beforeAll(async () => {
  t = await startTestStack();
  people = {
    student: await signUp(t, [], 'Moderation Student'),
    enrolled: await signUp(t, [], 'Moderation Enrolled'),
    author: await signUp(t, [], 'Moderation Author'),
    ta: await signUp(t, [], 'Moderation Assistant'),
    instructor: await signUp(t, ['INSTRUCTOR'], 'Moderation Instructor'),
    otherInstructor: await signUp(t, ['INSTRUCTOR'], 'Moderation Other Instructor'),
    admin: await signUp(t, ['ADMIN'], 'Moderation Admin'),
  };
  course = (await createCourse(t, people.instructor, { title: 'Moderation matrix course' })).id;
  await createCourse(t, people.otherInstructor, { title: "The other instructor's course" });
  await enrol(t, people.enrolled, course);
  await enrol(t, people.author, course);
  await enrol(t, people.ta, course);
  reporter = await signUp(t, [], 'Moderation Reporter');
  await enrol(t, reporter, course);
  await ok(people.instructor, `mutation($c: ID!, $u: ID!) { appointTeachingAssistant(courseId: $c, userId: $u) { role } }`, { c: course, u: people.ta.id });
  const hiddenMessage = await freshMessage('A message staff hid');
  await ok(people.instructor, HIDE, { k: 'CHAT_MESSAGE', id: hiddenMessage, r: 'Off topic' });
  const hiddenQuestion = (await ok(people.author, ASK, { c: course, t: 'A hidden question' })).askQuestion.id;
  await ok(people.instructor, HIDE, { k: 'QUESTION', id: hiddenQuestion, r: 'Spoiler' });
  const question = (await ok(people.enrolled, ASK, { c: course, t: 'A visible question' })).askQuestion.id;
  const hiddenAnswer = (await ok(people.author, ANSWER, { q: question, b: 'A hidden answer' })).answerQuestion.id;
  await ok(people.author, ANSWER, { q: question, b: 'A visible answer' });
  await ok(people.admin, HIDE, { k: 'ANSWER', id: hiddenAnswer, r: 'Rude' });
  const deletedMessage = await freshMessage('A message its author deleted');
  await ok(people.author, `mutation($id: ID!) { deletePost(input: { kind: CHAT_MESSAGE, id: $id }) }`, { id: deletedMessage });
  const editedMessage = await freshMessage('Before the edit');
  await ok(people.author, `mutation($id: ID!) { editPost(input: { kind: CHAT_MESSAGE, id: $id, body: "After the edit" }) { __typename } }`, { id: editedMessage });
  const report = (await ok(people.enrolled, REPORT, { k: 'CHAT_MESSAGE', id: editedMessage, r: 'Spam' })).reportPost.id;
  const thread = (await ok(people.author, START, { c: course, t: 'The matrix thread', b: 'Threads are posts **too**' })).startThread.id;
  const hiddenReply = (await ok(people.author, REPLY, { t: thread, b: 'A reply staff hid' })).replyToThread.id;
  await ok(people.ta, HIDE, { k: 'THREAD_REPLY', id: hiddenReply, r: 'Off topic' });
  const dm = (await ok(people.author, SEND_DM, { to: [people.enrolled.id], b: 'A direct message reported' })).sendDirectMessage.id;
  const dmReport = (await ok(people.enrolled, REPORT, { k: 'DIRECT_MESSAGE', id: dm, r: 'Harassment' })).reportPost.id;
  ids = { hiddenMessage, hiddenQuestion, hiddenAnswer, deletedMessage, editedMessage, question, report, thread, hiddenReply, dmReport };
});
afterAll(async () => t?.close());

/** The author and the course's staff see it; other members get `others`; outsiders are refused. */
const authorAndStaff = (seen: unknown, others: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: others, author: seen, ta: seen, instructor: seen, otherInstructor: 'FORBIDDEN', admin: seen,
});
const staffOnly = (done: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', author: 'FORBIDDEN', ta: done, instructor: done, otherInstructor: 'FORBIDDEN', admin: done,
});
/**
 * A write on a direct message: the author gets `author`, the other participant `other`; everyone
 * else (course staff and ADMIN too) is refused, and the message stays as `after` says.
 */
const conversation = (author: unknown, other: unknown, after: unknown) => ({
  ...each(['FORBIDDEN', after]), anonymous: ['UNAUTHENTICATED', after], enrolled: other, author,
});

const reads: RowOf<Caller>[] = [
  {
    name: 'chatMessage(id) of a hidden message is there, with its reason, for its author and staff only',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { chatMessage(id: $id) { body hiddenReason } }`, { id: ids.hiddenMessage }), (d) => d.chatMessage),
    expect: authorAndStaff({ body: 'A message staff hid', hiddenReason: 'Off topic' }, null),
  },
  {
    name: 'Course.chatMessages lists a hidden message to its author and staff only',
    run: async (c) => resultOf(await as(c, `query($c: ID!) { course(id: $c) { chatMessages(last: 100) { edges { node { id } } } } }`, { c: course }),
      (d) => d.course.chatMessages.edges.some((e: any) => e.node.id === ids.hiddenMessage)),
    expect: authorAndStaff(true, false),
  },
  {
    name: 'question(id) of a hidden question is there for its author and staff only',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { question(id: $id) { title hiddenReason hiddenAt } }`, { id: ids.hiddenQuestion }),
      (d) => d.question && { ...d.question, hiddenAt: Date.parse(d.question.hiddenAt) <= Date.now() }),
    expect: authorAndStaff({ title: 'A hidden question', hiddenReason: 'Spoiler', hiddenAt: true }, null),
  },
  {
    name: 'Course.questions lists a hidden question to its author and staff only, and counts it for them only',
    run: async (c) => resultOf(await as(c, `query($c: ID!) { course(id: $c) { questions { totalCount edges { node { id } } } } }`, { c: course }),
      (d) => [d.course.questions.totalCount, d.course.questions.edges.some((e: any) => e.node.id === ids.hiddenQuestion)]),
    expect: authorAndStaff([2, true], [1, false]),
  },
  {
    name: "Question.answers and answer(id) show a hidden answer to its author and staff only",
    run: async (c) => resultOf(await as(c, `query($q: ID!, $a: ID!) { question(id: $q) { answers { edges { node { body } } } } answer(id: $a) { body hiddenReason hiddenAt editedAt } }`, { q: ids.question, a: ids.hiddenAnswer }),
      (d) => [d.question.answers.edges.map((e: any) => e.node.body), d.answer && { ...d.answer, hiddenAt: Date.parse(d.answer.hiddenAt) <= Date.now() }]),
    expect: authorAndStaff([['A hidden answer', 'A visible answer'], { body: 'A hidden answer', hiddenReason: 'Rude', hiddenAt: true, editedAt: null }], [['A visible answer'], null]),
  },
  {
    name: 'a deleted message is gone for everyone, its author and staff included',
    run: async (c) => resultOf(await as(c, `query($id: ID!, $c: ID!) { chatMessage(id: $id) { body } course(id: $c) { chatMessages(last: 100) { edges { node { id } } } } }`, { id: ids.deletedMessage, c: course }),
      (d) => [d.chatMessage, d.course.chatMessages.edges.some((e: any) => e.node.id === ids.deletedMessage)]),
    expect: authorAndStaff([null, false], [null, false]),
  },
  {
    name: 'ChatMessage.editedAt marks an edited message for every member',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { chatMessage(id: $id) { body editedAt } }`, { id: ids.editedMessage }), (d) => [d.chatMessage.body, typeof d.chatMessage.editedAt]),
    expect: authorAndStaff(['After the edit', 'string'], ['After the edit', 'string']),
  },
  {
    name: "moderationQueue(courseId) shows the course's open reports to its staff",
    run: async (c) => resultOf(await as(c, `query($c: ID!) { moderationQueue(courseId: $c) { totalCount edges { node { id kind postId reason excerpt status reporter { displayName } createdAt } } } }`, { c: course }),
      (d) => {
        const node = d.moderationQueue.edges.find((e: any) => e.node.id === ids.report)?.node;
        return node && { ...node, createdAt: Date.parse(node.createdAt) <= Date.now() };
      }),
    expect: staffOnly(later(() => ({
      id: ids.report, kind: 'CHAT_MESSAGE', postId: ids.editedMessage, reason: 'Spam', excerpt: 'After the edit', status: 'OPEN', reporter: { displayName: 'Moderation Enrolled' }, createdAt: true,
    }))),
    words: { ta: 'the report', instructor: 'the report', admin: 'the report' },
  },
  {
    name: "moderationQueue(courseId, first, after) pages the course's open reports for its staff",
    run: async (c) => twoPages((after) => as(c, `query($c: ID!, $a: String) { moderationQueue(courseId: $c, first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { reason } } } }`,
      { c: course, a: after }), (d) => d.moderationQueue, (n) => n.reason),
    expect: staffOnly({ nodes: ['Spam'], hasNextPage: [false, false], cursorsEndPages: true }),
  },
  {
    name: "moderationQueue without a course shows an ADMIN every report and an instructor or teaching assistant their courses' ones",
    run: async (c) => resultOf(await as(c, `{ moderationQueue(first: 100) { edges { node { id } } } }`), (d) => d.moderationQueue.edges.some((e: any) => e.node.id === ids.report)),
    expect: { ...staffOnly(true), otherInstructor: false },
    words: { otherInstructor: "false (their own courses' reports only)" },
  },
  {
    name: "postChange(id) tells the course's members of a change; the hidden post is only there for its author and staff",
    run: async (c) => resultOf(await as(c, `query($id: ID!) { postChange(id: $id) { kind postId change chatMessage { body } } }`, { id: `HIDDEN:CHAT_MESSAGE:${ids.hiddenMessage}` }),
      (d) => [d.postChange.change, d.postChange.chatMessage?.body ?? null]),
    expect: authorAndStaff(['HIDDEN', 'A message staff hid'], ['HIDDEN', null]),
  },
  {
    name: "a thread reply a teaching assistant hid is in thread(id)'s replies, threadReply(id) and postChange(id) for its author and staff only",
    run: async (c) => resultOf(await as(c, `query($t: ID!, $r: ID!, $pc: ID!) {
        thread(id: $t) { replies(first: 100) { edges { node { id } } } } threadReply(id: $r) { hiddenReason } postChange(id: $pc) { threadReply { body } } }`,
      { t: ids.thread, r: ids.hiddenReply, pc: `HIDDEN:THREAD_REPLY:${ids.hiddenReply}` }),
      (d) => [d.thread.replies.edges.some((e: any) => e.node.id === ids.hiddenReply), d.threadReply?.hiddenReason ?? null, d.postChange.threadReply?.body ?? null]),
    expect: authorAndStaff([true, 'Off topic', 'A reply staff hid'], [false, null, null]),
  },
  {
    name: "a report of a direct message goes to ADMIN's queue alone (it has no course)",
    run: async (c) => resultOf(await as(c, `{ moderationQueue(first: 100) { edges { node { id kind course { id } excerpt } } } }`),
      (d) => d.moderationQueue.edges.find((e: any) => e.node.id === ids.dmReport)?.node ?? null),
    expect: { ...staffOnly(null), otherInstructor: null, admin: later(() => ({ id: ids.dmReport, kind: 'DIRECT_MESSAGE', course: null, excerpt: 'A direct message reported' })) },
    words: { ta: "null (their courses' reports only)", instructor: "null (their courses' reports only)", otherInstructor: "null (their courses' reports only)", admin: 'the report' },
  },
  {
    name: "postChange(id) of a question, an answer and a thread names the course, and carries the hidden ones to their author and staff only",
    run: async (c) => resultOf(await as(c, `query($q: ID!, $a: ID!, $t: ID!) {
        q: postChange(id: $q) { courseId question { title } } a: postChange(id: $a) { answer { body } } t: postChange(id: $t) { thread { title } } }`,
      { q: `HIDDEN:QUESTION:${ids.hiddenQuestion}`, a: `HIDDEN:ANSWER:${ids.hiddenAnswer}`, t: `EDITED:THREAD:${ids.thread}` }),
      (d) => [d.q.courseId === course, d.q.question?.title ?? null, d.a.answer?.body ?? null, d.t.thread?.title ?? null]),
    expect: authorAndStaff([true, 'A hidden question', 'A hidden answer', 'The matrix thread'], [true, null, null, 'The matrix thread']),
  },
  {
    name: 'postChange(id) of an unknown post is null for a signed-in caller',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { postChange(id: $id) { id } }`, { id: `EDITED:CHAT_MESSAGE:${UNKNOWN_ID}` }), (d) => d.postChange),
    expect: signedIn(null),
  },
];
matrix('community moderation reads through the gateway, for each caller', reads);

/** A write on a fresh post of the author's, then what staff read of that post afterwards. */
const onFreshMessage = (mutation: string, pick: (d: any) => unknown, prepare?: (id: string) => Promise<unknown>) => async (c: Caller) => {
  const id = await freshMessage();
  await prepare?.(id);
  const outcome = resultOf(await as(c, mutation, { id }), pick);
  return [outcome, await staffView(id)];
};
const untouched = (hidden = false) => ({ body: 'A fresh message', editedAt: null, ...(hidden ? { hiddenAt: expect.any(String), hiddenReason: 'Prepared' } : { hiddenAt: null, hiddenReason: null }) });
const writes: RowOf<Caller>[] = [
  {
    name: 'editPost is for the author alone, and a refused edit changes nothing',
    run: onFreshMessage(`mutation($id: ID!) { editPost(input: { kind: CHAT_MESSAGE, id: $id, body: "Edited" }) { ... on ChatMessage { body } } }`, (d) => d.editPost),
    expect: {
      ...each(['FORBIDDEN', untouched()]), anonymous: ['UNAUTHENTICATED', untouched()],
      author: [{ body: 'Edited' }, { body: 'Edited', editedAt: expect.any(String), hiddenAt: null, hiddenReason: null }],
    },
    words: { ...each('FORBIDDEN, unchanged'), anonymous: 'UNAUTHENTICATED, unchanged', author: 'the new body, marked edited' },
  },
  {
    name: "editPost of a question is for its author alone, who may change its title",
    run: async (c) => {
      const id = (await ok(people.author, ASK, { c: course, t: 'Title to edit' })).askQuestion.id;
      const outcome = resultOf(await as(c, `mutation($id: ID!) { editPost(input: { kind: QUESTION, id: $id, title: "A new title", body: "A new body" }) { ... on Question { title body } } }`, { id }), (d) => d.editPost);
      return [outcome, (await ok(people.instructor, `query($id: ID!) { question(id: $id) { title } }`, { id })).question.title];
    },
    expect: { ...each(['FORBIDDEN', 'Title to edit']), anonymous: ['UNAUTHENTICATED', 'Title to edit'], author: [{ title: 'A new title', body: 'A new body' }, 'A new title'] },
  },
  {
    name: 'editPost of an answer is for its author alone',
    run: async (c) => {
      const id = (await ok(people.author, ANSWER, { q: ids.question, b: 'Answer to edit' })).answerQuestion.id;
      const outcome = resultOf(await as(c, `mutation($id: ID!) { editPost(input: { kind: ANSWER, id: $id, body: "Edited answer" }) { ... on Answer { body editedAt } } }`, { id }),
        (d) => ({ body: d.editPost.body, editedAt: typeof d.editPost.editedAt }));
      return [outcome, (await ok(people.instructor, `query($id: ID!) { answer(id: $id) { body } }`, { id })).answer.body];
    },
    expect: { ...each(['FORBIDDEN', 'Answer to edit']), anonymous: ['UNAUTHENTICATED', 'Answer to edit'], author: [{ body: 'Edited answer', editedAt: 'string' }, 'Edited answer'] },
  },
  {
    name: 'deletePost is for the author alone; the deleted post is gone even for staff',
    run: onFreshMessage(`mutation($id: ID!) { deletePost(input: { kind: CHAT_MESSAGE, id: $id }) }`, (d) => d.deletePost),
    expect: { ...each(['FORBIDDEN', untouched()]), anonymous: ['UNAUTHENTICATED', untouched()], author: [true, null] },
    words: { ...each('FORBIDDEN, still there'), anonymous: 'UNAUTHENTICATED, still there', author: 'true, gone' },
  },
  {
    name: "hidePost is for the course's staff, with a reason",
    run: onFreshMessage(`mutation($id: ID!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: "Off topic" }) { ... on ChatMessage { hiddenReason } } }`, (d) => d.hidePost),
    expect: Object.fromEntries(callers.map((c) => [c, ['ta', 'instructor', 'admin'].includes(c)
      ? [{ hiddenReason: 'Off topic' }, { body: 'A fresh message', editedAt: null, hiddenAt: expect.any(String), hiddenReason: 'Off topic' }]
      : [c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', untouched()]])) as Record<Caller, unknown>,
    words: { ...each('FORBIDDEN, still shown'), anonymous: 'UNAUTHENTICATED, still shown', ta: 'hidden with the reason', instructor: 'hidden with the reason', admin: 'hidden with the reason' },
  },
  {
    name: "unhidePost is for the course's staff",
    run: onFreshMessage(`mutation($id: ID!) { unhidePost(input: { kind: CHAT_MESSAGE, id: $id }) { ... on ChatMessage { hiddenAt } } }`, (d) => d.unhidePost,
      (id) => ok(people.instructor, HIDE, { k: 'CHAT_MESSAGE', id, r: 'Prepared' })),
    expect: Object.fromEntries(callers.map((c) => [c, ['ta', 'instructor', 'admin'].includes(c)
      ? [{ hiddenAt: null }, untouched()]
      : [c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', untouched(true)]])) as Record<Caller, unknown>,
    words: { ...each('FORBIDDEN, still hidden'), anonymous: 'UNAUTHENTICATED, still hidden', ta: 'shown again', instructor: 'shown again', admin: 'shown again' },
  },
  {
    name: 'reportPost is for anyone who sees the post but its author',
    run: async (c) => {
      const id = await freshMessage();
      const outcome = resultOf(await as(c, REPORT, { k: 'CHAT_MESSAGE', id, r: 'Please look' }), (d) => typeof d.reportPost.id);
      const queue = await ok(people.admin, `query($c: ID!) { moderationQueue(courseId: $c, first: 100) { edges { node { postId } } } }`, { c: course });
      return [outcome, queue.moderationQueue.edges.filter((e: any) => e.node.postId === id).length];
    },
    expect: {
      anonymous: ['UNAUTHENTICATED', 0], student: ['FORBIDDEN', 0], enrolled: ['string', 1], author: ['BAD_USER_INPUT', 0], ta: ['string', 1], instructor: ['string', 1],
      otherInstructor: ['FORBIDDEN', 0], admin: ['string', 1],
    },
    words: { enrolled: 'reported once', ta: 'reported once', instructor: 'reported once', admin: 'reported once', author: 'BAD_USER_INPUT (their own post), no report' },
  },
  {
    name: "resolveReport is for the course's staff; HIDE hides the post with the note",
    run: async (c) => {
      const id = await freshMessage();
      const report = (await ok(reporter, REPORT, { k: 'CHAT_MESSAGE', id, r: 'Rude' })).reportPost.id;
      const outcome = resultOf(await as(c, `mutation($r: ID!) { resolveReport(input: { reportId: $r, action: HIDE, note: "Rude" }) { status resolution note } }`, { r: report }), (d) => d.resolveReport);
      return [outcome, (await staffView(id)).hiddenReason];
    },
    expect: Object.fromEntries(callers.map((c) => [c, ['ta', 'instructor', 'admin'].includes(c)
      ? [{ status: 'RESOLVED', resolution: 'HIDE', note: 'Rude' }, 'Rude']
      : [c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', null]])) as Record<Caller, unknown>,
    words: { ...each('FORBIDDEN, the post stays shown'), anonymous: 'UNAUTHENTICATED, the post stays shown', ta: 'resolved, the post hidden', instructor: 'resolved, the post hidden', admin: 'resolved, the post hidden' },
  },
  {
    name: 'editPost of a thread is for its author alone, who may change its title; the body is rendered again',
    run: async (c) => {
      const id = (await ok(people.author, START, { c: course, t: 'Thread to edit', b: 'Before' })).startThread.id;
      const outcome = resultOf(await as(c, `mutation($id: ID!) { editPost(input: { kind: THREAD, id: $id, title: "Edited thread", body: "After **bold**" }) { ... on Thread { title bodyHtml } } }`, { id }), (d) => d.editPost);
      return [outcome, (await ok(people.instructor, `query($id: ID!) { thread(id: $id) { title } }`, { id })).thread.title];
    },
    expect: { ...each(['FORBIDDEN', 'Thread to edit']), anonymous: ['UNAUTHENTICATED', 'Thread to edit'], author: [{ title: 'Edited thread', bodyHtml: '<p>After <strong>bold</strong></p>\n' }, 'Edited thread'] },
  },
  {
    name: 'editPost of a thread reply is for its author alone, and a refused edit of another\'s reply changes nothing',
    run: async (c) => {
      const id = await freshReply();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { editPost(input: { kind: THREAD_REPLY, id: $id, body: "Edited reply" }) { ... on ThreadReply { body editedAt } } }`, { id }), (d) => [d.editPost.body, typeof d.editPost.editedAt]);
      return [outcome, (await staffReplyView(id)).body];
    },
    expect: { ...each(['FORBIDDEN', 'A fresh reply']), anonymous: ['UNAUTHENTICATED', 'A fresh reply'], author: [['Edited reply', 'string'], 'Edited reply'] },
  },
  {
    name: 'deletePost of a thread reply is for its author alone; it leaves the thread for everyone, staff and its author included',
    run: async (c) => {
      const id = await freshReply();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { deletePost(input: { kind: THREAD_REPLY, id: $id }) }`, { id }), (d) => d.deletePost);
      const listedFor = async (user: TestUser) =>
        (await ok(user, `query($t: ID!) { thread(id: $t) { replies(first: 100) { edges { node { id } } } } }`, { t: ids.thread })).thread.replies.edges.some((e: any) => e.node.id === id);
      const listed = [await listedFor(people.enrolled), await listedFor(people.instructor), await listedFor(people.author)];
      return [outcome, listed.every(Boolean) ? true : listed.some(Boolean) ? listed : false];
    },
    expect: { ...each(['FORBIDDEN', true]), anonymous: ['UNAUTHENTICATED', true], author: [true, false] },
  },
  {
    name: "hidePost of a thread reply is for the course's staff, teaching assistants included",
    run: async (c) => {
      const id = await freshReply();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { hidePost(input: { kind: THREAD_REPLY, id: $id, reason: "Spoiler" }) { ... on ThreadReply { hiddenReason } } }`, { id }), (d) => d.hidePost);
      return [outcome, (await staffReplyView(id)).hiddenReason];
    },
    expect: Object.fromEntries(callers.map((c) => [c, ['ta', 'instructor', 'admin'].includes(c)
      ? [{ hiddenReason: 'Spoiler' }, 'Spoiler']
      : [c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', null]])) as Record<Caller, unknown>,
  },
  {
    name: 'editPost of a direct message is for its author alone, plain text up to 4000 characters',
    run: async (c) => {
      const id = await freshDirectMessage();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { editPost(input: { kind: DIRECT_MESSAGE, id: $id, body: "Edited message" }) { ... on DirectMessage { body } } }`, { id }), (d) => d.editPost);
      return [outcome, (await recipientView(id)).body];
    },
    expect: conversation([{ body: 'Edited message' }, 'Edited message'], ['FORBIDDEN', 'A fresh direct message'], 'A fresh direct message'),
  },
  {
    name: 'deletePost of a direct message is for its author alone; it is gone for the other participant',
    run: async (c) => {
      const id = await freshDirectMessage();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { deletePost(input: { kind: DIRECT_MESSAGE, id: $id }) }`, { id }), (d) => d.deletePost);
      return [outcome, (await recipientView(id))?.body ?? null];
    },
    expect: conversation([true, null], ['FORBIDDEN', 'A fresh direct message'], 'A fresh direct message'),
  },
  {
    name: 'hidePost of a direct message is for ADMIN alone: course instructors and teaching assistants are refused',
    run: async (c) => {
      const id = await freshDirectMessage();
      const outcome = resultOf(await as(c, `mutation($id: ID!) { hidePost(input: { kind: DIRECT_MESSAGE, id: $id, reason: "Abuse" }) { ... on DirectMessage { hiddenReason } } }`, { id }), (d) => d.hidePost);
      return [outcome, (await recipientView(id))?.body ?? null];
    },
    expect: { ...each(['FORBIDDEN', 'A fresh direct message']), anonymous: ['UNAUTHENTICATED', 'A fresh direct message'], admin: [{ hiddenReason: 'Abuse' }, null] },
  },
  {
    name: 'reportPost of a direct message is for the other participant',
    run: async (c) => {
      const id = await freshDirectMessage();
      const outcome = resultOf(await as(c, REPORT, { k: 'DIRECT_MESSAGE', id, r: 'Please look' }), (d) => typeof d.reportPost.id);
      const queue = await ok(people.admin, `{ moderationQueue(first: 100) { edges { node { postId } } } }`);
      return [outcome, queue.moderationQueue.edges.filter((e: any) => e.node.postId === id).length];
    },
    expect: conversation(['BAD_USER_INPUT', 0], ['string', 1], 0),
  },
];
matrix('community moderation writes through the gateway, for each caller', writes);

describe('bad edits of threads and direct messages are refused and change nothing', () => {
  const EDIT = `mutation($k: PostKind!, $id: ID!, $b: String!, $t: String) { editPost(input: { kind: $k, id: $id, body: $b, title: $t }) { __typename } }`;

  it('a title on a thread reply is BAD_USER_INPUT, and so is a body of only unsafe HTML', async () => {
    const id = await freshReply('Stays as it is');
    expect(codeOf(await t.gql(EDIT, { k: 'THREAD_REPLY', id, b: 'New body', t: 'A title' }, { token: people.author.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(EDIT, { k: 'THREAD_REPLY', id, b: '<script>alert(1)</script>' }, { token: people.author.token }))).toBe('BAD_USER_INPUT');
    expect(await staffReplyView(id)).toEqual({ body: 'Stays as it is', hiddenReason: null });
  });

  it('a direct message edited past 4000 characters is BAD_USER_INPUT', async () => {
    const id = await freshDirectMessage('Short');
    expect(codeOf(await t.gql(EDIT, { k: 'DIRECT_MESSAGE', id, b: 'x'.repeat(4001) }, { token: people.author.token }))).toBe('BAD_USER_INPUT');
    expect(await recipientView(id)).toEqual({ body: 'Short', editedAt: null });
  });
});
