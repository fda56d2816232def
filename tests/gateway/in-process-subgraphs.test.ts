import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace, ProxyTracerProvider } from '@opentelemetry/api';
import { signatureHeaders, tracingOn } from '@lg/platform';
import { codeOf } from '@lg/platform/testing';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';

// In one process the gateway calls its subgraphs without HTTP, with the request it would send.
let t: TestStack;
let overHttp: TestStack;
beforeAll(async () => {
  [t, overHttp] = await Promise.all([startTestStack(), startTestStack({}, { subgraphsOverHttp: true })]);
});
afterAll(async () => {
  await t?.close();
  await overHttp?.close();
});

/** How many HTTP requests the identity subgraph's port receives while `work` runs. */
async function httpRequestsToIdentity(stack: TestStack, work: () => Promise<unknown>): Promise<number> {
  let requests = 0;
  const count = () => void (requests += 1);
  stack.stack.servers.identity!.httpServer.on('request', count);
  try {
    await work();
  } finally {
    stack.stack.servers.identity!.httpServer.off('request', count);
  }
  return requests;
}

const ME = '{ me { id displayName } }';

describe('a gateway in the same process as its subgraphs', () => {
  it('answers a signed-in query with no HTTP request to the subgraph, which still sees the caller', async () => {
    const user = await signUp(t, [], 'In Process');
    let me: Awaited<ReturnType<TestStack['gql']>> | undefined;
    expect(await httpRequestsToIdentity(t, async () => void (me = await t.gql(ME, {}, { token: user.token })))).toBe(0);
    expect(me!.data).toEqual({ me: { id: user.id, displayName: 'In Process' } });
  });

  it('goes over loopback HTTP when asked to, with the same answer', async () => {
    const user = await signUp(overHttp, [], 'Over Http');
    let me: Awaited<ReturnType<TestStack['gql']>> | undefined;
    expect(await httpRequestsToIdentity(overHttp, async () => void (me = await overHttp.gql(ME, {}, { token: user.token })))).toBe(1);
    expect(me!.data).toEqual({ me: { id: user.id, displayName: 'Over Http' } });
  });
});

describe("a subgraph's in-process entry", () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const call = (headers: Record<string, string>, sent = body) => t.stack.servers.identity!.fetch(t.stack.servers.identity!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent });
  const signed = () => signatureHeaders(t.platform.subgraphSecret, { method: 'POST', path: '/graphql', body });

  it('answers a request the gateway signed', async () => {
    const res = await call(signed());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an unsigned request as its port does, with 401 SIGNATURE_MISSING', async () => {
    const res = await call({});
    expect(res.status).toBe(401);
    const answer = await res.json() as { errors: { extensions: Record<string, unknown> }[] };
    expect(answer.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SIGNATURE_MISSING' });
  });

  it('refuses a body other than the one signed, with 401 SIGNATURE_MISMATCH', async () => {
    const res = await call(signed(), JSON.stringify({ query: '{ me { id } }' }));
    expect(res.status).toBe(401);
    const answer = await res.json() as { errors: { extensions: Record<string, unknown> }[] };
    expect(answer.errors[0]!.extensions).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
  });

  it('refuses a bad bearer token with 401, as over HTTP', async () => {
    const res = await call({ ...signed(), authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
    expect(codeOf({ status: 401, headers: res.headers, ...(await res.json() as object) })).toBe('UNAUTHENTICATED');
  });

  it('gives up when the caller aborts, with the reason it was given', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline');
    const pending = t.stack.servers.identity!.fetch(t.stack.servers.identity!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...signed() }, body, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('starts no tracing SDK, and a request with a trace context records none on its events', async () => {
    expect(tracingOn()).toBe(false);
    expect((trace.getTracerProvider() as ProxyTracerProvider).getDelegate().constructor.name).toBe('NoopTracerProvider');
    const email = `untraced.${Date.now()}@example.com`;
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    const res = await t.gql('mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
      { input: { email, password: 'a long password 42', displayName: 'Untraced' } }, { headers: { traceparent } });
    expect(res.errors).toBeUndefined();
    const event = await t.platform.db.collection('platform_events').findOne({ type: 'UserRegistered', 'data.email': email });
    expect(event).not.toBeNull();
    expect(event!.trace).toBeUndefined();
  });
});
