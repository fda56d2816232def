import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type CommandCount, type TestStack, type TestUser } from '../support/stack.ts';

/** The web client's own operation, read from its screen, so that what is pinned follows the page. */
function webOperation(screen: string, name: string): string {
  // A screen of web/src/screens, or a path under web/src (the community screens).
  const file = screen.includes('/') ? screen : `screens/${screen}`;
  const source = readFileSync(new URL(`../../web/src/${file}.tsx`, import.meta.url), 'utf8');
  const found = new RegExp(`graphql\\(\`\\s*(query ${name}\\b[\\s\\S]*?)\`\\)`).exec(source);
  if (!found) throw new Error(`web/src/${file}.tsx has no query ${name}`);
  return found[1]!;
}

const CATALOG_PAGE = webOperation('Catalog', 'Catalog');
const COURSE_PAGE = webOperation('Course', 'CoursePage');
const MY_LEARNING = webOperation('MyLearning', 'MyLearning');
const GROUP_PAGE = webOperation('community/groups/GroupScreen', 'StudyGroupPage');
const GROUP_CHAT = webOperation('community/groups/GroupScreen', 'StudyGroupChat');

let t: TestStack;
let student: TestUser;
let courseIds: string[];
let groupId: string;

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
  const group = await t.gql(`mutation($c: ID!) { createStudyGroup(input: { name: "Read group", courseIds: [$c], capacity: 10 }) { id } }`, { c: courseIds[0] }, { token: others[0]!.token });
  groupId = group.data!.createStudyGroup.id;
  await t.gql(`mutation($g: ID!) { joinStudyGroup(groupId: $g) { id } }`, { g: groupId }, { token: student.token });
  for (let i = 0; i < 5; i += 1) await t.gql(`mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "Message") { id } }`, { g: groupId }, { token: student.token });
});
afterAll(async () => t?.close());

// The collections of the subgraphs these pages reach; other subgraphs' consumers work in the background.
const PAGE_COLLECTIONS = [
  'catalog_courses', 'catalog_course_cards', 'catalog_facets', 'identity_users',
  'learning_enrollments', 'learning_enrollment_tallies', 'learning_courses', 'learning_wishlist', 'engagement_courses', 'engagement_memberships',
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

  it('My learning costs at most 4 commands and scans no whole course', async () => {
    const count = await cost(MY_LEARNING, {}, student.token);
    expect(count.total).toBeLessThanOrEqual(4);
    expect(count.scans).not.toContain('catalog_courses');
  });

  it("a study group's page costs at most 3 commands for a member (the group, its courses, its owner), all by id", async () => {
    const count = await cost(GROUP_PAGE, { id: groupId }, student.token);
    expect(count.total).toBeLessThanOrEqual(3);
    expect(count.scans).toEqual([]);
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
