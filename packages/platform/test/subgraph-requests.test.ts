import { parse } from 'graphql';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, generateKeyPem, isAuthenticated, type BaseContext, type Platform, type SubgraphDefinition } from '../src/index.ts';
import {
  closeTestPlatform, codeOf, expectRefusedAsClientError, firstShed, malformedRequests, serveForTest, signTestToken, sleep, slowTick, stallEventLoop,
  testActor, testPlatform, type ServedSubgraph,
} from '../src/testing/index.ts';

/** The smallest subgraph: what every real one shares is startSubgraph, which is under test here. */
const tiny = (): SubgraphDefinition<BaseContext> => ({
  name: 'tiny',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { hello: String, me: String }
    type Mutation { touch: Boolean }
    type Greeting @key(fields: "id") { id: ID! }
  `),
  resolvers: {
    Query: { hello: () => 'hello', me: (_: unknown, __: unknown, ctx: BaseContext) => ctx.viewer?.id ?? null },
    Mutation: { touch: () => true },
  },
  permissions: { Query: { hello: allow, me: isAuthenticated }, Mutation: { touch: allow }, Greeting: allow },
  createContext: (base) => base,
});

let platform: Platform;
let served: ServedSubgraph<SubgraphDefinition<BaseContext>>;
beforeAll(async () => {
  // A short window so that the overload test takes seconds; the threshold is far below the stall.
  platform = await testPlatform({ SHED_EVENT_LOOP_DELAY_MS: '100', SHED_WINDOW_MS: '250' });
  served = await serveForTest(platform, async () => tiny());
});
afterAll(async () => {
  await served?.stop();
  await closeTestPlatform(platform);
});

describe('readiness', () => {
  it('a subgraph that declares no readiness check is ready while its database answers a ping', async () => {
    const res = await fetch(new URL('/ready', served.server.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });
});

describe('a subgraph refuses a malformed request with a 4xx that echoes at most a few dozen characters of it', () => {
  for (const request of malformedRequests) {
    it(`refuses ${request.name} with HTTP ${request.status}`, async () => {
      await expectRefusedAsClientError(await served.send(request.init), request);
    });
  }

  it('answers a well-formed request with 200 after all of them', async () => {
    const res = await served.gql('{ hello }');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ hello: 'hello' });
  });
});

describe('a subgraph answers a request whose bearer token is not good with HTTP 401 and UNAUTHENTICATED', () => {
  const otherKeyToken = async (sub: string) => {
    const { privateKeyPem } = await generateKeyPem();
    return new SignJWT({ roles: ['ADMIN'] }).setProtectedHeader({ alg: 'EdDSA' }).setSubject(sub)
      .setIssuer(platform.config.JWT_ISSUER).setAudience(platform.config.JWT_AUDIENCE).setIssuedAt().setExpirationTime('5m')
      .sign(await importPKCS8(privateKeyPem, 'EdDSA'));
  };

  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['a garbage token', async () => ({ authorization: 'Bearer abc.def.ghi' })],
    ['an expired token', async () => ({ authorization: `Bearer ${signTestToken(platform, 'u1', ['STUDENT'], -60)}` })],
    ['a token signed with another key', async () => ({ authorization: `Bearer ${await otherKeyToken('u1')}` })],
    ['an Authorization header that is not a bearer token', async () => ({ authorization: `Basic ${'q'.repeat(5000)}` })],
  ];
  for (const [name, headers] of cases) {
    it(`refuses ${name}, even for a public field`, async () => {
      const res = await served.gql('{ hello }', {}, { headers: await headers() });
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
      expect(JSON.stringify(res.errors)).not.toContain('q'.repeat(65));
    });
  }

  it('serves a good token, and an anonymous request, as before', async () => {
    const who = testActor(platform, 'STUDENT');
    expect((await served.gql('{ me }', {}, { token: who.token })).data).toEqual({ me: who.id });
    const anonymous = await served.gql('{ hello me }');
    expect(anonymous.status).toBe(200);
    expect(anonymous.data).toEqual({ hello: 'hello', me: null });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('an overloaded subgraph sheds new requests', () => {
  const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hello }' }) };

  it('answers 503 with Retry-After while its event loop is late, keeps /health answering, and serves again once it caught up', async () => {
    const health = new URL('/health', served.server.url);
    expect((await served.gql('{ hello }')).status).toBe(200);

    const stall = stallEventLoop();
    // Shedding starts once two whole windows of late ticks have been measured; until then
    // requests are served, late.
    const shed = await firstShed(() => served.send(post));
    const healthDuring = await fetch(health);
    await stall.stop();

    expect(shed.status).toBe(503);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await shed.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'OVERLOADED' });
    expect(body.errors[0]!.message).toMatch(/overloaded/);
    expect(healthDuring.status).toBe(200);

    // The next on-time tick ends shedding.
    await expect.poll(async () => (await served.send(post)).status, { timeout: 2000, interval: 20 }).toBe(200);
    expect((await served.gql('{ hello }')).data).toEqual({ hello: 'hello' });
  });

  it('sheds nothing for one slow tick once the loop has been on time for two windows', async () => {
    await sleep(600);
    slowTick(500);
    const res = await served.send(post);
    expect(res.status).toBe(200);
  });
});
