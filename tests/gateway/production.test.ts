import { codeOf, graphqlClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, valueOf } from '../support/prometheus.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
// Raw documents probe the other production behaviours; trusted documents (on by default in
// production) have their own test (tests/browser/trusted-documents.test.ts).
beforeAll(async () => void (t = await startTestStack({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'off', RATE_LIMIT_PER_MINUTE: '40', METRICS_PORT: '0' })));
afterAll(async () => t?.close());

describe('in production mode the gateway', () => {
  it('refuses introspection', async () => {
    const res = await t.gql(`{ __schema { types { name } } }`);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.data ?? null).toBeNull();
  });

  it('suggests no field names', async () => {
    const res = await t.gql(`{ courses { totalCout } }`);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('sends no stack traces', async () => {
    const res = await t.gql(`{ user(id: "nope") { id } }`);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:/);
  });

  it("answers a subgraph's refusal of a variable with the subgraph's code, and leaks no internal address", async () => {
    const direct = await t.gql(`mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { id } }`, { l: '0190a0a0-0000-7000-8000-000000000000', s: '2026-02-30T10:00:00Z' }, {});
    expect(codeOf(direct)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(direct.errors)).not.toMatch(/127\.0\.0\.1|response/);
  });

  it('serves no Sandbox page', async () => {
    const html = await (await fetch(t.url, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/EmbeddedSandbox/);
  });

  it('serves no /metrics on the public port, only on METRICS_PORT', async () => {
    expect((await fetch(t.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    expect((await fetch(t.stack.servers.catalog!.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    expect(t.platform.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await t.gql(`query ProductionProbe { categories }`);
    expect(valueOf(await scrape(t.platform.metricsUrl!), 'lg_graphql_requests_total', { service: 'gateway', operation: 'ProductionProbe' })).toBe(1);
  });

  it('answers RATE_LIMITED with Retry-After once a caller exceeds the per-minute budget', async () => {
    const gql = graphqlClient(t.url);
    const answers = [];
    for (let i = 0; i < 45; i += 1) answers.push(await gql(`{ categories }`, {}, { headers: { 'x-request-id': `rate-limit-${i}-000` } }));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(codeOf(limited[0]!)).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
