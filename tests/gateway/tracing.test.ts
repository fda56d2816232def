import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID_ATTRIBUTE } from '@lg/platform';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../tools/otlp-receiver/launcher.ts';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';
import { hasSpan as has, orphans, spansOf, upstreamCaller as upstream } from '../support/traces.ts';

// The stack exports its traces to a real OTLP/HTTP receiver on loopback; the test calls the
// gateway as an upstream service would, with its own W3C trace context and request id.
let receiver: OtlpReceiver;
let t: TestStack;
let overHttp: TestStack;
let redis: TestRedis;
beforeAll(async () => {
  [receiver, redis] = await Promise.all([startOtlpReceiver(), TestRedis.start()]);
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint };
  // Subgraphs called in the gateway's process, and over loopback HTTP (that one with Redis, for
  // the cost budget): the context crosses both.
  [t, overHttp] = await Promise.all([startTestStack(tracing), startTestStack({ ...tracing, REDIS_URL: redis.url }, { subgraphsOverHttp: true })]);
});
afterAll(async () => {
  await overHttp?.close();
  await t?.close();
  await Promise.all([receiver?.stop(), redis?.kill()]);
});

const SERVER = 2;
const CONSUMER = 5;

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it.each([['in process', () => t, false], ['over HTTP, with Redis', () => overHttp, true]])('exports one connected trace for a federated query (subgraphs %s): gateway, each subgraph and MongoDB, all with the request id', async (_, stack, withRedis) => {
    const t = stack();
    const user = await signUp(t, [], 'Traced');
    const caller = upstream();
    const res = await t.gql('{ me { id displayName taughtCourses { id } } }', {}, { token: user.token, headers: caller.headers });
    expect(res.data).toEqual({ me: { id: user.id, displayName: 'Traced', taughtCourses: [] } });

    const spans = await spansOf(receiver, caller.traceId, (s) => has(s, 'identity', 'mongodb find') && has(s, 'catalog', 'mongodb find'));
    const gatewayServer = spans.find((s) => s.kind === SERVER && s.name === 'POST /graphql' && s.service === 'test');
    expect(gatewayServer?.parentSpanId).toBe(caller.parentSpanId);
    expect(spans.filter((s) => s.service === 'test').map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute']));
    expect(spans.filter((s) => s.name === 'gateway.fetch').map((s) => s.attributes.service).sort()).toEqual(['catalog', 'identity']);
    for (const subgraph of ['identity', 'catalog']) {
      const server = spans.find((s) => s.service === subgraph && s.kind === SERVER);
      // A subgraph's server span is the child of the gateway's fetch of that subgraph.
      expect(spans.find((s) => s.spanId === server?.parentSpanId)).toMatchObject({ name: 'gateway.fetch', attributes: { service: subgraph } });
      expect(has(spans, subgraph, 'mongodb find')).toBe(true);
    }
    // The gateway spends the caller's cost budget in Redis while it plans.
    if (withRedis) expect(spans.filter((s) => s.service === 'test' && s.name.startsWith('redis ')).length).toBeGreaterThan(0);
    // Connected: every parent is in the trace, or is the upstream caller's span.
    expect(orphans(spans, caller.parentSpanId)).toEqual([]);
    expect(spans.filter((s) => s.attributes[REQUEST_ID_ATTRIBUTE] !== caller.requestId)).toEqual([]);
    // And the request made no other trace.
    const elsewhere = (await receiver.spans()).filter((s) => s.attributes[REQUEST_ID_ATTRIBUTE] === caller.requestId && s.traceId !== caller.traceId);
    expect(elsewhere).toEqual([]);
  });

  it("continues a mutation's trace in the other subgraphs that consume its event", async () => {
    const caller = upstream();
    const email = `traced.${Date.now()}@example.com`;
    const res = await t.gql(
      'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
      { input: { email, password: 'a long password 42', displayName: 'Traced Registrant' } },
      { headers: caller.headers },
    );
    expect(res.errors).toBeUndefined();

    const consumed = (s: ReceivedSpan[]) => s.filter((span) => span.kind === CONSUMER && span.name === 'consume UserRegistered');
    const spans = await spansOf(receiver, caller.traceId, (s) => consumed(s).length > 0);
    expect(consumed(spans).length).toBeGreaterThan(0);
    expect(orphans(spans, caller.parentSpanId)).toEqual([]);
    for (const span of consumed(spans)) {
      expect(span.attributes[REQUEST_ID_ATTRIBUTE]).toBe(caller.requestId);
    }
    const event = await t.platform.db.collection('platform_events').findOne({ type: 'UserRegistered', 'data.email': email });
    expect(event?.trace).toMatchObject({ traceparent: expect.stringContaining(caller.traceId), 'x-request-id': caller.requestId });
  });

  it('starts a fresh trace for a malformed traceparent, and keeps neither baggage nor a long tracestate from the caller', async () => {
    const email = `forged.${Date.now()}@example.com`;
    const res = await t.gql(
      'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
      { input: { email, password: 'a long password 42', displayName: 'Forged Context' } },
      { headers: { traceparent: `00-${'z'.repeat(32)}-${'0'.repeat(16)}-01`, tracestate: `k=${'v'.repeat(250)}`, baggage: `secret=${'x'.repeat(4000)}` } },
    );
    expect(res.errors).toBeUndefined();
    const event = await t.platform.db.collection('platform_events').findOne({ type: 'UserRegistered', 'data.email': email });
    expect(Object.keys(event?.trace ?? {}).sort()).toEqual(['traceparent', 'x-request-id']);
    expect(event!.trace.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(event!.trace.traceparent).not.toContain('z');
  });
});
