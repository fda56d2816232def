import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// The expensive lane with its default of one slot, behind the real gateway: a slot taken by a
// request that another check refuses must come back, or every later expensive operation waits out
// its deadline.

let t: TestStack;
let student: TestUser;
let courseId: string;

beforeAll(async () => {
  t = await startTestStack({ EXPENSIVE_OPERATIONS_AT_ONCE: '1', GATEWAY_DEADLINE_MS: '4000', SUBGRAPH_TIMEOUT_MS: '3500' });
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Lane Instructor');
  student = await signUp(t, [], 'Lane Student');
  courseId = (await createCourse(t, instructor, { title: 'Lane course' })).id;
});
afterAll(async () => t?.close());

const PAGE = `query($id: ID!) { course(id: $id) { title sections { title lessons { id title } } } }`;

test('expensive operations refused by another check (subscriptions over HTTP) give their slot back', async () => {
  const refused = await Promise.all(Array.from({ length: 5 }, () => t.gql(
    `subscription($id: ID!) { chatMessageAdded(courseId: $id) { id course { sections { lessons { id } } } } }`, { id: courseId }, { token: student.token },
  )));
  expect(refused.map((r) => [r.status, r.errors?.[0]?.extensions?.reason])).toEqual(Array(5).fill([400, 'SUBSCRIPTION_OVER_HTTP']));

  const started = performance.now();
  const page = await t.gql(PAGE, { id: courseId }, { token: student.token });
  expect(page.errors).toBeUndefined();
  expect(page.data?.course.title).toBe('Lane course');
  expect(performance.now() - started, 'answered without waiting for a slot that was never given back').toBeLessThan(2000);
});

test('expensive operations take turns: ten at once are all answered, one after another', async () => {
  const answers = await Promise.all(Array.from({ length: 10 }, () => t.gql(PAGE, { id: courseId }, { token: student.token })));
  expect(answers.map((a) => [a.status, a.data?.course.title])).toEqual(Array(10).fill([200, 'Lane course']));
});
