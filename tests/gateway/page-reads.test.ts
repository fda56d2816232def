import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type CommandCount, type TestStack, type TestUser } from '../support/stack.ts';
import { webOperation } from '../support/web-operations.ts';

const CATALOG_PAGE = webOperation('Catalog', 'Catalog');
const MESSAGES_LIST = /graphql\(`\s*(query Conversations\b[\s\S]*?)`\)/.exec(readFileSync(new URL('../../web/src/community/messages/queries.ts', import.meta.url), 'utf8'))![1]!;
const COURSE_PAGE = webOperation('Course', 'CoursePage');
const MY_LEARNING = webOperation('MyLearning', 'MyLearning');
const DISCUSSIONS_PAGE = webOperation('community/threads/queries.ts', 'CourseThreads');
const THREAD_PAGE = webOperation('community/threads/queries.ts', 'Thread');
const GROUP_PAGE = webOperation('community/groups/GroupScreen.tsx', 'StudyGroupPage');
const GROUP_CHAT = webOperation('community/groups/GroupScreen.tsx', 'StudyGroupChat');

let t: TestStack;
let student: TestUser;
let courseIds: string[];
let threadId: string;
let groupId: string;
let acrossId: string;
let classmate: TestUser;

beforeAll(async () => {
  // What the pages cost when they are computed: the gateway's response cache would answer repeats with none.
  t = await startTestStack({ CACHES: 'off' });
  const instructors = await Promise.all(Array.from({ length: 5 }, () => signUp(t, ['INSTRUCTOR'])));
  courseIds = [];
  for (let i = 0; i < 25; i += 5) {
    courseIds.push(...(await Promise.all(instructors.map((instructor, j) => createCourse(t, instructor, { title: `Read course ${i + j}`, category: `Reading ${j % 3}` })))).map((c) => c.id));
  }
  student = await signUp(t);
  const others = await Promise.all(Array.from({ length: 3 }, () => signUp(t)));
  for (const [k, learner] of [student, ...others].entries()) {
    for (const id of courseIds.slice(0, 6 + k * 4)) {
      const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: id }, { token: learner.token });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }
  // A discussion of the student's first course: 25 threads, the last with 5 replies each answered twice.
  const write = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const res = await t.gql(query, variables, { token: user.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  for (let i = 0; i < 25; i += 1) {
    const started = await write(`mutation($c: ID!, $t: String!) { startThread(input: { courseId: $c, title: $t, body: "Body" }) { id } }`, { c: courseIds[0], t: `Thread ${i}` }, student);
    threadId = started.startThread.id;
  }
  const reply = `mutation($t: ID!, $p: ID) { replyToThread(threadId: $t, body: "A reply", parentId: $p) { id } }`;
  for (let i = 0; i < 5; i += 1) {
    const parent = (await write(reply, { t: threadId }, others[i % 3]!)).replyToThread.id;
    for (let j = 0; j < 2; j += 1) await write(reply, { t: threadId, p: parent }, others[j]!);
  }
  // The student writes to each of the others: three conversations, each with its last message.
  for (const other of others) {
    const res = await t.gql(`mutation($to: ID!) { sendDirectMessage(input: { recipientIds: [$to], body: "Hello" }) { id } }`, { to: other.id }, { token: student.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  const group = await t.gql(`mutation($c: ID!) { createStudyGroup(input: { name: "Read group", courseIds: [$c], capacity: 10 }) { id } }`, { c: courseIds[0] }, { token: others[0]!.token });
  groupId = group.data!.createStudyGroup.id;
  await t.gql(`mutation($g: ID!) { joinStudyGroup(groupId: $g) { id } }`, { g: groupId }, { token: student.token });
  for (let i = 0; i < 5; i += 1) await t.gql(`mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "Message") { id } }`, { g: groupId }, { token: student.token });
  // A group across five courses, of which the classmate (not in it) takes only the last.
  classmate = others[1]!;
  const across = await t.gql(`mutation($c: [ID!]!) { createStudyGroup(input: { name: "Across group", courseIds: $c, capacity: 10 }) { id } }`, { c: [...courseIds.slice(14, 18), courseIds[13]] }, { token: others[2]!.token });
  if (across.errors) throw new Error(JSON.stringify(across.errors));
  acrossId = across.data!.createStudyGroup.id;
  // Some 200 writes: more than the default two minutes on a busy machine.
}, 300_000);
afterAll(async () => t?.close());

// The collections of the subgraphs these pages reach; other subgraphs' consumers work in the background.
const PAGE_COLLECTIONS = [
  'catalog_courses', 'catalog_course_cards', 'catalog_facets', 'identity_users',
  'learning_enrollments', 'learning_enrollment_tallies', 'learning_courses', 'learning_wishlist', 'engagement_courses', 'engagement_memberships',
  'engagement_threads', 'engagement_thread_replies', 'engagement_teaching_assistants', 'engagement_reactions', 'engagement_thread_follows',
  'engagement_bookmarks',
  'engagement_direct_conversations', 'engagement_direct_messages',
  'engagement_study_groups', 'engagement_group_messages', 'engagement_group_invites',
];

/** What one page costs the database, with its answer checked so that a cheap error cannot pass. */
async function cost(query: string, variables: Record<string, unknown>, token?: string): Promise<CommandCount> {
  // Warm once: the first request of a kind may load schemas or settle projections.
  await t.gql(query, variables, token ? { token } : {});
  const count = await t.countCommands(async () => {
    const res = await t.gql(query, variables, token ? { token } : {});
    expect(res.errors).toBeUndefined();
  }, PAGE_COLLECTIONS);
  let read = 0;
  for (const collection of count.scans) read += await t.platform.db.collection(collection).estimatedDocumentCount();
  const started = performance.now();
  for (let i = 0; i < 10; i += 1) await t.gql(query, variables, token ? { token } : {});
  const perPage = (performance.now() - started) / 10;
  console.log(
    `${query.slice(0, 40).replace(/\s+/g, ' ')}: ${count.total} commands, ${count.documents} documents returned, ${read} read in ${count.scans.length} scans` +
      ` (${count.scans.join(', ')}); ${perPage.toFixed(1)} ms a page one at a time`,
    count.byCollection,
  );
  return count;
}

// Pinned so that a change adding per-item reads, or a scan of whole courses, fails here. The embedded
// database reads every document of a collection for any filter but `{ _id: <id> }` (a scan).
describe('what a page of the web client costs the database', () => {
  it('the catalog page of 20 courses costs at most 5 commands, whatever the page size, and scans no whole course', async () => {
    const count = await cost(CATALOG_PAGE, { first: 20 });
    expect(count.total).toBeLessThanOrEqual(5);
    expect((await cost(CATALOG_PAGE, { first: 5 })).byName).toEqual(count.byName);
    expect(count.scans).not.toContain('catalog_courses');
    // Enrolment counts, the categories and the published catalog's total are kept, not counted.
    expect(count.scans).not.toContain('learning_enrollments');
    expect(count.scans.filter((c) => c === 'catalog_course_cards')).toHaveLength(1);
  });

  it('an anonymous course page costs 3 lookups by id and no scan', async () => {
    const count = await cost(COURSE_PAGE, { id: courseIds[0] });
    expect(count.total).toBeLessThanOrEqual(3);
    expect(count.scans).toEqual([]);
  });

  it("an enrolled student's course page costs at most 7 commands, one of them a scan (the viewer's enrolment)", async () => {
    const count = await cost(COURSE_PAGE, { id: courseIds[0] }, student.token);
    expect(count.total).toBeLessThanOrEqual(7);
    expect(count.scans).toEqual(['learning_enrollments']);
  });

  it('My learning, the lesson to continue named, costs at most 4 commands and scans no whole course', async () => {
    const count = await cost(MY_LEARNING, {}, student.token);
    expect(count.total).toBeLessThanOrEqual(4);
    expect(count.scans).not.toContain('catalog_courses');
    // The title comes from learning's own projection (@provides), not from a read of catalog's courses.
    const page = await t.gql(MY_LEARNING, {}, { token: student.token });
    const continued = page.data!.myEnrollments.edges.map((e: { node: { resumeLesson: { title: string } } }) => e.node.resumeLesson.title);
    expect(continued).toEqual(Array(6).fill('Welcome'));
  });

  it("a course's discussions page of 20 threads costs at most 8 commands", async () => {
    const count = await cost(DISCUSSIONS_PAGE, { courseId: courseIds[0] }, student.token);
    expect(count.total).toBeLessThanOrEqual(8);
  });

  it('a thread page with 5 replies, each answered twice, costs at most 16 commands: the replies to replies in one read', async () => {
    const count = await cost(THREAD_PAGE, { id: threadId }, student.token);
    expect(count.total).toBeLessThanOrEqual(16);
    expect(count.byCollection['find engagement_thread_replies']).toBeLessThanOrEqual(2);
  });

  it('the Messages list of three conversations costs at most 4 commands: their last messages and their people in one batch each', async () => {
    const count = await cost(MESSAGES_LIST, {}, student.token);
    expect(count.total).toBeLessThanOrEqual(4);
    expect(count.scans.filter((c) => c === 'engagement_direct_conversations')).toHaveLength(1);
  });

  it("a study group's page costs at most 3 commands for a member (the group, its courses, its owner), all by id", async () => {
    const count = await cost(GROUP_PAGE, { id: groupId }, student.token);
    expect(count.total).toBeLessThanOrEqual(3);
    expect(count.scans).toEqual([]);
  });

  // One course at a time it was 18 commands: five rounds of course, enrolment and assistant reads.
  it("a group across five courses costs a classmate of one of them (not in it) at most 7 commands: its courses and the classmate's memberships are read in one batch each (again after one catch-up)", async () => {
    const count = await cost(`query($id: ID!) { studyGroup(id: $id) { id name viewerStatus } }`, { id: acrossId }, classmate.token);
    expect(count.total).toBeLessThanOrEqual(7);
    expect(count.byCollection['find engagement_courses']).toBeLessThanOrEqual(2);
    expect(count.byCollection['find engagement_memberships']).toBeLessThanOrEqual(2);
  });

  it("a study group's chat costs at most 3 commands (the group by id, one page of its messages and its count)", async () => {
    const count = await cost(GROUP_CHAT, { id: groupId }, student.token);
    expect(count.total).toBeLessThanOrEqual(3);
    expect(count.scans.filter((c) => c !== 'engagement_group_messages')).toEqual([]);
  });

  it('the categories cost one lookup by id', async () => {
    const count = await cost(`{ categories }`, {});
    expect(count.total).toBe(1);
    expect(count.scans).toEqual([]);
  });
});
