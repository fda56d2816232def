import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { startTestStack, signUp, type TestStack, type TestUser } from '../support/stack.ts';

// The contract makes every field that some viewers may not read nullable, so that a refusal nulls
// that field alone and the rest of the page still renders (a course page for a visitor, a profile).

let t: TestStack;
let instructor: TestUser;
let outsider: TestUser;
let courseId: string;

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Partial Instructor');
  outsider = await signUp(t, [], 'Partial Outsider');
  courseId = (await createCourse(t, instructor, { title: 'Partial refusals course' })).id;
});
afterAll(async () => t?.close());

const COURSE_PAGE = `query($id: ID!) {
  course(id: $id) { title instructor { displayName }
    exercises { id } questions { totalCount } chatMessages { edges { node { id } } } }
}`;

test('a signed-in visitor who is not a member sees the course page, with only its members-only lists null and FORBIDDEN', async () => {
  const res = await t.gql(COURSE_PAGE, { id: courseId }, { token: outsider.token });
  expect(res.data?.course).toEqual({
    title: 'Partial refusals course', instructor: { displayName: 'Partial Instructor' },
    exercises: null, questions: null, chatMessages: null,
  });
  const refused = (res.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]).sort();
  expect(refused).toEqual([
    ['course.chatMessages', 'FORBIDDEN'], ['course.exercises', 'FORBIDDEN'], ['course.questions', 'FORBIDDEN'],
  ]);
});

test('the course instructor reads the same page whole, without errors', async () => {
  const res = await t.gql(COURSE_PAGE, { id: courseId }, { token: instructor.token });
  expect(res.errors).toBeUndefined();
  expect(res.data?.course).toMatchObject({ exercises: [], questions: { totalCount: 0 }, chatMessages: { edges: [] } });
});

test("another user's profile shows their name, with their enrolments null and FORBIDDEN", async () => {
  const res = await t.gql(`query($id: ID!) { user(id: $id) { displayName enrollments { totalCount } } }`, { id: instructor.id }, { token: outsider.token });
  expect(res.data?.user).toEqual({ displayName: 'Partial Instructor', enrollments: null });
  expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['user.enrollments', 'FORBIDDEN']]);
});
