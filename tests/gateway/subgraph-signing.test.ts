import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSubgraphSecret, signatureHeaders } from '@lg/platform';
import { startTestStack, type TestStack } from '../support/stack.ts';

// A subgraph of the running stack, called directly as an attacker on the network would.
let t: TestStack;
let identityUrl: string;
let catalogUrl: string;
beforeAll(async () => {
  t = await startTestStack();
  identityUrl = t.stack.servers.identity!.url;
  catalogUrl = t.stack.servers.catalog!.url;
});
afterAll(async () => t?.close());

let counter = 0;
const registration = () => {
  counter += 1;
  const email = `stranger${counter}.${Date.now()}@example.com`;
  const body = JSON.stringify({
    query: 'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
    variables: { input: { email, password: 'a long password 42', displayName: 'Stranger' } },
  });
  return { email, body };
};
const userExists = async (email: string) => (await t.platform.db.collection('identity_users').countDocuments({ email })) > 0;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}
const signed = (url: string, body: string, options: { secret?: string; at?: number; path?: string } = {}) =>
  signatureHeaders(options.secret ?? t.platform.subgraphSecret, { method: 'POST', path: options.path ?? new URL(url).pathname, body }, options.at);

const reasons: Record<string, string> = {
  'This service answers only requests signed by the gateway.': 'SIGNATURE_MISSING',
  'The request signature has expired.': 'SIGNATURE_EXPIRED',
  'The request signature does not match.': 'SIGNATURE_MISMATCH',
};
function expectRefused(res: Awaited<ReturnType<typeof post>>, message: string) {
  expect(res.status).toBe(401);
  expect(res.body.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED', reason: reasons[message] } }]);
}

describe('a subgraph called directly', () => {
  it('refuses a request without a signature, and runs nothing of it', async () => {
    const { email, body } = registration();
    expectRefused(await post(identityUrl, body), 'This service answers only requests signed by the gateway.');
    expect(await userExists(email)).toBe(false);
  });

  it('refuses an unsigned request at every subgraph port', async () => {
    for (const server of Object.values(t.stack.servers)) {
      const res = await post(server.url, JSON.stringify({ query: '{ __typename }' }));
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an unsigned request before parsing its body: invalid JSON and an oversized body get the same 401', async () => {
    expectRefused(await post(identityUrl, '{"query": "{ __typename'), 'This service answers only requests signed by the gateway.');
    const oversized = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(t.platform.config.MAX_BODY_BYTES + 10) } });
    expectRefused(await post(identityUrl, oversized), 'This service answers only requests signed by the gateway.');
  });

  it('refuses a malformed signature without echoing it', async () => {
    const { body } = registration();
    const res = await post(identityUrl, body, { 'x-lg-timestamp': String(Date.now()), 'x-lg-signature': `v1=${'z'.repeat(5000)}` });
    expectRefused(res, 'This service answers only requests signed by the gateway.');
    expect(res.text.length).toBeLessThan(200);
  });

  it('refuses a signature older than the allowed clock skew, and one from too far in the future', async () => {
    const skewMs = t.platform.config.SUBGRAPH_SIGNATURE_SKEW_SECONDS * 1000;
    for (const at of [Date.now() - skewMs - 5000, Date.now() + skewMs + 5000]) {
      const { email, body } = registration();
      expectRefused(await post(identityUrl, body, signed(identityUrl, body, { at })), 'The request signature has expired.');
      expect(await userExists(email)).toBe(false);
    }
  });

  it('refuses another body replayed under a captured signature, while the captured request itself passes', async () => {
    const captured = JSON.stringify({ query: '{ __typename }' });
    const headers = signed(identityUrl, captured);
    const { email, body } = registration();
    expectRefused(await post(identityUrl, body, headers), 'The request signature does not match.');
    expect(await userExists(email)).toBe(false);
    const original = await post(identityUrl, captured, headers);
    expect(original.status).toBe(200);
    expect(original.body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a request signed with another secret, or for another path', async () => {
    const { email, body } = registration();
    expectRefused(await post(identityUrl, body, signed(identityUrl, body, { secret: generateSubgraphSecret() })), 'The request signature does not match.');
    expectRefused(await post(identityUrl, body, signed(identityUrl, body, { path: '/other' })), 'The request signature does not match.');
    expect(await userExists(email)).toBe(false);
  });

  it('runs a request signed with the shared secret, as the gateway\'s own requests are', async () => {
    const { email, body } = registration();
    const res = await post(identityUrl, body, signed(identityUrl, body));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(await userExists(email)).toBe(true);
  });

  it('answers /health and /ready without a signature', async () => {
    for (const path of ['/health', '/ready']) expect((await fetch(new URL(path, identityUrl))).status).toBe(200);
  });

  it('refuses the issue\'s deep, aliased query from strangers quickly, twenty at once, without growing its memory', async () => {
    let chain = '{ id title }';
    for (let i = 0; i < 13; i += 1) chain = `{ instructor { taughtCourses ${chain} } }`;
    const deep = JSON.stringify({ query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: courses(first: 100) { edges { node ${chain} } }`).join(' ')} }` });
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
    const before = used();
    let peak = before;
    const sampler = setInterval(() => void (peak = Math.max(peak, used())), 5);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(catalogUrl, deep))).finally(() => clearInterval(sampler));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(401));
    // Safety bounds (measured: about 0.4 s and 7 MB); the same query, parsed and run, took the process down.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('a subgraph whose secret has leaked', () => {
  const signedPost = (url: string, body: string) => post(url, body, signed(url, body));

  it('still refuses documents past its own depth, alias and token limits', async () => {
    let chain = '{ id }';
    for (let i = 0; i < 14; i += 1) chain = `{ instructor { taughtCourses ${chain} } }`;
    const deep = await signedPost(catalogUrl, JSON.stringify({ query: `{ course(id: "x") ${chain} }` }));
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const aliased = await signedPost(catalogUrl, JSON.stringify({ query: `{ ${Array.from({ length: 61 }, (_, i) => `a${i}: categories { id }`).join(' ')} }` }));
    expect(aliased.status).toBe(400);
    expect(aliased.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // The parser itself stops at the token limit: a syntax error, the client's (400).
    const long = await signedPost(catalogUrl, JSON.stringify({ query: `{ categories { ${'id '.repeat(10_001)} } }` }));
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(long.body.errors?.[0]?.message).toMatch(/tokens/i);
  });

  it("refuses the issue's nested taughtCourses shape, deeper than the gateway allows, for its cost and before running it", async () => {
    let chain = '{ id title description }';
    for (let i = 0; i < 7; i += 1) chain = `{ instructor { taughtCourses ${chain} } }`;
    const started = performance.now();
    const res = await signedPost(catalogUrl, JSON.stringify({ query: `{ courses(first: 100) { edges { node ${chain} } } }` }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxCost: 2 * t.platform.config.MAX_OPERATION_COST });
    expect(res.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(10 ** 14);
  });

  it('sizes _entities by the representations sent: a few are served, a flood with nested lists is refused for its cost', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { taughtCourses { id sections { lessons { id } } } } } }';
    const users = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'User', id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` }));
    const few = await signedPost(catalogUrl, JSON.stringify({ query: query.replace(' sections { lessons { id } }', ''), variables: { r: users(3) } }));
    expect(few.status).toBe(200);
    expect(few.body.data?._entities).toEqual([{ taughtCourses: [] }, { taughtCourses: [] }, { taughtCourses: [] }]);
    const flood = await signedPost(catalogUrl, JSON.stringify({ query, variables: { r: users(2000) } }));
    expect(flood.status).toBe(400);
    expect(flood.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses batched requests, and answers an empty or non-JSON body as the client\'s mistake', async () => {
    const batched = await signedPost(catalogUrl, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batched.status).toBe(400);
    expect((await fetch(catalogUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(catalogUrl, '') } })).status).toBe(400);
    const garbage = await signedPost(catalogUrl, '{"query": ');
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
