// The assistant's thread tools through the gateway (offline planner): it reads a discussion thread
// to a member as a direct read would, refuses an outsider, and posts to a thread only after the
// user confirms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let member: TestUser;
let outsider: TestUser;
let threadId: string;

const ASK = `mutation($p: String!, $c: ID) { askAssistant(prompt: $p, conversationId: $c) {
  conversation { id } message { content toolCalls { tool ok } } } }`;

async function ask(user: TestUser, prompt: string, conversationId?: string) {
  const res = await t.gql(ASK, { p: prompt, c: conversationId }, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.askAssistant as { conversation: { id: string }; message: { content: string; toolCalls: { tool: string; ok: boolean }[] } };
}

const replyCount = async () => (await t.gql(`query($id: ID!) { thread(id: $id) { replyCount replies { edges { node { body } } } } }`, { id: threadId }, { token: member.token })).data!.thread;

beforeAll(async () => {
  t = await startTestStack();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Tia Threads');
  member = await signUp(t, [], 'Max Member');
  outsider = await signUp(t, [], 'Olga Outsider');
  const course = await createCourse(t, instructor, { title: 'Recursion Basics' });
  await enrol(t, member, course.id);
  const started = await t.gql(`mutation($c: ID!) { startThread(input: { courseId: $c, title: "Base cases", body: "When do we **stop**?" }) { id } }`, { c: course.id }, { token: instructor.token });
  threadId = started.data!.startThread.id;
  await t.gql(`mutation($t: ID!) { replyToThread(threadId: $t, body: "When the input is empty.") { id } }`, { t: threadId }, { token: instructor.token });
});
afterAll(async () => t?.close());

describe('the thread tools of the assistant', () => {
  it('reads a thread with its replies to a member, and tells an outsider what a direct read would refuse', async () => {
    const read = await ask(member, `show thread ${threadId}`);
    expect(read.message.content).toContain('"Base cases" by Tia Threads in "Recursion Basics", 1 replies:');
    expect(read.message.content).toContain('- Tia Threads: When the input is empty.');

    const refused = await ask(outsider, `show thread ${threadId}`);
    expect(refused.message.content).toMatch(/^I could not read the thread: Only members of this course/);
  });

  it('asks before posting a question to a thread, posts nothing until "yes", then posts it', async () => {
    const asking = await ask(member, `post "Is the empty list the only base case?" to thread ${threadId}`);
    expect(asking.message.content).toMatch(/confirm/i);
    expect(asking.message.toolCalls).toEqual([{ tool: 'post_to_thread', ok: false }]);
    expect((await replyCount()).replyCount).toBe(1);

    const confirmed = await ask(member, 'yes', asking.conversation.id);
    expect(confirmed.message.content).toBe('Your post is in the thread "Base cases".');
    expect(await replyCount()).toEqual({
      replyCount: 2,
      replies: { edges: [{ node: { body: 'When the input is empty.' } }, { node: { body: 'Is the empty list the only base case?' } }] },
    });
  });
});
