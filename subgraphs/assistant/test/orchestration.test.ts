import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startSubgraph, type RunningServer } from '@lg/platform';
import { codeOf, graphqlClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../../../tests/support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../../../tests/support/stack.ts';
import { createAssistantSubgraph, OpenAICompatibleProvider, type AssistantOptions, type AssistantSubgraph } from '../src/index.ts';
import { scriptedModel, type ScriptedModel } from './scripted-model.ts';


let t: TestStack;
let model: ScriptedModel;
let instructor: TestUser;
let freeCourse: { id: string; slug: string };
const extra: { subgraph: AssistantSubgraph; server: RunningServer }[] = [];

/** Another assistant instance on the same platform and gateway, with its own settings and model. */
async function assistant(env: Record<string, string>, options: AssistantOptions = {}) {
  const subgraph = await createAssistantSubgraph(t.platform, { env, ...options });
  subgraph.gatewayStarted!(t.url);
  const server = await startSubgraph(subgraph, t.platform);
  extra.push({ subgraph, server });
  return { subgraph, server, gql: graphqlClient(server.url, { signWith: t.platform.subgraphSecret }), base: server.url.replace(/\/graphql$/, '') };
}

beforeAll(async () => {
  t = await startTestStack();
  model = await scriptedModel();
  instructor = await signUp(t, ['INSTRUCTOR']);
  freeCourse = await createCourse(t, instructor, { title: 'Scripted Python', tags: ['python'] });
});
afterAll(async () => {
  for (const { subgraph, server } of extra) { await server.stop(); await subgraph.stop?.(); }
  await model?.close();
  await t?.close();
});

const ASK = `mutation($p: String!, $c: ID, $auto: Boolean) { askAssistant(prompt: $p, conversationId: $c, autoConfirm: $auto) {
  conversation { id messages { role content toolCalls { tool arguments ok result } } } message { content toolCalls { tool ok result } } } }`;

describe('the OpenAI-compatible provider against a scripted model', () => {
  it('sends the catalog as tools with the key and model, runs the calls, and answers unknown tools and malformed arguments as results', async () => {
    const a = await assistant({ ASSISTANT_BASE_URL: model.url, ASSISTANT_API_KEY: 'sk-test', ASSISTANT_MODEL: 'scripted-1' });
    const student = await signUp(t);
    model.script.push(
      { toolCalls: [
        { name: 'drop_database', arguments: '{}' },
        { name: 'search_courses', arguments: '{"search": "python"' },
        { name: 'search_courses', arguments: '{"search": 42}' },
        { name: 'search_courses', arguments: '{"search": "python", "sudo": true}' },
        { name: 'search_courses', arguments: '{"search": "python"}' },
      ] },
      { content: 'There is Scripted Python.' },
    );
    const res = await a.gql(ASK, { p: 'find python courses' }, { token: student.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.askAssistant.message.content).toBe('There is Scripted Python.');

    const [first, second] = model.requests.slice(-2);
    expect(first.path).toBe('/v1/chat/completions');
    expect(first.authorization).toBe('Bearer sk-test');
    expect(first.body.model).toBe('scripted-1');
    const search = first.body.tools.find((tool: any) => tool.function.name === 'search_courses');
    expect(search.function.parameters).toMatchObject({ type: 'object', required: ['search'] });
    expect(first.body.messages[0].role).toBe('system');
    expect(first.body.messages.at(-1)).toEqual({ role: 'user', content: 'find python courses' });

    const toolMessages = second.body.messages.filter((m: any) => m.role === 'tool');
    expect(toolMessages).toHaveLength(5);
    const [unknown, malformed, wrongType, extraArg, ok] = toolMessages.map((m: any) => JSON.parse(m.content));
    expect(unknown.error.code).toBe('UNKNOWN_TOOL');
    expect(malformed.error.code).toBe('BAD_TOOL_ARGUMENTS');
    expect(wrongType.error.code).toBe('BAD_TOOL_ARGUMENTS');
    expect(extraArg.error.message).toContain('sudo');
    expect(ok.courses.edges.map((e: any) => e.node.title)).toEqual(['Scripted Python']);

    // Every call is persisted with its outcome.
    const stored = res.data!.askAssistant.conversation.messages;
    expect(stored.map((m: any) => m.role)).toEqual(['USER', 'ASSISTANT', 'ASSISTANT']);
    expect(stored[1].toolCalls.map((c: any) => [c.tool, c.ok])).toEqual([
      ['drop_database', false], ['search_courses', false], ['search_courses', false], ['search_courses', false], ['search_courses', true],
    ]);
  });

  it('asks before a mutating call, runs it on "yes", and stops after the bounded number of rounds', async () => {
    const a = await assistant({ ASSISTANT_BASE_URL: model.url, ASSISTANT_MAX_ROUNDS: '2' });
    const student = await signUp(t);
    model.script.push({ toolCalls: [{ name: 'enroll_in_course', arguments: JSON.stringify({ courseId: freeCourse.id }) }] });
    const asked = await a.gql(ASK, { p: 'enrol me please' }, { token: student.token });
    expect(asked.data!.askAssistant.message.content).toMatch(/reply "yes"/i);
    expect((await t.gql(`{ myEnrollments { totalCount } }`, {}, { token: student.token })).data!.myEnrollments.totalCount).toBe(0);
    model.script.push({ content: 'You are in.' });
    const yes = await a.gql(ASK, { p: 'yes', c: asked.data!.askAssistant.conversation.id }, { token: student.token });
    expect(yes.data!.askAssistant.message.content).toBe('You are in.');
    expect((await t.gql(`{ myEnrollments { totalCount } }`, {}, { token: student.token })).data!.myEnrollments.totalCount).toBe(1);
    // The model saw the enrolment's result after the confirmation.
    const seen = model.requests.at(-1).body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(seen.at(-1)).toContain('enrollInFreeCourse');

    model.script.push(...Array.from({ length: 3 }, () => ({ toolCalls: [{ name: 'list_courses', arguments: '{}' }] })));
    const looping = await a.gql(ASK, { p: 'loop forever' }, { token: student.token });
    expect(looping.data!.askAssistant.message.content).toMatch(/stopped after 2 rounds/);
    model.script.length = 0;
  });

  it('refunds the asking user\'s own order after a "yes", and gets FORBIDDEN for someone else\'s', async () => {
    const a = await assistant({ ASSISTANT_BASE_URL: model.url });
    const paid = await createCourse(t, instructor, { title: 'Scripted Refunds', priceCents: 2_900 });
    const buyer = await signUp(t);
    expect((await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: paid.id }, { token: buyer.token })).errors).toBeUndefined();
    const bought = await t.gql(`mutation { checkout(idempotencyKey: "assistant-refund-1", paymentToken: "tok_ok") { id status } }`, {}, { token: buyer.token });
    expect(bought.data!.checkout.status).toBe('PAID');
    const orderId = bought.data!.checkout.id as string;

    const someoneElse = await signUp(t);
    model.script.push({ toolCalls: [{ name: 'refund_order', arguments: JSON.stringify({ id: orderId }) }] });
    const theirs = await a.gql(ASK, { p: 'refund that order', auto: true }, { token: someoneElse.token });
    model.script.length = 0;
    const refused = model.requests.at(-1).body.messages.filter((m: any) => m.role === 'tool').map((m: any) => JSON.parse(m.content));
    expect(refused.at(-1).errors.map((e: any) => e.code)).toEqual(['FORBIDDEN']);
    expect(theirs.errors).toBeUndefined();

    model.script.push({ toolCalls: [{ name: 'refund_order', arguments: JSON.stringify({ id: orderId, reason: 'Changed my mind' }) }] });
    const asked = await a.gql(ASK, { p: 'refund my order' }, { token: buyer.token });
    expect(asked.data!.askAssistant.message.content).toMatch(/reply "yes"/i);
    const order = `query($id: ID!) { order(id: $id) { status refundReason } }`;
    expect((await t.gql(order, { id: orderId }, { token: buyer.token })).data!.order.status).toBe('PAID');
    model.script.push({ content: 'Refunded.' });
    const yes = await a.gql(ASK, { p: 'yes', c: asked.data!.askAssistant.conversation.id }, { token: buyer.token });
    expect(yes.data!.askAssistant.message.content).toBe('Refunded.');
    expect((await t.gql(order, { id: orderId }, { token: buyer.token })).data!.order).toEqual({ status: 'REFUNDED', refundReason: 'Changed my mind' });
  });

  it('cuts long tool results before the model sees them', async () => {
    const a = await assistant({ ASSISTANT_BASE_URL: model.url, ASSISTANT_TOOL_RESULT_CHARS: '200' });
    const student = await signUp(t);
    model.script.push({ toolCalls: [{ name: 'get_course', arguments: JSON.stringify({ id: freeCourse.id }) }] }, { content: 'ok' });
    await a.gql(ASK, { p: 'tell me about it' }, { token: student.token });
    const tool = model.requests.at(-1).body.messages.find((m: any) => m.role === 'tool');
    expect(tool.content.length).toBeLessThanOrEqual(200);
    expect(tool.content).toMatch(/truncated \d+ characters/);
  });

  it('answers with an apology, not a crash, when the model is unreachable', async () => {
    const a = await assistant({}, { provider: new OpenAICompatibleProvider({ baseUrl: 'http://127.0.0.1:9/v1', model: 'x', timeoutMs: 2000 }) });
    const student = await signUp(t);
    const res = await a.gql(ASK, { p: 'hello' }, { token: student.token });
    expect(res.data!.askAssistant.message.content).toMatch(/model failed/);
  });
});

describe('limits', () => {
  it('bounds prompts (BAD_USER_INPUT) and each user\'s requests and tokens (RATE_LIMITED)', async () => {
    const a = await assistant({ ASSISTANT_REQUESTS_PER_MINUTE: '2', ASSISTANT_MAX_PROMPT_CHARS: '50' });
    const student = await signUp(t);
    expect(codeOf(await a.gql(ASK, { p: 'x'.repeat(51) }, { token: student.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(ASK, { p: '   ' }, { token: student.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(ASK, { p: 'hi', c: 'not-an-id' }, { token: student.token }))).toBe('BAD_USER_INPUT');
    expect((await a.gql(ASK, { p: 'hi' }, { token: student.token })).errors).toBeUndefined();
    expect((await a.gql(ASK, { p: 'hi' }, { token: student.token })).errors).toBeUndefined();
    const limited = await a.gql(ASK, { p: 'hi' }, { token: student.token });
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    // Another user has their own budget.
    expect((await a.gql(ASK, { p: 'hi' }, { token: (await signUp(t)).token })).errors).toBeUndefined();

    const b = await assistant({ ASSISTANT_TOKENS_PER_DAY: '100' });
    const talker = await signUp(t);
    await b.gql(ASK, { p: 'x'.repeat(400) }, { token: talker.token });
    expect(codeOf(await b.gql(ASK, { p: 'hi' }, { token: talker.token }))).toBe('RATE_LIMITED');
  });
});

describe('POST /v1/ai/chat', () => {
  it('is askAssistant over REST, as the bearer token\'s user', async () => {
    const base = t.stack.servers.assistant!.url.replace(/\/graphql$/, '');
    const student = await signUp(t);
    const post = (body: unknown, token?: string) => fetch(`${base}/v1/ai/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
    });
    expect((await post({ prompt: 'hi' })).status).toBe(401);
    expect((await post({ prompt: 'hi' }, 'not.a.token')).status).toBe(401);
    expect((await post({ prompt: 12 }, student.token)).status).toBe(400);
    const found = await post({ prompt: 'find python courses' }, student.token);
    expect(found.status).toBe(200);
    const body = await found.json() as any;
    expect(body.message.content).toContain('Scripted Python');
    expect(body.message.toolCalls).toEqual([]);
    const enrol = await (await post({ prompt: 'enrol me in Scripted Python', conversationId: body.conversationId }, student.token)).json() as any;
    expect(enrol.awaitingConfirmation).toBe(true);
    const yes = await (await post({ prompt: 'yes', conversationId: body.conversationId }, student.token)).json() as any;
    expect(yes.message.content).toContain('You are enrolled in "Scripted Python"');
    const other = await post({ prompt: 'hi', conversationId: body.conversationId }, (await signUp(t)).token);
    expect(other.status).toBe(404);
  });
});

describe('the MCP endpoint', () => {
  it('lists the same catalog and calls a query tool and a mutating tool as the token\'s user', async () => {
    const base = t.stack.servers.assistant!.url.replace(/\/graphql$/, '');
    const student = await signUp(t);
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${student.token}` } } }));
    try {
      const { tools } = await client.listTools();
      const catalog = t.stack.subgraphs.assistant.catalog.tools;
      expect(tools.map((tool) => tool.name)).toEqual(catalog.map((tool) => tool.name));
      const enrol = tools.find((tool) => tool.name === 'enroll_in_course')!;
      expect(enrol.inputSchema).toMatchObject({ type: 'object', required: ['courseId'] });
      expect(enrol.annotations?.readOnlyHint).toBe(false);

      const found = await client.callTool({ name: 'search_courses', arguments: { search: 'python' } });
      expect(found.isError).toBe(false);
      const text = (found.content as { type: string; text: string }[])[0]!.text;
      expect(JSON.parse(text).courses.edges.map((e: any) => e.node.id)).toContain(freeCourse.id);

      const enrolled = await client.callTool({ name: 'enroll_in_course', arguments: { courseId: freeCourse.id } });
      expect(enrolled.isError).toBe(false);
      expect((await t.gql(`{ myEnrollments { edges { node { course { id } } } } }`, {}, { token: student.token })).data!.myEnrollments.edges)
        .toEqual([{ node: { course: { id: freeCourse.id } } }]);

      const refused = await client.callTool({ name: 'get_my_orders', arguments: { first: 1000 } });
      expect(refused.isError).toBe(true);
      const unknown = await client.callTool({ name: 'nope', arguments: {} });
      expect(unknown.isError).toBe(true);
    } finally {
      await client.close();
    }
    const anonymous = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(anonymous.status).toBe(401);
  });
});
