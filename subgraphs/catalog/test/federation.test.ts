import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '@lg/platform';
import { COURSE_CARDS, COURSES } from '../src/repository.ts';
import type { GraphQLResponse } from '@lg/platform/testing';
import { actor, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let instructors: Actor[];
const courseIds: string[] = [];
beforeAll(async () => {
  h = await startCatalog();
  instructors = [actor(h, 'INSTRUCTOR'), actor(h, 'INSTRUCTOR'), actor(h, 'INSTRUCTOR')];
  for (const [i, instructor] of instructors.entries()) {
    for (let n = 0; n <= i; n += 1) courseIds.push((await seedCourse(h, instructor, { publish: true })).course._id);
  }
});
afterAll(async () => h?.close());

/** Runs a query and returns its answer with the commands it sent to the courses collection and their cards. */
async function measured(query: string, variables: Record<string, unknown> = {}) {
  let res: GraphQLResponse | undefined;
  const commands = await h.commandsDuring(async () => void (res = await h.gql(query, variables)));
  if (res?.errors) throw new Error(JSON.stringify(res.errors));
  return { data: res!.data!, reads: commands.filter((c) => [COURSES, COURSE_CARDS].includes(c.command[c.commandName])) };
}

describe('User.taughtCourses', () => {
  it('is loaded for every user of an _entities request in one query', async () => {
    const { data, reads } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id taughtCourses { id } } } }`, {
      r: instructors.map((i) => ({ __typename: 'User', id: i.id })),
    });
    expect(data._entities.map((u: { taughtCourses: unknown[] }) => u.taughtCourses.length)).toEqual([1, 2, 3]);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.command.filter).toMatchObject({ $and: [{ instructorId: { $in: instructors.map((i) => i.id) } }, { status: 'PUBLISHED' }] });
  });

  it("is loaded for every instructor on a page of courses in one query, beside the page's own two", async () => {
    const { data, reads } = await measured(`{ courses(first: 5) { totalCount edges { node { id instructor { id taughtCourses { id } } } } } }`);
    expect(data.courses.edges).toHaveLength(5);
    // The page and one query for all three instructors (the published catalog's total is kept, in catalog_facets).
    expect(reads.map((c) => c.commandName).sort()).toEqual(['find', 'find']);
  });

  it('a first page with room to spare is the whole list: its total costs no count', async () => {
    const { data, reads } = await measured(`{ courses(first: 10) { totalCount edges { node { id } } } }`);
    expect(data.courses).toMatchObject({ totalCount: 6 });
    expect(data.courses.edges).toHaveLength(6);
    expect(reads.map((c) => c.commandName)).toEqual(['find']);
  });

  it('is newest first and empty for a user who teaches nothing', async () => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { taughtCourses { id } } } }`, {
      r: [{ __typename: 'User', id: instructors[2]!.id }, { __typename: 'User', id: actor(h, 'STUDENT').id }],
    });
    const [teacher, student] = res.data!._entities as { taughtCourses: { id: string }[] }[];
    expect(teacher!.taughtCourses.map((c) => c.id)).toEqual(courseIds.slice(3).reverse());
    expect(student!.taughtCourses).toEqual([]);
  });
});

describe('Course.instructor', () => {
  it('is a User reference for identity to resolve, costing catalog no query of its own', async () => {
    const { data, reads } = await measured(`query($id: ID!) { course(id: $id) { instructor { __typename id } } }`, { id: courseIds[0] });
    expect(data.course.instructor).toEqual({ __typename: 'User', id: instructors[0]!.id });
    expect(reads).toHaveLength(1);
  });
});

describe('Course references', () => {
  it('are resolved for other subgraphs in one query, in the order asked, null for unknown ids', async () => {
    const asked = [courseIds[2]!, '0190a0a0-0000-7000-8000-000000000000', courseIds[0]!, 'not-an-id'];
    const { data, reads } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id lessonCount } } }`, {
      r: asked.map((id) => ({ __typename: 'Course', id })),
    });
    expect(data._entities).toEqual([{ id: courseIds[2], lessonCount: 1 }, null, { id: courseIds[0], lessonCount: 1 }, null]);
    expect(reads).toHaveLength(1);
  });

  it('the subgraph serves its SDL with the Course and User keys', async () => {
    const sdl: string = (await h.gql(`{ _service { sdl } }`)).data!._service.sdl;
    expect(sdl).toMatch(/type Course @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type User @key\(fields: "id"\)/);
  });
});

describe('the version guard', () => {
  it('refuses a write based on a version someone else has already changed', async () => {
    const { course } = await seedCourse(h, instructors[0]!);
    const event = newEvent('CourseUpdated', course._id, {}, { courseId: course._id });
    expect(await h.subgraph.repository.updateIfUnchanged(course._id, course.version, { title: 'First writer' }, event)).not.toBeNull();
    expect(await h.subgraph.repository.updateIfUnchanged(course._id, course.version, { title: 'Stale writer' }, event)).toBeNull();
    expect(await h.subgraph.repository.pushSection(course._id, course.version, { _id: 'x', title: 'Stale', position: 2, lessons: [] }, event)).toBeNull();
    expect((await h.subgraph.repository.findCourse(course._id))!.title).toBe('First writer');
  });
});
