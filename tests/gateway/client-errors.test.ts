import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { codeOf, expectRefusedAsClientError, FILLER, malformedRequests, rawSender } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
beforeAll(async () => void (t = await startTestStack()));
afterAll(async () => t?.close());

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the gateway refuses a malformed request with a 4xx that echoes at most a few dozen characters of it', () => {
  for (const request of malformedRequests) {
    it(`refuses ${request.name} with HTTP ${request.status}, within 2 s`, async () => {
      const started = performance.now();
      await expectRefusedAsClientError(await rawSender(t.url)(request.init), request);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  }

  it('refuses a document past the token limit with 400, as a syntax error', async () => {
    const selection = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
    await expectRefusedAsClientError(await rawSender(t.url)(post({ query: `{ ${selection} }` })), {
      name: 'a document of 9000 tokens', init: {}, status: 400, reason: 'GRAPHQL_PARSE_FAILED',
    });
  });

  it('refuses a GET mutation that would be valid as a POST with 405, and runs nothing', async () => {
    const users = () => t.stack.subgraphs.identity.repository.users.countDocuments();
    const before = await users();
    const register = 'mutation { register(input: { email: "get@example.com", password: "a long password 1", displayName: "X" }) { user { id } } }';
    const res = await rawSender(t.url)({ method: 'GET', headers: { 'apollo-require-preflight': 'yes' }, query: { query: register } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(await users()).toBe(before);
  });

  it('keeps HTTP 200 for an executed operation whose field failed, with the other fields answered', async () => {
    const res = await t.gql(`{ categories user(id: "nope") { id } }`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.data!.categories)).toBe(true);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });

  it('answers a garbage bearer token with 401 and an Authorization header of 5000 characters without echoing it', async () => {
    const garbage = await t.gql('{ categories }', {}, { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(garbage.status).toBe(401);
    expect(codeOf(garbage)).toBe('UNAUTHENTICATED');
    const basic = await t.gql('{ categories }', {}, { headers: { authorization: `Basic ${FILLER.slice(0, 5000)}` } });
    expect(basic.status).toBe(401);
    expect(JSON.stringify(basic.errors)).not.toContain(FILLER.slice(0, 65));
  });

  it('holds less than 96 MB more heap while refusing five rounds of every 400 KB malformed request, and keeps less than 16 MB of it', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const big = malformedRequests.filter((r) => typeof r.init?.body === 'string' && r.init.body.length > 100_000);
    expect(big.length).toBeGreaterThanOrEqual(8);
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for (let round = 0; round < 5; round += 1) {
      for (const request of big) {
        const res = await rawSender(t.url)(request.init);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    console.info(`heap: ${(before / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB, retained growth ${(grown / 2 ** 20).toFixed(1)} MB`);
    expect(peak - before).toBeLessThan(96 * 2 ** 20);
    expect(grown).toBeLessThan(16 * 2 ** 20);
  });
});
