import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@lg/platform';
import { ENROLLMENT_FIELDS, actor, codeOf, seedCourse, startLearning, type Actor, type LearningHarness } from './harness.ts';

let h: LearningHarness;
let student: Actor;
const enrolled: string[] = [];
beforeAll(async () => {
  h = await startLearning();
  const instructor = actor(h, 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  for (let i = 0; i < 5; i += 1) {
    const { courseId } = await seedCourse(h, instructor);
    enrolled.push((await h.learning.service.enrollInFreeCourse(student.viewer, courseId))._id);
  }
  // Someone else's enrolment never shows up in the student's list.
  await h.learning.service.enrollInFreeCourse(actor(h, 'STUDENT').viewer, (await seedCourse(h, instructor)).courseId);
});
afterAll(async () => h?.close());

const MINE = `query($first: Int, $after: String) {
  myEnrollments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENROLLMENT_FIELDS} } } }
}`;
const OF_USER = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on User {
  enrollments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

describe('myEnrollments', () => {
  it("lists the viewer's enrolments newest first, 20 to a page by default, with their total", async () => {
    const res = await h.gql(MINE, {}, { token: student.token });
    expect(res.errors).toBeUndefined();
    const page = res.data!.myEnrollments;
    expect(page.totalCount).toBe(5);
    expect(ids(page)).toEqual([...enrolled].reverse());
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[4].cursor });
    expect(page.edges[0].node).toMatchObject({ status: 'ACTIVE', progressPercent: 0, user: { id: student.id } });
  });

  it('walks page by page with the cursors, without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await h.gql(MINE, { first: 2, after }, { token: student.token })).data!.myEnrollments;
      expect(page.totalCount).toBe(5);
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...enrolled].reverse());
  });

  it('a page of 0 answers only the total', async () => {
    const page = (await h.gql(MINE, { first: 0 }, { token: student.token })).data!.myEnrollments;
    expect(page).toEqual({ totalCount: 5, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
  });

  it('is empty for a viewer with no enrolments', async () => {
    const page = (await h.gql(MINE, {}, { token: actor(h, 'STUDENT').token })).data!.myEnrollments;
    expect(page).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it.each([
    ['a page of 101', { first: 101 }, 'first'],
    ['a negative page size', { first: -1 }, 'first'],
    ['a cursor that is not one', { after: 'garbage' }, 'after'],
    ['a cursor of the wrong shape', { after: encodeCursor(['not-an-id']) }, 'after'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_name, vars, field) => {
    const res = await h.gql(MINE, vars, { token: student.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });
});

describe('User.enrollments', () => {
  const asked = () => ({ r: [{ __typename: 'User', id: student.id }] });

  it('the user themself and an ADMIN see them, paginated like myEnrollments', async () => {
    for (const who of [student, actor(h, 'ADMIN')]) {
      const res = await h.gql(OF_USER, { ...asked(), first: 3 }, { token: who.token });
      expect(res.errors).toBeUndefined();
      const page = res.data!._entities[0].enrollments;
      expect(page.totalCount).toBe(5);
      expect(ids(page)).toEqual([...enrolled].reverse().slice(0, 3));
      expect(page.pageInfo.hasNextPage).toBe(true);
    }
  });

  it('anyone else is FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    expect(codeOf(await h.gql(OF_USER, asked(), { token: actor(h, 'STUDENT', 'INSTRUCTOR').token }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(OF_USER, asked()))).toBe('UNAUTHENTICATED');
  });
});
