import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { collectionCounts, sendHostile, settledCollectionCounts } from '../support/hostile-client.ts';
import { HostileRequestGenerator, type HostileRequest } from '../support/hostile-requests.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Ten thousand hostile or malformed requests, generated from the composed API schema, through the
// real gateway: none may be answered as a server failure, none may take 2 s, and nothing may change.
// The seed is printed; FUZZ_SEED=<seed> replays the same requests.

const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
// Few enough at once that a request's time is its own, not a queue behind the others' on two cores.
const CONCURRENCY = 4;

let t: TestStack;
let student: TestUser;
let ids: { courses: string[]; users: string[]; other: string[] };

beforeAll(async () => {
  // The budgets are the gateway's defence against volume; this test is about each request's shape.
  t = await startTestStack({ RATE_LIMIT_PER_MINUTE: '10000000', COST_BUDGET_PER_MINUTE: '1000000000' });
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Fuzz Instructor');
  student = await signUp(t, [], 'Fuzz Student');
  const courses = [];
  for (const title of ['Fuzzing Python', 'Learning Go', 'Paid fuzz course']) courses.push(await createCourse(t, instructor, { title, priceCents: title.startsWith('Paid') ? 1900 : 0 }));
  await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courses[0]!.id }, { token: student.token });
  ids = { courses: courses.map((c) => c.id), users: [instructor.id, student.id], other: courses.map((c) => c.sectionId) };
});
afterAll(async () => t?.close());

test(`${COUNT} generated hostile requests (seed ${SEED}): no 5xx, none slower than 2 s, no collection changed`, async () => {
  console.info(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  const before = await settledCollectionCounts(t.platform.db);
  const generator = new HostileRequestGenerator(buildSchema(readFileSync('schema/api.graphql', 'utf8')), SEED, ids);
  const requests = [...generator.requests(COUNT)];
  const failures: { n: number; shape: string; status: number; ms: number; body: string }[] = [];
  const byShape = new Map<string, { count: number; statuses: Map<number, number>; slowestMs: number }>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const n = next++;
      const request: HostileRequest = requests[n]!;
      const answer = await sendHostile(t.url, request, student.token);
      const stats = byShape.get(request.shape) ?? { count: 0, statuses: new Map(), slowestMs: 0 };
      stats.count += 1;
      stats.statuses.set(answer.status, (stats.statuses.get(answer.status) ?? 0) + 1);
      stats.slowestMs = Math.max(stats.slowestMs, answer.ms);
      byShape.set(request.shape, stats);
      if (answer.status >= 500 || answer.status === 0 || answer.ms > 2000) failures.push({ n, shape: request.shape, status: answer.status, ms: Math.round(answer.ms), body: answer.body.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const table = [...byShape].sort().map(([shape, s]) => `${shape.padEnd(22)} ${String(s.count).padStart(5)}  slowest ${String(Math.round(s.slowestMs)).padStart(5)} ms  ${[...s.statuses].sort().map(([code, k]) => `${code}×${k}`).join(' ')}`);
  console.info(table.join('\n'));
  expect(failures.slice(0, 20), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
  expect(await collectionCounts(t.platform.db)).toEqual(before);
}, 900_000);
