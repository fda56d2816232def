import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, callerTable, cast, codeOf, enrol, later, resultOf, together, twoPages, waitFor, type Person as BasePerson } from '../support/matrix.ts';
import { startTestStack, signUp, type TestStack, type TestUser } from '../support/stack.ts';
import { subscribe, wsClient } from '../support/ws.ts';

// Every field and mutation of community threads (members, teaching assistants, threads, replies,
// reactions, pins, locks, follows, bookmarks, my questions and answers), asked through the running
// gateway by each of eight callers. `instructor` teaches both courses; `enrolled`, `author` and
// `ta` are enrolled in both, `ta` appointed teaching assistant of `course`'s by the instructor (and of
// `writing`'s); `student` is enrolled nowhere. `author` started the thread read here.

const actors = ['anonymous', 'student', 'enrolled', 'author', 'ta', 'instructor', 'otherInstructor', 'admin'] as const;
type Actor = (typeof actors)[number];
type Person = Exclude<Actor, 'anonymous'>;
const labels: Record<Actor, string> = {
  anonymous: 'an anonymous caller',
  student: 'a non-member',
  enrolled: 'a member',
  author: "the thread's author",
  ta: 'a teaching assistant',
  instructor: "the course's instructor",
  otherInstructor: 'another instructor',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
let course: string;
let writing: string;
let ids: { thread: string; reply: string; deepReply: string; hidden: string; question: string; answer: string; writingThread: string };

const COURSE = 'Threads matrix course';
const WRITING = 'Threads writing course';

const { matrix, as, each, signedIn, ok } = callerTable<Actor>({ actors, labels }, () => t, () => people);
const START = `mutation($c: ID!, $title: String!, $body: String!) { startThread(input: { courseId: $c, title: $title, body: $body }) { id title } }`;
const REPLY = `mutation($t: ID!, $b: String!, $p: ID) { replyToThread(threadId: $t, body: $b, parentId: $p) { id depth } }`;
const APPOINT = `mutation($c: ID!, $u: ID!) { appointTeachingAssistant(courseId: $c, userId: $u) { role displayName } }`;

beforeAll(async () => {
  t = await startTestStack();
  const base: Record<BasePerson, TestUser> = await cast(t, 'Threads');
  people = { ...base, author: await signUp(t, [], 'Threads Author'), ta: await signUp(t, [], 'Threads Assistant') };
  course = (await createCourse(t, people.instructor, { title: COURSE })).id;
  writing = (await createCourse(t, people.instructor, { title: WRITING })).id;
  for (const c of [course, writing]) for (const p of ['enrolled', 'author', 'ta'] as const) await enrol(t, people[p], c);
  await ok(people.instructor, APPOINT, { c: course, u: people.ta.id });
  await ok(people.instructor, APPOINT, { c: writing, u: people.ta.id });
  const thread = (await ok(people.author, START, { c: course, title: 'Matrix thread', body: 'Hello **world**' })).startThread.id;
  const reply = (await ok(people.enrolled, REPLY, { t: thread, b: 'A first reply' })).replyToThread.id;
  const deepReply = (await ok(people.ta, REPLY, { t: thread, b: 'An answer to it', p: reply })).replyToThread.id;
  const hidden = (await ok(people.author, START, { c: course, title: 'Hidden thread', body: 'Soon hidden' })).startThread.id;
  // Staff hide posts through moderation (another part of issue 14): stored as it stores it.
  await t.platform.db.collection('engagement_threads').updateOne({ _id: hidden as never }, { $set: { hiddenAt: new Date(), hiddenReason: 'Off topic' } });
  const question = (await ok(people.enrolled, `mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "My matrix question", body: "Why?" }) { id } }`, { c: course })).askQuestion.id;
  const answer = (await ok(people.ta, `mutation($q: ID!) { answerQuestion(questionId: $q, body: "Because.") { id } }`, { q: question })).answerQuestion.id;
  await ok(people.enrolled, `mutation($t: ID!) { bookmark(kind: THREAD, id: $t) { id } }`, { t: thread });
  const writingThread = (await ok(people.author, START, { c: writing, title: 'Writing thread', body: 'For the writes' })).startThread.id;
  ids = { thread, reply, deepReply, hidden, question, answer, writingThread };
});
afterAll(async () => t?.close());

const MEMBERS = ['enrolled', 'author', 'ta', 'instructor', 'admin'] as const;
/** The course's members get `value`; outsiders are FORBIDDEN. */
const membersOnly = (value: unknown) => ({ anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', ...Object.fromEntries(MEMBERS.map((m) => [m, value])) }) as Record<Actor, unknown>;
/** Its staff (teaching assistant, instructor, ADMIN) get `value`; other members and outsiders are FORBIDDEN. */
const staffOnly = (value: unknown) => ({ ...membersOnly('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', ta: value, instructor: value, admin: value }) as Record<Actor, unknown>;
const forMembers = (words: string) => Object.fromEntries(MEMBERS.map((m) => [m, words]));
const unknownIsNull = signedIn(null);

matrix('community thread reads through the gateway, for each caller', [
  {
    name: "Course.members lists the course's instructor, then its teaching assistants, then its students, to its members",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { members { totalCount edges { node { displayName role user { id } } } } } }`, { c: course }),
      (d) => ({ totalCount: d.course.members.totalCount, cards: d.course.members.edges.map((e: any) => `${e.node.role} ${e.node.displayName}`) })),
    expect: membersOnly({
      totalCount: 4,
      cards: ['INSTRUCTOR Threads Instructor', 'TEACHING_ASSISTANT Threads Assistant', 'STUDENT Threads Enrolled', 'STUDENT Threads Author'],
    }),
  },
  {
    name: 'Course.members(role: TEACHING_ASSISTANT) lists only the teaching assistants',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { members(role: TEACHING_ASSISTANT) { totalCount edges { node { displayName } } } } }`, { c: course }),
      (d) => d.course.members),
    expect: membersOnly({ totalCount: 1, edges: [{ node: { displayName: 'Threads Assistant' } }] }),
  },
  {
    name: 'Course.members(first, after) pages the members, each with the date they joined the course (null when unknown)',
    run: async (a) => twoPages((after) => as(a, `query($c: ID!, $a: String) { course(id: $c) { members(first: 1, after: $a) {
      pageInfo { hasNextPage endCursor } edges { cursor node { displayName since } } } } }`, { c: course, a: after }), (d) => d.course.members,
    (n) => [n.displayName, n.since === null ? null : Date.parse(n.since) <= Date.now()]),
    // The instructor's since is unknown to engagement (null); the assistant's is their appointment.
    expect: membersOnly({ nodes: [['Threads Instructor', null], ['Threads Assistant', true]], hasNextPage: [true, true], cursorsEndPages: true }),
    words: forMembers('the instructor, then the teaching assistant'),
  },
  {
    name: 'Course.viewerIsStaff is true for the instructor, a teaching assistant and ADMIN',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { viewerIsStaff } }`, { c: course }), (d) => d.course.viewerIsStaff),
    expect: { ...each(false), ta: true, instructor: true, admin: true },
  },
  {
    name: "Course.threads lists the course's threads to its members; a hidden one only to its author and staff",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { threads { totalCount edges { node { title } } } } }`, { c: course }),
      (d) => d.course.threads.edges.map((e: any) => e.node.title)),
    expect: {
      ...membersOnly(['Matrix thread']),
      author: ['Hidden thread', 'Matrix thread'], ta: ['Hidden thread', 'Matrix thread'], instructor: ['Hidden thread', 'Matrix thread'], admin: ['Hidden thread', 'Matrix thread'],
    },
  },
  {
    name: 'thread(id) shows the thread, its sanitised body and its two-level replies to the course members',
    run: async (a) => resultOf(await as(a, `query($id: ID!) {
      thread(id: $id) { title bodyHtml replyCount pinned locked editedAt reactions { count } createdAt lastActivityAt author { displayName } course { title }
        replies { totalCount edges { node { body depth author { displayName } replies { edges { node { body depth parent { body } createdAt } } } } } } }
    }`, { id: ids.thread }), (d) => {
      // Its last activity is its latest reply (the reply to the reply), after it was started.
      const { createdAt, lastActivityAt, ...thread } = d.thread;
      const latest = thread.replies.edges[0].node.replies.edges[0].node;
      const { createdAt: replied, ...deep } = latest;
      thread.replies.edges[0].node.replies.edges[0].node = deep;
      return { ...thread, lastActivityIsTheLatestReply: Date.parse(lastActivityAt) >= Date.parse(replied) && Date.parse(lastActivityAt) > Date.parse(createdAt) };
    }),
    expect: membersOnly(later(() => ({
      title: 'Matrix thread', bodyHtml: '<p>Hello <strong>world</strong></p>\n', replyCount: 2, pinned: false, locked: false, editedAt: null, reactions: [], lastActivityIsTheLatestReply: true,
      author: { displayName: 'Threads Author' }, course: { title: COURSE },
      replies: { totalCount: 1, edges: [{ node: { body: 'A first reply', depth: 1, author: { displayName: 'Threads Enrolled' },
        replies: { edges: [{ node: { body: 'An answer to it', depth: 2, parent: { body: 'A first reply' } } }] } } }] },
    }))),
    words: forMembers('the thread with its reply and the reply to it'),
  },
  {
    name: 'thread(id) of a hidden thread shows it to its author and staff, and is null for other members',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { thread(id: $id) { title hiddenReason hiddenAt } }`, { id: ids.hidden }),
      (d) => d.thread && { ...d.thread, hiddenAt: Date.parse(d.thread.hiddenAt) <= Date.now() }),
    expect: (() => {
      const seen = { title: 'Hidden thread', hiddenReason: 'Off topic', hiddenAt: true };
      return { ...membersOnly(null), author: seen, ta: seen, instructor: seen, admin: seen };
    })(),
  },
  { name: 'thread(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { thread(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.thread), expect: unknownIsNull },
  {
    name: "Thread.viewerFollows, viewerBookmarked and viewerReactions are the viewer's own (the author follows their thread)",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { thread(id: $id) { viewerFollows viewerBookmarked viewerReactions } }`, { id: ids.thread }), (d) => d.thread),
    expect: {
      ...membersOnly({ viewerFollows: false, viewerBookmarked: false, viewerReactions: [] }),
      author: { viewerFollows: true, viewerBookmarked: false, viewerReactions: [] },
      enrolled: { viewerFollows: false, viewerBookmarked: true, viewerReactions: [] },
    },
  },
  {
    name: 'threadReply(id) shows a reply of depth 2 with its parent and thread to the course members',
    run: async (a) => resultOf(await as(a, `query($id: ID!) {
      threadReply(id: $id) { body bodyHtml depth parent { body } thread { title } reactions { count } viewerReactions hiddenAt createdAt } }`, { id: ids.deepReply }),
    (d) => ({ ...d.threadReply, createdAt: Date.parse(d.threadReply.createdAt) <= Date.now() })),
    expect: membersOnly({
      body: 'An answer to it', bodyHtml: '<p>An answer to it</p>\n', depth: 2, parent: { body: 'A first reply' }, thread: { title: 'Matrix thread' }, reactions: [],
      viewerReactions: [], hiddenAt: null, createdAt: true,
    }),
  },
  { name: 'threadReply(id) of an unknown id is null for anyone signed in', run: async (a) => resultOf(await as(a, `query($id: ID!) { threadReply(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.threadReply), expect: unknownIsNull },
  {
    name: "myBookmarks lists the caller's own bookmarks with what they point at",
    run: async (a) => resultOf(await as(a, `{ myBookmarks(first: 10) { totalCount edges { node { kind createdAt target { __typename ... on Thread { title } } } } } }`),
      (d) => ({ ...d.myBookmarks, edges: d.myBookmarks.edges.map(({ node: { createdAt, ...node } }: any) => ({ node: { ...node, createdAt: Date.parse(createdAt) <= Date.now() } })) })),
    expect: signedIn({ totalCount: 0, edges: [] }, { enrolled: { totalCount: 1, edges: [{ node: { kind: 'THREAD', createdAt: true, target: { __typename: 'Thread', title: 'Matrix thread' } } }] } }),
  },
  {
    name: 'Thread.replies(first, after) and ThreadReply.replies(first, after) page a thread\'s replies and a reply\'s answers',
    run: async (a) => {
      const replies = await twoPages((after) => as(a, `query($t: ID!, $a: String) { thread(id: $t) { replies(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { body } } } } }`,
        { t: ids.thread, a: after }), (d) => d.thread.replies, (n) => n.body);
      const answers = await twoPages((after) => as(a, `query($r: ID!, $a: String) { threadReply(id: $r) { replies(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { body } } } } }`,
        { r: ids.reply, a: after }), (d) => d.threadReply.replies, (n) => n.body);
      return [replies, answers];
    },
    expect: together(
      membersOnly({ nodes: ['A first reply'], hasNextPage: [false, false], cursorsEndPages: true }),
      membersOnly({ nodes: ['An answer to it'], hasNextPage: [false, false], cursorsEndPages: true }),
    ),
    words: forMembers('the one reply, then the one answer to it'),
  },
  {
    name: "myQuestions(first, after), myAnswers(first, after) and myBookmarks(first, after) page the caller's own",
    run: async (a) => {
      const mine = (field: string, pick: string) => twoPages((after) => as(a, `query($a: String) { ${field}(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { ${pick} } } } }`, { a: after }),
        (d) => d[field], (n) => n[pick] ?? n.kind);
      return [await mine('myQuestions', 'title'), await mine('myAnswers', 'body'), await mine('myBookmarks', 'kind')];
    },
    expect: (() => {
      const none = { nodes: [], hasNextPage: [false, false], cursorsEndPages: true };
      const one = (node: string) => ({ nodes: [node], hasNextPage: [false, false], cursorsEndPages: true });
      return together(signedIn(none, { enrolled: one('My matrix question') }), signedIn(none, { ta: one('Because.') }), signedIn(none, { enrolled: one('THREAD') }));
    })(),
  },
  {
    name: "myQuestions lists the caller's own questions",
    run: async (a) => resultOf(await as(a, `{ myQuestions { totalCount edges { node { title } } } }`), (d) => d.myQuestions),
    expect: signedIn({ totalCount: 0, edges: [] }, { enrolled: { totalCount: 1, edges: [{ node: { title: 'My matrix question' } }] } }),
  },
  {
    name: "myAnswers lists the caller's own answers",
    run: async (a) => resultOf(await as(a, `{ myAnswers { totalCount edges { node { body question { title } } } } }`), (d) => d.myAnswers),
    expect: signedIn({ totalCount: 0, edges: [] }, { ta: { totalCount: 1, edges: [{ node: { body: 'Because.', question: { title: 'My matrix question' } } }] } }),
  },
]);

// Writes go to `writing`; each row's calls run in the actors' order, so counts grow along the row.
matrix('community thread writes through the gateway, for each caller', [
  {
    name: "appointTeachingAssistant appoints an enrolled student, by the course's instructor or ADMIN only (twice changes nothing)",
    run: async (a) => resultOf(await as(a, APPOINT, { c: writing, u: people.enrolled.id }), (d) => d.appointTeachingAssistant),
    expect: { ...staffOnly({ role: 'TEACHING_ASSISTANT', displayName: 'Threads Enrolled' }), ta: 'FORBIDDEN' },
  },
  {
    name: "removeTeachingAssistant removes one, by the course's instructor or ADMIN only (false when they are none)",
    run: async (a) => resultOf(await as(a, `mutation($c: ID!, $u: ID!) { removeTeachingAssistant(courseId: $c, userId: $u) }`, { c: writing, u: people.enrolled.id }),
      (d) => d.removeTeachingAssistant),
    expect: { ...staffOnly(false), ta: 'FORBIDDEN', instructor: true },
  },
  {
    name: 'startThread starts a thread for course members',
    run: async (a) => resultOf(await as(a, START, { c: writing, title: `Thread by ${a}`, body: 'Body' }), (d) => d.startThread.title),
    expect: { ...membersOnly('x'), ...Object.fromEntries(MEMBERS.map((m) => [m, `Thread by ${m}`])) },
  },
  {
    name: 'replyToThread replies for course members',
    run: async (a) => resultOf(await as(a, REPLY, { t: ids.writingThread, b: `Reply by ${a}` }), (d) => d.replyToThread.depth),
    expect: membersOnly(1),
  },
  {
    name: "reactToPost toggles the caller's reaction on a thread for course members, counts for all",
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { reactToPost(kind: THREAD, id: $t, reaction: HELPFUL) { kind reactions { reaction count } viewerReactions } }`, { t: ids.writingThread }),
      (d) => d.reactToPost),
    expect: {
      ...membersOnly(null),
      enrolled: { kind: 'THREAD', reactions: [{ reaction: 'HELPFUL', count: 1 }], viewerReactions: ['HELPFUL'] },
      author: { kind: 'THREAD', reactions: [{ reaction: 'HELPFUL', count: 2 }], viewerReactions: ['HELPFUL'] },
      ta: { kind: 'THREAD', reactions: [{ reaction: 'HELPFUL', count: 3 }], viewerReactions: ['HELPFUL'] },
      instructor: { kind: 'THREAD', reactions: [{ reaction: 'HELPFUL', count: 4 }], viewerReactions: ['HELPFUL'] },
      admin: { kind: 'THREAD', reactions: [{ reaction: 'HELPFUL', count: 5 }], viewerReactions: ['HELPFUL'] },
    },
  },
  {
    name: 'pinThread pins a thread, for staff only',
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { pinThread(threadId: $t, pinned: true) { pinned } }`, { t: ids.writingThread }), (d) => d.pinThread.pinned),
    expect: staffOnly(true),
  },
  {
    name: 'lockThread locks and unlocks a thread, for staff only',
    run: async (a) => {
      const locked = resultOf(await as(a, `mutation($t: ID!) { lockThread(threadId: $t, locked: true) { locked } }`, { t: ids.writingThread }), (d) => d.lockThread.locked);
      if (locked === true) await as(a, `mutation($t: ID!) { lockThread(threadId: $t, locked: false) { locked } }`, { t: ids.writingThread });
      return locked;
    },
    expect: staffOnly(true),
  },
  {
    name: 'followThread follows a thread for course members',
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { followThread(threadId: $t) { viewerFollows } }`, { t: ids.writingThread }), (d) => d.followThread.viewerFollows),
    expect: membersOnly(true),
  },
  {
    name: 'unfollowThread unfollows it',
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { unfollowThread(threadId: $t) { viewerFollows } }`, { t: ids.writingThread }), (d) => d.unfollowThread.viewerFollows),
    expect: membersOnly(false),
  },
  {
    name: 'bookmark bookmarks a thread the caller can see',
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { bookmark(kind: THREAD, id: $t) { kind id target { ... on Thread { title } } } }`, { t: ids.writingThread }), (d) => d.bookmark),
    expect: membersOnly(later(() => ({ kind: 'THREAD', id: ids.writingThread, target: { title: 'Writing thread' } }))),
    words: forMembers('the bookmark'),
  },
  {
    name: "unbookmark removes the caller's own bookmark (false when they had none)",
    run: async (a) => resultOf(await as(a, `mutation($t: ID!) { unbookmark(kind: THREAD, id: $t) }`, { t: ids.writingThread }), (d) => d.unbookmark),
    expect: { ...membersOnly(true), student: false, otherInstructor: false },
  },
]);

const threadState = async (id: string) => (await ok(people.instructor, `query($id: ID!) { thread(id: $id) { replyCount locked replies { totalCount } } }`, { id })).thread;

describe('bad inputs to community threads are refused with their code and change nothing', () => {
  it('a thread body over 20,000 characters is BAD_USER_INPUT, and no thread is added', async () => {
    const before = (await ok(people.enrolled, `query($c: ID!) { course(id: $c) { threads { totalCount } } }`, { c: writing })).course.threads.totalCount;
    const res = await t.gql(START, { c: writing, title: 'Too long', body: 'x'.repeat(20_001) }, { token: people.enrolled.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('body');
    expect((await ok(people.enrolled, `query($c: ID!) { course(id: $c) { threads { totalCount } } }`, { c: writing })).course.threads.totalCount).toBe(before);
  });

  it('a reply body over 10,000 characters is BAD_USER_INPUT, and the reply count stays', async () => {
    const before = await threadState(ids.writingThread);
    expect(codeOf(await t.gql(REPLY, { t: ids.writingThread, b: 'y'.repeat(10_001) }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
    expect(await threadState(ids.writingThread)).toEqual(before);
  });

  it('script in Markdown is removed from the HTML (the Markdown is kept as written), and a body of nothing but script is BAD_USER_INPUT', async () => {
    const body = 'Look <script>alert(1)</script> **here** <img src="x" onerror="alert(2)"> [x](javascript:alert(3))';
    const id = (await ok(people.enrolled, START, { c: writing, title: 'Scripted', body })).startThread.id;
    const thread = (await ok(people.enrolled, `query($id: ID!) { thread(id: $id) { body bodyHtml } }`, { id })).thread;
    expect(thread.body).toBe(body);
    expect(thread.bodyHtml).toContain('<strong>here</strong>');
    expect(thread.bodyHtml).not.toMatch(/<script|alert\(1\)|onerror|href="javascript:/);
    const only = await t.gql(START, { c: writing, title: 'Only script', body: '<script>alert(1)</script>' }, { token: people.enrolled.token });
    expect(codeOf(only)).toBe('BAD_USER_INPUT');
  });

  it('a title under 3 characters is BAD_USER_INPUT', async () => {
    expect(codeOf(await t.gql(START, { c: writing, title: 'Hi', body: 'Body' }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
  });

  it('a reply to a locked thread is CONFLICT, and its reply count stays', async () => {
    const id = (await ok(people.author, START, { c: writing, title: 'To lock', body: 'Body' })).startThread.id;
    await ok(people.ta, `mutation($t: ID!) { lockThread(threadId: $t, locked: true) { locked } }`, { t: id });
    const res = await t.gql(REPLY, { t: id, b: 'Too late' }, { token: people.enrolled.token });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await threadState(id)).toEqual({ replyCount: 0, locked: true, replies: { totalCount: 0 } });
  });

  it('a reply three levels deep (to a reply to a reply) is BAD_USER_INPUT, and nothing is added', async () => {
    const before = await threadState(ids.thread);
    const res = await t.gql(REPLY, { t: ids.thread, b: 'Third level', p: ids.deepReply }, { token: people.enrolled.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('parentId');
    expect(await threadState(ids.thread)).toEqual(before);
  });

  it("a reply whose parent is another thread's reply is BAD_USER_INPUT", async () => {
    expect(codeOf(await t.gql(REPLY, { t: ids.writingThread, b: 'Wrong parent', p: ids.reply }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
  });

  it("bookmarking a thread of a course one is not in is FORBIDDEN, a thread hidden from one NOT_FOUND, and one's bookmarks stay", async () => {
    const mine = `{ myBookmarks { totalCount } }`;
    const before = (await ok(people.student, mine)).myBookmarks.totalCount;
    expect(codeOf(await t.gql(`mutation($t: ID!) { bookmark(kind: THREAD, id: $t) { id } }`, { t: ids.thread }, { token: people.student.token }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(`mutation($q: ID!) { bookmark(kind: QUESTION, id: $q) { id } }`, { q: ids.question }, { token: people.student.token }))).toBe('FORBIDDEN');
    expect((await ok(people.student, mine)).myBookmarks.totalCount).toBe(before);
    const enrolledBefore = (await ok(people.enrolled, mine)).myBookmarks.totalCount;
    expect(codeOf(await t.gql(`mutation($t: ID!) { bookmark(kind: THREAD, id: $t) { id } }`, { t: ids.hidden }, { token: people.enrolled.token }))).toBe('NOT_FOUND');
    expect((await ok(people.enrolled, mine)).myBookmarks.totalCount).toBe(enrolledBefore);
  });

  it('bookmarking an answer, or reacting to a question, is BAD_USER_INPUT (the kinds they take)', async () => {
    expect(codeOf(await t.gql(`mutation($a: ID!) { bookmark(kind: ANSWER, id: $a) { id } }`, { a: ids.answer }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(`mutation($q: ID!) { reactToPost(kind: QUESTION, id: $q, reaction: LIKE) { id } }`, { q: ids.question }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
  });

  it('appointing a user who is not enrolled in the course is BAD_USER_INPUT, and the members stay', async () => {
    const res = await t.gql(APPOINT, { c: writing, u: people.student.id }, { token: people.instructor.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect((await ok(people.instructor, `query($c: ID!) { course(id: $c) { members(role: TEACHING_ASSISTANT) { totalCount } } }`, { c: writing })).course.members.totalCount).toBe(1);
  });

  it('a malformed id and a malformed cursor are BAD_USER_INPUT', async () => {
    expect(codeOf(await t.gql(`{ thread(id: "nope") { id } }`, {}, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(`query($c: ID!) { course(id: $c) { threads(after: "bad") { totalCount } } }`, { c: writing }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(`query($c: ID!) { course(id: $c) { threads(first: 101) { totalCount } } }`, { c: writing }, { token: people.enrolled.token }))).toBe('BAD_USER_INPUT');
  });
});

describe('teaching assistants', () => {
  it('are staff while appointed: a student appointed pins a thread, and once removed is FORBIDDEN to', async () => {
    const PIN = `mutation($t: ID!, $p: Boolean!) { pinThread(threadId: $t, pinned: $p) { pinned } }`;
    const id = (await ok(people.author, START, { c: writing, title: 'Pin me', body: 'Body' })).startThread.id;
    expect(codeOf(await t.gql(PIN, { t: id, p: true }, { token: people.enrolled.token }))).toBe('FORBIDDEN');
    await ok(people.instructor, APPOINT, { c: writing, u: people.enrolled.id });
    expect((await ok(people.enrolled, PIN, { t: id, p: true })).pinThread.pinned).toBe(true);
    await ok(people.instructor, `mutation($c: ID!, $u: ID!) { removeTeachingAssistant(courseId: $c, userId: $u) }`, { c: writing, u: people.enrolled.id });
    expect(codeOf(await t.gql(PIN, { t: id, p: false }, { token: people.enrolled.token }))).toBe('FORBIDDEN');
    expect((await ok(people.enrolled, `query($t: ID!) { thread(id: $t) { pinned } }`, { t: id })).thread.pinned).toBe(true);
  });
});

describe('a thread locked while replies are in flight', () => {
  it('accepts no reply once the lock is committed: the replies stored are exactly those counted before it, and every later one is CONFLICT', async () => {
    const id = (await ok(people.author, START, { c: writing, title: 'Race', body: 'Reply fast' })).startThread.id;
    const send = (n: number) => t.gql(REPLY, { t: id, b: `Reply ${n}` }, { token: people.enrolled.token });
    const early = Array.from({ length: 15 }, (_, n) => send(n));
    const lock = ok(people.instructor, `mutation($t: ID!) { lockThread(threadId: $t, locked: true) { locked } }`, { t: id });
    const racing = Array.from({ length: 15 }, (_, n) => send(15 + n));
    const results = await Promise.all([...early, ...racing]);
    expect((await lock).lockThread.locked).toBe(true);
    const after = await Promise.all(Array.from({ length: 5 }, (_, n) => send(30 + n)));

    const accepted = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(refused.map(codeOf).every((c) => c === 'CONFLICT')).toBe(true);
    expect(after.map(codeOf)).toEqual(Array(5).fill('CONFLICT'));
    const stored = await t.platform.db.collection('engagement_thread_replies').find({ threadId: id }).toArray();
    const thread = await t.platform.db.collection('engagement_threads').findOne({ _id: id as never });
    expect(stored).toHaveLength(accepted.length);
    expect(thread!.lockedAtReplyCount).toBe(accepted.length);
    expect(thread!.replyCount).toBe(accepted.length);
    expect(Math.max(0, ...stored.map((r) => r.seq as number))).toBe(accepted.length);
  });
});

describe('follows, mentions and live replies', () => {
  it('notifies followers of a reply (not its author) and a member named with @displayName', async () => {
    const id = (await ok(people.author, START, { c: course, title: 'Notify me', body: 'Follow this' })).startThread.id;
    await ok(people.instructor, `mutation($t: ID!) { followThread(threadId: $t) { id } }`, { t: id });
    await ok(people.enrolled, REPLY, { t: id, b: 'Hello @Threads Assistant, see this (and @Threads Student, who is not in the course).' });
    const kinds = async (user: TestUser) =>
      (await ok(user, `{ myNotifications { edges { node { kind message } } } }`)).myNotifications.edges.map((e: any) => e.node).filter((n: any) => n.message.includes('Notify me'));
    await waitFor(() => kinds(people.author), (n) => n.length === 1, "the author's reply notification");
    expect(await kinds(people.author)).toEqual([{ kind: 'THREAD_REPLY', message: 'New reply in “Notify me”.' }]);
    expect(await waitFor(() => kinds(people.instructor), (n) => n.length === 1, "the follower's")).toEqual([{ kind: 'THREAD_REPLY', message: 'New reply in “Notify me”.' }]);
    expect(await waitFor(() => kinds(people.ta), (n) => n.length === 1, 'the mention')).toEqual([{ kind: 'MENTIONED', message: 'You were mentioned in a reply to “Notify me”.' }]);
    expect(await kinds(people.enrolled)).toEqual([]);
    // A user named who is no member of the course is not notified.
    expect(await kinds(people.student)).toEqual([]);
  });

  it('an edit of a thread or a reply notifies exactly the members it newly names: not those named before it, not its author, not a non-member', async () => {
    const EDIT = `mutation($k: PostKind!, $id: ID!, $b: String!, $t: String) { editPost(input: { kind: $k, id: $id, body: $b, title: $t }) { __typename } }`;
    const mentions = async (user: TestUser) =>
      (await ok(user, `{ myNotifications(first: 100) { edges { node { kind message } } } }`)).myNotifications.edges.map((e: any) => e.node)
        .filter((n: any) => n.kind === 'MENTIONED' && n.message.includes('Edited mentions'));
    const id = (await ok(people.author, START, { c: course, title: 'Edited mentions', body: 'Hello @Threads Enrolled' })).startThread.id;
    await waitFor(() => mentions(people.enrolled), (n) => n.length === 1, 'the mention of a new thread');
    await ok(people.author, EDIT, { k: 'THREAD', id, t: 'Edited mentions', b: 'Hello @Threads Enrolled, @Threads Assistant, @Threads Author and @Threads Student' });
    const reply = (await ok(people.enrolled, REPLY, { t: id, b: 'Nobody named yet' })).replyToThread.id;
    await ok(people.enrolled, EDIT, { k: 'THREAD_REPLY', id: reply, b: 'Now naming @Threads Instructor' });
    // Edited again with the same name: nobody new.
    await ok(people.enrolled, EDIT, { k: 'THREAD_REPLY', id: reply, b: 'Still naming @Threads Instructor, twice: @Threads Instructor' });
    // The notifier reads the log in order: once this last mention is there, every edit before it has been handled.
    await ok(people.author, REPLY, { t: id, b: 'Done, @Threads Enrolled' });
    const inThread = { kind: 'MENTIONED', message: 'You were mentioned in the thread “Edited mentions”.' };
    const inReply = { kind: 'MENTIONED', message: 'You were mentioned in a reply to “Edited mentions”.' };
    await waitFor(() => mentions(people.enrolled), (n) => n.length === 2, 'the last mention');
    expect(await mentions(people.enrolled)).toEqual([inReply, inThread]);
    expect(await mentions(people.ta)).toEqual([inThread]);
    expect(await mentions(people.instructor)).toEqual([inReply]);
    expect(await mentions(people.author)).toEqual([]);
    expect(await mentions(people.student)).toEqual([]);
    expect(await mentions(people.otherInstructor)).toEqual([]);
  });

  it("threadReplyAdded tells a member each new reply live, and refuses a non-member, who hears nothing", async () => {
    const member = wsClient(t.url, people.enrolled.token);
    const another = wsClient(t.url, people.author.token);
    const outsider = wsClient(t.url, people.student.token);
    try {
      const SUB = `subscription($t: ID!) { threadReplyAdded(threadId: $t) { body depth author { displayName } } }`;
      // Two members of one audience: the reply is resolved for each of them (a post may be hidden from one).
      const heard = subscribe(member, SUB, { t: ids.thread });
      const alsoHeard = subscribe(another, SUB, { t: ids.thread });
      const refused = subscribe(outsider, SUB, { t: ids.thread });
      expect((await refused.nth(1)).errors?.[0]?.message).toMatch(/^Only members of this course/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ok(people.ta, REPLY, { t: ids.thread, b: 'Live reply' });
      const payload = { data: { threadReplyAdded: { body: 'Live reply', depth: 1, author: { displayName: 'Threads Assistant' } } } };
      expect(await heard.nth(1)).toEqual(payload);
      expect(await alsoHeard.nth(1)).toEqual(payload);
      expect(refused.results).toHaveLength(1);
      heard.unsubscribe();
      alsoHeard.unsubscribe();
    } finally {
      await member.dispose();
      await another.dispose();
      await outsider.dispose();
    }
  });
});
