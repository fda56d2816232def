import { spawn, type ChildProcess } from 'node:child_process';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { createPlatform, type Platform } from '@lg/platform';
import { testConfig, testKeys } from '@lg/platform/testing';
import { catalogue } from '@lg/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/db/launcher.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClient, wsClients } from '../support/ws.ts';

// Three gateways share one Redis: A (with the subgraphs), B in this process, C in a process of its
// own that the test kills outright. Presence lives in Redis with a 3 s expiry (a heartbeat every
// second), so a user signed in on any gateway is online on all of them, and a dead gateway's users
// go offline once their expiry passes.
const TTL_SECONDS = 3;

let redis: TestRedis;
let a: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let instructor: TestUser;
let members: TestUser[];
let outsider: TestUser;
let courseId: string;
const clients = wsClients(() => a.url);

const PRESENCE = `query($c: ID!) { presence(scope: { courseId: $c }) { onlineCount online { id } } }`;
const onlineOn = async (url: string, viewer: TestUser) => {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
    body: JSON.stringify({ query: PRESENCE, variables: { c: courseId } }),
  });
  const body = (await res.json()) as { data?: { presence: { online: { id: string }[] } }; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.presence.online.map((u) => u.id);
};
async function until<T>(ask: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`Still waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A gateway in a process of its own, on the same database and Redis, reaching A's subgraphs. */
async function gatewayProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const keys = await testKeys();
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: String(port), HOST: '127.0.0.1',
    MONGODB_URI: a.platform.config.MONGODB_URI!, MONGODB_DB: a.platform.config.MONGODB_DB, REDIS_URL: redis.url,
    SUBGRAPH_SECRET: a.platform.config.SUBGRAPH_SECRET!, JWT_PUBLIC_KEY: keys.publicKeyPem, PRESENCE_TTL_SECONDS: String(TTL_SECONDS),
    ...Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, s.url])),
  };
  // Node itself with tsx as a loader (not tsx's CLI, which would run it in a child): the kill reaches the gateway.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/dev/serve.ts', 'gateway'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the gateway process exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const found = /gateway on (\S+)/.exec(chunk.toString());
      if (found) resolve(found[1]!);
    });
  });
  return { url, child };
}

beforeAll(async () => {
  redis = await TestRedis.start();
  a = await startTestStack({ REDIS_URL: redis.url, PRESENCE_TTL_SECONDS: String(TTL_SECONDS) });
  platformB = await createPlatform(
    testConfig({ PORT: '0', MONGODB_DB: a.platform.config.MONGODB_DB, REDIS_URL: redis.url, PRESENCE_TTL_SECONDS: String(TTL_SECONDS) }),
    'gateway-b', { keys: await testKeys(), events: catalogue },
  );
  gatewayB = await startGateway({
    config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
    events: { db: platformB.db, log: platformB.eventLog }, redis: platformB.redis, live: platformB.live, presence: platformB.presence,
  });
  instructor = await signUp(a, ['INSTRUCTOR'], 'Presence Instructor');
  members = [await signUp(a, [], 'Presence One'), await signUp(a, [], 'Presence Two'), await signUp(a, [], 'Presence Three')];
  outsider = await signUp(a, [], 'Presence Outsider');
  courseId = (await createCourse(a, instructor, { title: 'Presence course' })).id;
  for (const m of members) await enrol(a, m, courseId);
  // Two stacks' worth of start-up on a busy two-core machine.
}, 180_000);
afterAll(async () => {
  await clients.disposeAll();
  await gatewayB?.stop();
  await platformB?.close();
  await a?.close();
  await redis?.kill();
});

describe('presence through gateways sharing Redis', () => {
  it('a member signed in on gateway B is online for a member asking gateway A, live too, and offline once their socket closes', async () => {
    const [one, two] = members as [TestUser, TestUser];
    const changes = subscribe(clients.client(instructor.token), `subscription($c: ID!) { presenceChanged(scope: { courseId: $c }) { online user { id } } }`, { c: courseId });
    await settleSubscriptions();
    // The instructor's own socket on A counts them online; the member's on B, them.
    const onB = wsClient(gatewayB.url, one.token);
    try {
      await until(() => onlineOn(a.url, two), (ids) => ids.includes(one.id), 'the member online on A');
      expect(await onlineOn(gatewayB.url, two)).toContain(one.id);
      expect(await onlineOn(a.url, two)).toContain(instructor.id);
      await until(async () => changes.results, (r) => r.some((x: any) => x.data?.presenceChanged.user.id === one.id && x.data.presenceChanged.online), 'the live change on A');
    } finally {
      await onB.dispose();
    }
    await until(() => onlineOn(a.url, two), (ids) => !ids.includes(one.id), 'the member offline on A', 5_000);
    await until(async () => changes.results, (r) => r.some((x: any) => x.data?.presenceChanged.user.id === one.id && x.data.presenceChanged.online === false), 'the live offline change');
    // Nobody outside the course is announced to it: the outsider's socket is heard by no member.
    const outside = wsClient(a.url, outsider.token);
    await new Promise((r) => setTimeout(r, 500));
    await outside.dispose();
    expect(changes.results.some((x: any) => x.data?.presenceChanged.user.id === outsider.id)).toBe(false);
    expect(changes.results.every((x: any) => !x.errors)).toBe(true);
  });

  it('a non-member is refused presenceChanged and presence of the course', async () => {
    const refused = subscribe(clients.client(outsider.token), `subscription($c: ID!) { presenceChanged(scope: { courseId: $c }) { online } }`, { c: courseId });
    expect((await refused.nth(1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expect(onlineOn(a.url, outsider)).rejects.toThrow(/FORBIDDEN/);
  });

  it("a killed gateway's users go offline within the expiry, for queries and live", async () => {
    const three = members[2]!;
    const c = await gatewayProcess();
    const changes = subscribe(clients.client(members[1]!.token), `subscription($c: ID!) { presenceChanged(scope: { courseId: $c }) { online user { id } } }`, { c: courseId });
    await settleSubscriptions();
    const onC = wsClient(c.url, three.token);
    try {
      await until(() => onlineOn(a.url, members[1]!), (ids) => ids.includes(three.id), 'the member on C online on A');
      const exited = new Promise((r) => c.child.once('exit', r));
      c.child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      await until(() => onlineOn(a.url, members[1]!), (ids) => !ids.includes(three.id), 'the member offline after the kill', (TTL_SECONDS + 3) * 1000);
      const offlineAfter = Date.now() - killedAt;
      // Within the expiry (the last heartbeat came before the kill; plus this poll's own round trips).
      expect(offlineAfter).toBeLessThanOrEqual((TTL_SECONDS + 2) * 1000);
      await until(async () => changes.results, (r) => r.some((x: any) => x.data?.presenceChanged.user.id === three.id && x.data.presenceChanged.online === false), 'the live offline change', 3_000);
    } finally {
      await Promise.resolve(onC.dispose()).catch(() => undefined);
      if (c.child.exitCode === null) c.child.kill('SIGKILL');
    }
  }, 120_000);
});
