import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cast, codeOf, courseInput, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let people: ReturnType<typeof cast>;
let draft: Awaited<ReturnType<typeof seedCourse>>;
let published: Awaited<ReturnType<typeof seedCourse>>;
beforeAll(async () => {
  h = await startCatalog();
  people = cast(h);
  draft = await seedCourse(h, people.owner, { input: { title: 'Owner draft course', category: 'Hidden Drafts' } });
  published = await seedCourse(h, people.owner, { publish: true, input: { title: 'Owner published course', category: 'Visible' } });
});
afterAll(async () => h?.close());

type Caller = 'anonymous' | 'student' | 'owner' | 'otherInstructor' | 'admin';
const callers: Caller[] = ['anonymous', 'student', 'owner', 'otherInstructor', 'admin'];
const tokenOf = (who: Caller) => ({ token: (people[who] as Actor | undefined)?.token });
const sees = (who: Caller) => who === 'owner' || who === 'admin';

describe('who sees a draft', () => {
  it.each(callers)('course(id) of a draft as %s: the course for its instructor and ADMIN, null for anyone else', async (who) => {
    const res = await h.gql(`query($id: ID!) { course(id: $id) { id status } }`, { id: draft.course._id }, tokenOf(who));
    expect(res.errors).toBeUndefined();
    expect(res.data!.course).toEqual(sees(who) ? { id: draft.course._id, status: 'DRAFT' } : null);
  });

  it.each(callers)('courseBySlug of a draft as %s: the same rule', async (who) => {
    const res = await h.gql(`query($s: String!) { courseBySlug(slug: $s) { id } }`, { s: draft.course.slug }, tokenOf(who));
    expect(res.data!.courseBySlug).toEqual(sees(who) ? { id: draft.course._id } : null);
  });

  it.each(callers)('courses() as %s lists the draft only for its instructor and ADMIN', async (who) => {
    const res = await h.gql(`{ courses(first: 100) { totalCount edges { node { id } } } }`, {}, tokenOf(who));
    const ids = res.data!.courses.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids.includes(draft.course._id)).toBe(sees(who));
    expect(ids).toContain(published.course._id);
    expect(res.data!.courses.totalCount).toBe(sees(who) ? 2 : 1);
  });

  it.each(callers)("User.taughtCourses as %s holds the draft only for the user themself and ADMIN", async (who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { taughtCourses { id } } } }`,
      { r: [{ __typename: 'User', id: people.owner.id }] }, tokenOf(who));
    const ids = res.data!._entities[0].taughtCourses.map((c: { id: string }) => c.id);
    expect(ids).toEqual(sees(who) ? [published.course._id, draft.course._id] : [published.course._id]);
  });

  it.each(callers)('a Course reference to a draft from another subgraph resolves for %s only if they may see it', async (who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id } } }`,
      { r: [{ __typename: 'Course', id: draft.course._id }, { __typename: 'Course', id: published.course._id }] }, tokenOf(who));
    expect(res.data!._entities).toEqual([sees(who) ? { id: draft.course._id } : null, { id: published.course._id }]);
  });

  it.each(callers)('categories as %s lists categories of published courses only', async (who) => {
    const res = await h.gql(`{ categories }`, {}, tokenOf(who));
    expect(res.data!.categories).toEqual(['Visible']);
  });

  it.each(callers)('a published course is visible to %s, with its sections and lessons', async (who) => {
    const res = await h.gql(`query($id: ID!) { course(id: $id) { id lessonCount sections { lessons { id } } } }`, { id: published.course._id }, tokenOf(who));
    expect(res.data!.course).toEqual({ id: published.course._id, lessonCount: 1, sections: [{ lessons: [{ id: published.lesson._id }] }] });
  });
});

// Each mutation against a fresh draft of `owner`: anonymous UNAUTHENTICATED, a student or another
// instructor FORBIDDEN, the owner and an ADMIN succeed, and a refused call changes nothing.
const expected: Record<Caller, string | undefined> = {
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', owner: undefined, admin: undefined,
};

const mutations: [string, string, (ids: { courseId: string; sectionId: string }) => Record<string, unknown>][] = [
  ['updateCourse', `mutation($id: ID!) { updateCourse(id: $id, input: { title: "Changed by someone" }) { id } }`, (ids) => ({ id: ids.courseId })],
  ['publishCourse', `mutation($id: ID!) { publishCourse(id: $id) { id } }`, (ids) => ({ id: ids.courseId })],
  ['addCourseSection', `mutation($id: ID!) { addCourseSection(courseId: $id, title: "Extra") { id } }`, (ids) => ({ id: ids.courseId })],
  ['addLesson', `mutation($id: ID!) { addLesson(sectionId: $id, input: { title: "Extra", kind: VIDEO }) { id } }`, (ids) => ({ id: ids.sectionId })],
];

describe.each(mutations)('%s on a course', (_name, mutation, vars) => {
  it.each(callers)('called by %s', async (who) => {
    const { course, section } = await seedCourse(h, people.owner);
    const before = await h.subgraph.repository.courses.findOne({ _id: course._id });
    const res = await h.gql(mutation, vars({ courseId: course._id, sectionId: section._id }), tokenOf(who));
    expect(codeOf(res)).toBe(expected[who]);
    const after = await h.subgraph.repository.courses.findOne({ _id: course._id });
    if (expected[who]) expect(after).toEqual(before);
    else expect(after!.version).toBe(before!.version + 1);
  });
});

describe('createCourse', () => {
  const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { id status instructor { id } } }`;
  const creators: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: undefined, otherInstructor: undefined, admin: undefined,
  };

  it.each(callers)('called by %s: INSTRUCTOR or ADMIN only, and the caller becomes the instructor', async (who) => {
    const before = await h.subgraph.repository.courses.countDocuments();
    const res = await h.gql(CREATE, { input: courseInput() }, tokenOf(who));
    expect(codeOf(res)).toBe(creators[who]);
    if (creators[who]) expect(await h.subgraph.repository.courses.countDocuments()).toBe(before);
    else expect(res.data!.createCourse).toMatchObject({ status: 'DRAFT', instructor: { id: (people[who] as Actor).id } });
  });

  it('the service refuses a student too, for callers that do not come through GraphQL', async () => {
    await expect(h.subgraph.service.createCourse(people.student.viewer, courseInput())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(h.subgraph.service.createCourse(null, courseInput())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('an ADMIN acting on a course', () => {
  it("keeps the course's instructor and is recorded as the one who acted", async () => {
    const { course } = await seedCourse(h, people.owner);
    await h.gql(`mutation($id: ID!) { publishCourse(id: $id) { id } }`, { id: course._id }, { token: people.admin.token });
    const res = await h.gql(`query($id: ID!) { course(id: $id) { status instructor { id } } }`, { id: course._id });
    expect(res.data!.course).toEqual({ status: 'PUBLISHED', instructor: { id: people.owner.id } });
    const event = await h.platform.db.collection('platform_events').findOne({ courseId: course._id, type: 'CoursePublished' });
    expect(event!.data).toMatchObject({ instructorId: people.owner.id, by: people.admin.id });
  });
});
