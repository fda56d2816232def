import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSubgraph, type RunningServer } from '@lg/platform';
import { graphqlClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../../../tests/support/catalog.ts';
import { CREATE_GROUP, SCHEDULE, inHours } from '../../../tests/support/community.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../../../tests/support/stack.ts';
import { createAssistantSubgraph, type AssistantSubgraph } from '../src/index.ts';

// The assistant's study group and event tools, called by a scripted OpenAI-compatible model through
// the real gateway as the asking user: listing my groups and finding a course's groups run at once;
// RSVP to an event mutates, so it waits for the user's "yes".

let t: TestStack;
let student: TestUser;
let courseId: string;
let eventId: string;
let groupId: string;
const script: any[] = [];
const requests: any[] = [];
let modelUrl = '';
let close = async () => undefined as unknown;
let assistant: { subgraph: AssistantSubgraph; server: RunningServer };

const ASK = `mutation($p: String!, $c: ID) { askAssistant(prompt: $p, conversationId: $c) { conversation { id } message { content toolCalls { tool ok result } } } }`;

beforeAll(async () => {
  t = await startTestStack();
  const read = async (req: IncomingMessage) => { let body = ''; for await (const chunk of req) body += chunk; return body; };
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req));
    requests.push(body);
    const next = script.shift() ?? { content: 'Done.' };
    const message = { role: 'assistant', content: next.content ?? null, ...(next.toolCalls ? { tool_calls: next.toolCalls.map((c: any, i: number) => ({ id: `call_${requests.length}_${i}`, type: 'function', function: c })) } : {}) };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message, finish_reason: next.toolCalls ? 'tool_calls' : 'stop' }], usage: { total_tokens: 50 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  close = () => new Promise((resolve) => server.close(() => resolve(undefined)));
  const subgraph = await createAssistantSubgraph(t.platform, { env: { ASSISTANT_BASE_URL: modelUrl } });
  subgraph.gatewayStarted!(t.url);
  assistant = { subgraph, server: await startSubgraph(subgraph, t.platform) };

  const instructor = await signUp(t, ['INSTRUCTOR'], 'Tool Instructor');
  student = await signUp(t, [], 'Tool Student');
  courseId = (await createCourse(t, instructor, { title: 'Tools course' })).id;
  await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, { token: student.token });
  groupId = (await t.gql(CREATE_GROUP, { input: { name: 'Tool users', courseIds: [courseId], capacity: 4 } }, { token: student.token })).data!.createStudyGroup.id;
  eventId = (await t.gql(SCHEDULE, { input: { courseId, title: 'Tool talk', startsAt: inHours(20), durationMinutes: 30, place: 'Lab 2', capacity: 2 } }, { token: instructor.token })).data!.scheduleEvent.id;
});
afterAll(async () => {
  await assistant?.server.stop();
  await assistant?.subgraph.stop?.();
  await close();
  await t?.close();
});

const ask = (prompt: string, conversationId?: string) =>
  graphqlClient(assistant.server.url, { signWith: t.platform.subgraphSecret })(ASK, { p: prompt, c: conversationId ?? null }, { token: student.token });
const toolResults = () => requests.at(-1).messages.filter((m: any) => m.role === 'tool').map((m: any) => JSON.parse(m.content));

describe('study group and event tools of the assistant', () => {
  it('lists my groups and finds the groups of a course, as the asking user', async () => {
    script.push(
      { toolCalls: [{ name: 'list_my_study_groups', arguments: '{}' }, { name: 'find_study_groups', arguments: JSON.stringify({ courseId, search: 'tool' }) }] },
      { content: 'You are in Tool users.' },
    );
    const res = await ask('which study groups am I in, and which are there for my course?');
    expect(res.errors).toBeUndefined();
    const [mine, found] = toolResults();
    expect(mine.studyGroups.edges.map((e: any) => [e.node.id, e.node.viewerStatus])).toEqual([[groupId, 'OWNER']]);
    expect(found.studyGroups.edges.map((e: any) => e.node.name)).toEqual(['Tool users']);
    expect(found.suggestedStudyGroups).toEqual([]);
  });

  it('asks before answering an event, and RSVPs only after "yes"', async () => {
    script.push({ toolCalls: [{ name: 'rsvp_to_event', arguments: JSON.stringify({ eventId, response: 'GOING' }) }] });
    const asked = await ask('sign me up for the tool talk');
    expect(asked.data!.askAssistant.message.content).toMatch(/reply "yes"/i);
    const read = `query($e: ID!) { communityEvent(id: $e) { goingCount viewerRsvp } }`;
    expect((await t.gql(read, { e: eventId }, { token: student.token })).data!.communityEvent).toEqual({ goingCount: 0, viewerRsvp: null });
    script.push({ content: 'You are going.' });
    const yes = await ask('yes', asked.data!.askAssistant.conversation.id);
    expect(yes.data!.askAssistant.message.content).toBe('You are going.');
    expect((await t.gql(read, { e: eventId }, { token: student.token })).data!.communityEvent).toEqual({ goingCount: 1, viewerRsvp: 'GOING' });
  });
});
