import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXPENSIVE_OPERATIONS, percentile, runHostileLoad, sizeToLimit } from '../../tools/bench/hostile-load.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// A fault test: two dozen signed-in callers, each with a budget of its own, send the most
// expensive operations the gateway's limits let through, back to back, while two ordinary
// students read the categories and a course page. The platform must bend, not break: no server error, no
// request left hanging, and ordinary students answered throughout.

const HOSTILE_CLIENTS = 24;
const SECONDS = 12;

let t: TestStack;
let normal: TestUser[];
let hostile: TestUser[];
let courseId: string;

beforeAll(async () => {
  t = await startTestStack();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Busy Instructor');
  const courses = [];
  for (let i = 0; i < 6; i += 1) courses.push(await createCourse(t, instructor, { title: `Crowded course ${i}`, tags: ['crowded', 'a'] }));
  courseId = courses[0]!.id;
  normal = [await signUp(t, [], 'Ordinary Student'), await signUp(t, [], 'Another Ordinary Student')];
  hostile = await Promise.all(Array.from({ length: HOSTILE_CLIENTS }, (_, i) => signUp(t, [], `Hostile ${i}`)));
}, 300_000);
afterAll(async () => t?.close());

test(`${HOSTILE_CLIENTS} callers sending the most expensive accepted operations for ${SECONDS} s get no 5xx and no hang, and ordinary students are answered throughout`, async () => {
  const operations = [];
  for (const query of EXPENSIVE_OPERATIONS) {
    const n = await sizeToLimit(t.url, query, { id: courseId }, hostile[0]!.token);
    if (n !== undefined) operations.push({ query, variables: { id: courseId, n } });
  }
  expect(operations.length, 'at least one expensive shape is accepted at some size').toBeGreaterThan(0);

  const run = await runHostileLoad({
    url: t.url, clients: HOSTILE_CLIENTS, seconds: SECONDS, hostileTokens: hostile.map((h) => h.token),
    normalTokens: normal.map((n) => n.token), courseId, operations,
  });
  const answered = [...run.normal.categories, ...run.normal.coursePage];
  console.info(`hostile answers ${JSON.stringify(run.hostileStatuses)}; normal p50 ${percentile(answered, 50).toFixed(0)} ms, p99 ${percentile(answered, 99).toFixed(0)} ms, ${answered.length} answered`);

  const serverErrors = Object.entries(run.hostileStatuses).filter(([status]) => Number(status) >= 500 || Number(status) === 0);
  expect(serverErrors, 'no hostile request got a 5xx or no answer at all').toEqual([]);
  expect(run.normalFailures, 'every request of the ordinary students was answered with data').toEqual([]);
  expect(run.normal.categories.length).toBeGreaterThan(0);
  expect(run.normal.coursePage.length).toBeGreaterThan(0);
}, 300_000);
