import { startGateway, type RunningGateway } from '@lg/gateway';
import { createPlatform, type Platform } from '@lg/platform';
import { codeOf, graphqlClient, testConfig, testKeys } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { subscribe, wsClient } from '../support/ws.ts';
import { catalogue } from '@lg/events';

// Small enough that a few course pages use it up: 5051 each (50 sections × 100 lessons at most).
const BUDGET = 30_000;
const COURSE_PAGE = `query($id: ID!) { course(id: $id) { id sections { id lessons { id } } } }`;
const COURSE_PAGE_COST = 1 + 50 * (1 + 100);

let redis: TestRedis;
let t: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let instructor: TestUser;
let courseId: string;

beforeAll(async () => {
  redis = await TestRedis.start();
  t = await startTestStack({ REDIS_URL: redis.url, COST_BUDGET_PER_MINUTE: String(BUDGET) });
  // A second gateway instance sharing the Redis server, as behind a load balancer.
  platformB = await createPlatform(testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: t.platform.config.MONGODB_DB, COST_BUDGET_PER_MINUTE: String(BUDGET) }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await startGateway({
    config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, redis: platformB.redis, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.servers).map(([name, s]) => [name, s.url])),
  });
  instructor = await signUp(t, ['INSTRUCTOR']);
  courseId = (await createCourse(t, instructor, { title: 'Costed Course' })).id;
});
afterAll(async () => {
  await gatewayB?.stop();
  await platformB?.close();
  await t?.close();
  await redis?.kill();
});

/** instructor → taughtCourses nested `levels` times under one course, the shape. */
const taughtCoursesNest = (levels: number) => {
  let selection = 'id title';
  for (let i = 0; i < levels; i += 1) selection = `instructor { taughtCourses { ${selection} } }`;
  return `query($id: ID!) { course(id: $id) { ${selection} } }`;
};

describe('an operation over the cost limit is refused before any subgraph is called', () => {
  it('the issue\'s nested taughtCourses shape is HTTP 400 BAD_USER_INPUT with its estimated cost and the limit, and reads nothing', async () => {
    const user = await signUp(t);
    let res!: Awaited<ReturnType<TestStack['gql']>>;
    const started = Date.now();
    const commands = await t.countCommands(async () => {
      res = await t.gql(taughtCoursesNest(5), { id: courseId }, { token: user.token });
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 10_202_020_202, maxCost: 10_000 });
    expect(res.errors![0]!.extensions!.http).toBeUndefined();
    expect(commands.total).toBe(0);
  });

  it('sixteen of them at once are all refused quickly, the heap stays bounded, and { categories } is answered meanwhile', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const hostile = Array.from({ length: 16 }, () => t.gql(taughtCoursesNest(7), { id: courseId }));
    const categories = await t.gql(`{ categories }`, {}, { token: instructor.token });
    const answers = await Promise.all(hostile);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(categories.data!.categories).toContain('Programming');
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(400));
    // Refused answers are a few hundred bytes each: nothing was fetched or built.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('courses(first: 100) with big inner pages is refused, and with small ones it runs', async () => {
    const nested = `query($n: Int, $m: Int) { courses(first: $n) { edges { node { questions(first: $m) { edges { node { answers(first: $m) { edges { node { body } } } } } } } } } }`;
    const user = await signUp(t);
    const refused = await t.gql(nested, { n: 100, m: 100 }, { token: user.token });
    expect(refused.status).toBe(400);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 2_030_301 });
    const small = await t.gql(`{ courses(first: 100) { edges { node { id title } } } }`, {}, { token: user.token });
    expect(small.errors).toBeUndefined();
  });

  it('a subscription over the limit is refused with BAD_USER_INPUT and its cost; a normal one is accepted', async () => {
    const client = wsClient(t.url, instructor.token);
    try {
      const heavy = subscribe(client, `subscription($c: ID!) { chatMessageAdded(courseId: $c) { course { instructor { taughtCourses { instructor { taughtCourses { id } } } } } } }`, { c: courseId });
      await heavy.ended;
      expect(heavy.results[0]!.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', cost: 10_203, maxCost: 10_000 } });
      const normal = subscribe(client, `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body author { displayName } } }`, { c: courseId });
      await new Promise((r) => setTimeout(r, 300));
      await t.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "hello") { id } }`, { c: courseId }, { token: instructor.token });
      expect((await normal.nth(1)).data).toEqual({ chatMessageAdded: { body: 'hello', author: { displayName: expect.any(String) } } });
      normal.unsubscribe();
    } finally {
      await client.dispose();
    }
  });
});

describe('each caller spends estimated cost from a per-minute budget', () => {
  it('a caller whose expensive operations use the budget up gets 429 RATE_LIMITED with Retry-After, and the operation does not run', async () => {
    const spender = await signUp(t);
    const bystander = await signUp(t);
    const spends = Math.floor(BUDGET / COURSE_PAGE_COST);
    for (let i = 0; i < spends; i += 1) expect((await t.gql(COURSE_PAGE, { id: courseId }, { token: spender.token })).errors).toBeUndefined();

    const refused = await t.gql(COURSE_PAGE, { id: courseId }, { token: spender.token });
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const seconds = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(seconds));

    // A mutation is not executed once the budget is spent.
    const rename = await t.gql(`mutation { updateProfile(input: { displayName: "Spent" }) { displayName } }`, {}, { token: spender.token });
    expect(rename.status).toBe(429);
    const spenderProfile = await t.stack.subgraphs.identity.repository.users.findOne({ _id: spender.id } as never);
    expect(spenderProfile?.displayName).toBe(spender.displayName);

    // Someone else is still served.
    const other = await t.gql(COURSE_PAGE, { id: courseId }, { token: bystander.token });
    expect(other.errors).toBeUndefined();
  });

  it('two gateways sharing Redis spend from one budget', async () => {
    const user = await signUp(t);
    const onB = graphqlClient(gatewayB.url);
    const spends = Math.floor(BUDGET / COURSE_PAGE_COST);
    // Alternate between the instances: together they allow what one would.
    for (let i = 0; i < spends; i += 1) {
      const gql = i % 2 === 0 ? t.gql : onB;
      expect((await gql(COURSE_PAGE, { id: courseId }, { token: user.token })).errors).toBeUndefined();
    }
    const refusedOnA = await t.gql(COURSE_PAGE, { id: courseId }, { token: user.token });
    const refusedOnB = await onB(COURSE_PAGE, { id: courseId }, { token: user.token });
    expect([refusedOnA.status, refusedOnB.status]).toEqual([429, 429]);
    expect(codeOf(refusedOnB)).toBe('RATE_LIMITED');
  });
});

describe('anonymous callers', () => {
  it('anonymous callers spend from their address\'s budget', async () => {
    // Registrations of the other tests spent from this address too (last, since it stops them); spend what is left.
    let res = await t.gql(COURSE_PAGE, { id: courseId });
    for (let i = 0; i < 10 && res.status === 200; i += 1) res = await t.gql(COURSE_PAGE, { id: courseId });
    expect(res.status).toBe(429);
    expect(codeOf(res)).toBe('RATE_LIMITED');
  });
});
