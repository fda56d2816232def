import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_OPERATION_NAMES, Metrics, OTHER_OPERATION } from '@lg/platform';
import { serveWeb } from '../../tools/dev/web.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { scrape, valueOf } from '../support/prometheus.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { subscribe, wsClient } from '../support/ws.ts';

// Every line the stack logs, parsed (the access log among them).
const lines: Record<string, unknown>[] = [];
const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };

let t: TestStack;
let instructor: TestUser;
let student: TestUser;
beforeAll(async () => {
  t = await startTestStack({ LOG_LEVEL: 'debug' }, { logDestination: destination });
  instructor = await signUp(t, ['INSTRUCTOR']);
  student = await signUp(t);
});
afterAll(async () => t?.close());

const gatewayMetrics = () => scrape(t.url.replace(/\/graphql$/, '/metrics'));
const requests = (operation: string, service = 'gateway') => async () => valueOf(await gatewayMetrics(), 'lg_graphql_requests_total', { service, operation });

describe("the gateway's /metrics", () => {
  it('parse as Prometheus text and count each named operation exactly once, under its name', async () => {
    const before = await gatewayMetrics();
    for (let i = 0; i < 3; i += 1) expect((await t.gql(`query MetricsProbe { categories }`)).errors).toBeUndefined();
    const after = await gatewayMetrics();
    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('lg_graphql_requests_total', { service: 'gateway', operation: 'MetricsProbe', type: 'query' })).toBe(3);
    expect(moved('lg_graphql_request_duration_seconds', { service: 'gateway', operation: 'MetricsProbe' })).toBe(3);
    // The first asked the catalog subgraph; the two others were answered from the response cache.
    expect(moved('lg_response_cache_lookups_total', { result: 'miss' })).toBe(1);
    expect(moved('lg_response_cache_lookups_total', { result: 'hit' })).toBe(2);
    expect(moved('lg_subgraph_fetch_duration_seconds', { subgraph: 'catalog', outcome: 'ok' })).toBe(1);
    expect(moved('lg_graphql_errors_total', { operation: 'MetricsProbe' })).toBe(0);
  });

  it('count an operation answered with an error under its name and the error code', async () => {
    const errors = async () => valueOf(await gatewayMetrics(), 'lg_graphql_errors_total', { service: 'gateway', operation: 'RefusedProbe', code: 'BAD_USER_INPUT' });
    const before = await errors();
    expect((await t.gql(`query RefusedProbe { user(id: "nope") { id } }`)).errors).toBeDefined();
    expect(await errors() - before).toBe(1);
  });

  it('count operations without a name under one label, and names past the cap under another', async () => {
    const anonymous = requests('(anonymous)');
    const before = await anonymous();
    await t.gql(`{ categories }`);
    expect(await anonymous() - before).toBe(1);
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i += 1) expect(metrics.operationLabel(`Known${i}`)).toBe(`Known${i}`);
    expect(metrics.operationLabel('OneTooMany')).toBe(OTHER_OPERATION);
    expect(metrics.operationLabel('Known7')).toBe('Known7');
  });

  it("are on each subgraph's own port too, counting the fetches it answered", async () => {
    const catalog = await scrape(t.stack.servers.catalog!.url.replace(/\/graphql$/, '/metrics'));
    // Apollo's gateway names each fetch after the operation it serves.
    expect(valueOf(catalog, 'lg_graphql_requests_total', { service: 'catalog', operation: 'MetricsProbe__catalog__0' })).toBe(1);
    expect(valueOf(catalog, 'lg_mongodb_command_duration_seconds', { command: 'find', outcome: 'ok' })).toBeGreaterThan(0);
    expect(valueOf(catalog, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('count enrolments once each, from the events written', async () => {
    const course = await createCourse(t, instructor);
    const enrolments = async () => valueOf(await gatewayMetrics(), 'lg_enrolments_total', { change: 'created' });
    const before = await enrolments();
    await enrol(t, student, course.id);
    await vi.waitFor(async () => expect(await enrolments() - before).toBe(1), { timeout: 5000 });
    expect(valueOf(await gatewayMetrics(), 'lg_events_appended_total', { type: 'EnrollmentCreated' })).toBe(before + 1);
  });

  it("show each event consumer's lag behind the log, back to zero once it caught up", async () => {
    const head = await t.platform.eventLog.lastSeq();
    await vi.waitFor(async () => {
      const lags = (await gatewayMetrics()).samples.filter((s) => s.name === 'lg_event_consumer_lag_events');
      // Every consumer of every subgraph in this process, none further behind than the whole log.
      expect(lags.length).toBeGreaterThan(20);
      expect(lags.filter((s) => s.value < 0 || s.value > head)).toEqual([]);
      // The assessment subgraph's copy of enrolments has reached the enrolment made above.
      expect(lags.find((s) => s.labels.consumer === 'assessment.enrollments')?.value).toBe(0);
    }, { timeout: 5000, interval: 100 });
  });

  it('count open subscriptions', async () => {
    const open = async () => valueOf(await gatewayMetrics(), 'lg_subscriptions_open');
    const client = wsClient(t.url, student.token);
    const subscription = subscribe(client, `subscription { notificationAdded { id } }`);
    try {
      await vi.waitFor(() => expect(t.stack.gateway.activeSubscriptions()).toBe(1), { timeout: 5000 });
      expect(await open()).toBe(1);
    } finally {
      subscription.unsubscribe();
      await client.dispose();
    }
    await vi.waitFor(async () => expect(await open()).toBe(0), { timeout: 5000 });
  });

  it('have every metric that the Grafana dashboard queries', async () => {
    const dashboard = readFileSync(path.resolve(import.meta.dirname, '../../deploy/grafana/learning-graph.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b(?:lg|process|nodejs)_[a-z0-9_]+/g)].map(([name]) => name));
    expect(queried.size).toBeGreaterThan(10);
    const { families } = await gatewayMetrics();
    const missing = [...queried].filter((name) => {
      const histogram = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
      return !families.has(name) && !(histogram && families.get(histogram)?.type === 'HISTOGRAM');
    });
    expect(missing).toEqual([]);
  });
});

describe('the access log', () => {
  const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId && (l.msg === 'request' || l.msg === 'request failed'));

  it('has one line per request with its operation, status, duration, caller kind and request id, and no token, variables or cookie', async () => {
    const secret = 'a-variable-nobody-should-log';
    const res = await t.gql(`query AccessLogged($id: ID!) { user(id: $id) { id } }`, { id: secret }, {
      token: student.token, headers: { 'x-request-id': 'access-log-user-0001', cookie: 'session=a-cookie-nobody-should-log' },
    });
    expect(res.headers.get('x-request-id')).toBe('access-log-user-0001');
    await vi.waitFor(() => expect(linesOf('access-log-user-0001')).toHaveLength(1));
    expect(linesOf('access-log-user-0001')[0]).toMatchObject({
      level: 30, operation: 'AccessLogged', status: 200, caller: 'user', req: { method: 'POST', path: '/graphql' },
    });
    expect(linesOf('access-log-user-0001')[0]!.durationMs).toEqual(expect.any(Number));
    const everything = JSON.stringify(lines);
    for (const leak of [student.token, secret, 'a-cookie-nobody-should-log']) expect(everything).not.toContain(leak);
  });

  it('makes a request id when the caller sent none, the same one the response and errors carry', async () => {
    const res = await t.gql(`query NoIdGiven { user(id: "nope") { id } }`);
    const id = res.headers.get('x-request-id')!;
    expect(res.errors![0]!.extensions!.requestId).toBe(id);
    await vi.waitFor(() => expect(linesOf(id)).toMatchObject([{ operation: 'NoIdGiven', caller: 'anonymous' }]));
  });

  it('tells API keys from user tokens by the shape of the header alone', async () => {
    await t.gql(`{ categories }`, {}, { headers: { 'x-api-key': 'lg_test_not_a_real_key', 'x-request-id': 'access-log-key-0001' } });
    await t.gql(`{ categories }`, {}, { headers: { authorization: 'Bearer lg_test_not_a_real_key', 'x-request-id': 'access-log-key-0002' } });
    await vi.waitFor(() => {
      expect(linesOf('access-log-key-0001')).toMatchObject([{ caller: 'api-key' }]);
      expect(linesOf('access-log-key-0002')).toMatchObject([{ caller: 'api-key', status: 401, level: 40 }]);
    });
    expect(JSON.stringify(lines)).not.toContain('lg_test_not_a_real_key');
  });

  it('writes health probes and metric scrapes at debug level only', async () => {
    await fetch(t.url.replace(/\/graphql$/, '/health'), { headers: { 'x-request-id': 'access-log-probe-0001' } });
    await fetch(t.url.replace(/\/graphql$/, '/metrics'), { headers: { 'x-request-id': 'access-log-scrape-001' } });
    await vi.waitFor(() => {
      expect(linesOf('access-log-probe-0001')).toMatchObject([{ level: 20, status: 200 }]);
      expect(linesOf('access-log-scrape-001')).toMatchObject([{ level: 20, status: 200 }]);
    });
  });
});

describe('the web origin', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'lg-web-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Learning Graph</title>');
  let development: Server;
  beforeAll(async () => {
    t.stack.gateway.app.use(serveWeb({ production: true }, dist));
    const serve = serveWeb({ production: false }, dist);
    development = createServer((req, res) => serve(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => development.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => development?.close());

  it('answers with a strict Content-Security-Policy, frames refused, nosniff, a referrer policy and HSTS in production', async () => {
    const res = await fetch(t.url.replace(/\/graphql$/, '/courses/some-course'));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp.split(';')).toEqual(expect.arrayContaining(["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"]));
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends no HSTS outside production, with the same policy', async () => {
    const res = await fetch(`http://127.0.0.1:${(development.address() as AddressInfo).port}/`);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
