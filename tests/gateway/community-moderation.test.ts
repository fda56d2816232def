import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Moderation's bad inputs through the gateway: each is refused with its code, and nothing changes.

let t: TestStack;
let instructor: TestUser;
let author: TestUser;
let member: TestUser;
let reporter: TestUser;
let courseId: string;

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Bad Input Instructor');
  author = await signUp(t, [], 'Bad Input Author');
  member = await signUp(t, [], 'Bad Input Member');
  reporter = await signUp(t, [], 'Bad Input Reporter');
  courseId = (await createCourse(t, instructor, { title: 'Moderation bad inputs' })).id;
  for (const user of [author, member, reporter]) await enrol(t, user, courseId);
});
afterAll(async () => t?.close());

async function ok(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
const codeOf = async (user: TestUser, query: string, variables: Record<string, unknown>) => {
  const res = await t.gql(query, variables, { token: user.token });
  return res.errors?.map((e) => e.extensions?.code);
};
const send = async (body: string) => (await ok(author, `mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c: courseId, b: body })).sendChatMessage.id as string;
/** The message as staff see it (hidden ones too). */
const message = async (id: string) => (await ok(instructor, `query($id: ID!) { chatMessage(id: $id) { body editedAt hiddenAt } }`, { id })).chatMessage;
const EDIT = `mutation($k: PostKind!, $id: ID!, $b: String!, $t: String) { editPost(input: { kind: $k, id: $id, body: $b, title: $t }) { __typename } }`;
const REPORT = `mutation($id: ID!, $r: String!) { reportPost(input: { kind: CHAT_MESSAGE, id: $id, reason: $r }) { id status } }`;
const RESOLVE = `mutation($r: ID!, $a: ReportAction!, $n: String) { resolveReport(input: { reportId: $r, action: $a, note: $n }) { status resolution } }`;
const queue = async () => (await ok(instructor, `query($c: ID!) { moderationQueue(courseId: $c, first: 100) { edges { node { id postId reporter { id } } } } }`, { c: courseId })).moderationQueue.edges.map((e: any) => e.node);

describe('moderation refuses bad inputs and changes nothing', () => {
  it("editing someone else's message is FORBIDDEN, even for staff, and leaves it as it was", async () => {
    const id = await send('Mine');
    expect(await codeOf(member, EDIT, { k: 'CHAT_MESSAGE', id, b: 'Not yours' })).toEqual(['FORBIDDEN']);
    expect(await codeOf(instructor, EDIT, { k: 'CHAT_MESSAGE', id, b: 'Not yours either' })).toEqual(['FORBIDDEN']);
    expect(await message(id)).toEqual({ body: 'Mine', editedAt: null, hiddenAt: null });
  });

  it('an edit over the limit of its kind (2000 characters for chat), empty, or with a title on a message is BAD_USER_INPUT', async () => {
    const id = await send('Short');
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id, b: 'x'.repeat(2001) })).toEqual(['BAD_USER_INPUT']);
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id, b: '   ' })).toEqual(['BAD_USER_INPUT']);
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id, b: 'Fine', t: 'A title' })).toEqual(['BAD_USER_INPUT']);
    expect(await message(id)).toEqual({ body: 'Short', editedAt: null, hiddenAt: null });
    // Exactly at the limit is accepted.
    await ok(author, EDIT, { k: 'CHAT_MESSAGE', id, b: 'y'.repeat(2000) });
    expect((await message(id)).body).toHaveLength(2000);
  });

  it('a question edited with a title under 3 characters or a body over 10000 is BAD_USER_INPUT, unchanged', async () => {
    const id = (await ok(author, `mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Original title", body: "Original body" }) { id } }`, { c: courseId })).askQuestion.id;
    expect(await codeOf(author, EDIT, { k: 'QUESTION', id, b: 'Body', t: 'ab' })).toEqual(['BAD_USER_INPUT']);
    expect(await codeOf(author, EDIT, { k: 'QUESTION', id, b: 'z'.repeat(10_001) })).toEqual(['BAD_USER_INPUT']);
    const question = (await ok(instructor, `query($id: ID!) { question(id: $id) { title body editedAt } }`, { id })).question;
    expect(question).toEqual({ title: 'Original title', body: 'Original body', editedAt: null });
  });

  it('script in an edit is kept as the plain text it is, never as markup (clients escape it)', async () => {
    const id = await send('Plain');
    const script = '<script>alert("x")</script> **bold**';
    await ok(author, EDIT, { k: 'CHAT_MESSAGE', id, b: script });
    expect((await message(id)).body).toBe(script);
  });

  it('a malformed id and an unknown post of any kind are refused with their codes', async () => {
    expect(await codeOf(author, EDIT, { k: 'GROUP_MESSAGE', id: UNKNOWN_ID, b: 'x' })).toEqual(['NOT_FOUND']);
    expect(await codeOf(author, EDIT, { k: 'THREAD', id: UNKNOWN_ID, b: 'x' })).toEqual(['NOT_FOUND']);
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id: 'not-an-id', b: 'x' })).toEqual(['BAD_USER_INPUT']);
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id: UNKNOWN_ID, b: 'x' })).toEqual(['NOT_FOUND']);
    expect(await codeOf(instructor, `mutation($id: ID!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: "   " }) { __typename } }`, { id: await send('Reasonless') })).toEqual(['BAD_USER_INPUT']);
  });

  it('a deleted message cannot be edited, deleted again, hidden or reported: NOT_FOUND', async () => {
    const id = await send('Soon gone');
    await ok(author, `mutation($id: ID!) { deletePost(input: { kind: CHAT_MESSAGE, id: $id }) }`, { id });
    expect(await codeOf(author, EDIT, { k: 'CHAT_MESSAGE', id, b: 'Back?' })).toEqual(['NOT_FOUND']);
    expect(await codeOf(author, `mutation($id: ID!) { deletePost(input: { kind: CHAT_MESSAGE, id: $id }) }`, { id })).toEqual(['NOT_FOUND']);
    expect(await codeOf(instructor, `mutation($id: ID!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: "x" }) { __typename } }`, { id })).toEqual(['NOT_FOUND']);
    expect(await codeOf(member, REPORT, { id, r: 'Gone?' })).toEqual(['NOT_FOUND']);
  });

  it('a hidden question cannot be answered or voted on by a member who no longer sees it, nor a deleted one answered by anyone: NOT_FOUND, nothing stored', async () => {
    const ask = async (title: string) => (await ok(author, `mutation($c: ID!, $t: String!) { askQuestion(input: { courseId: $c, title: $t, body: "Body" }) { id } }`, { c: courseId, t: title })).askQuestion.id as string;
    const answer = `mutation($q: ID!) { answerQuestion(questionId: $q, body: "An answer") { id } }`;
    const hidden = await ask('Hidden question');
    await ok(instructor, `mutation($id: ID!) { hidePost(input: { kind: QUESTION, id: $id, reason: "x" }) { __typename } }`, { id: hidden });
    expect(await codeOf(member, answer, { q: hidden })).toEqual(['NOT_FOUND']);
    const deleted = await ask('Deleted question');
    await ok(author, `mutation($id: ID!) { deletePost(input: { kind: QUESTION, id: $id }) }`, { id: deleted });
    expect(await codeOf(author, answer, { q: deleted })).toEqual(['NOT_FOUND']);
    expect(await codeOf(member, `mutation($q: ID!) { voteOnQuestion(questionId: $q, value: 1) { id } }`, { q: hidden })).toEqual(['NOT_FOUND']);
    const stored = await ok(instructor, `query($q: ID!) { question(id: $q) { answerCount voteScore } }`, { q: hidden });
    expect(stored.question).toEqual({ answerCount: 0, voteScore: 0 });
  });

  it("a member's cached chat page loses a message as soon as staff hides it (the gateway's response cache is evicted)", async () => {
    const id = await send('Cached, then hidden');
    const page = async () => (await ok(member, `query($c: ID!) { course(id: $c) { chatMessages(last: 100) { edges { node { id } } } } }`, { c: courseId })).course.chatMessages.edges.map((e: any) => e.node.id);
    expect(await page()).toContain(id);
    expect(await page()).toContain(id);
    await ok(instructor, `mutation($id: ID!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: "x" }) { __typename } }`, { id });
    expect(await page()).not.toContain(id);
  });

  it('reporting the same post twice is CONFLICT and leaves one report', async () => {
    const id = await send('Report me once');
    await ok(member, REPORT, { id, r: 'Spam' });
    expect(await codeOf(member, REPORT, { id, r: 'Spam again' })).toEqual(['CONFLICT']);
    expect((await queue()).filter((r: any) => r.postId === id)).toHaveLength(1);
  });

  it('a hidden post cannot be reported by a member who no longer sees it: NOT_FOUND', async () => {
    const id = await send('Hidden before reported');
    await ok(instructor, `mutation($id: ID!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: "x" }) { __typename } }`, { id });
    expect(await codeOf(member, REPORT, { id, r: 'What?' })).toEqual(['NOT_FOUND']);
  });

  it('resolving as a non-staff member is FORBIDDEN and leaves the report open; resolving twice is CONFLICT', async () => {
    const id = await send('Report to resolve');
    const report = (await ok(member, REPORT, { id, r: 'Rude' })).reportPost.id;
    expect(await codeOf(member, RESOLVE, { r: report, a: 'DELETE' })).toEqual(['FORBIDDEN']);
    expect(await codeOf(author, RESOLVE, { r: report, a: 'DISMISS' })).toEqual(['FORBIDDEN']);
    expect((await queue()).map((r: any) => r.id)).toContain(report);
    expect(await message(id)).toMatchObject({ body: 'Report to resolve' });
    expect((await ok(instructor, RESOLVE, { r: report, a: 'DISMISS', n: 'Fine as it is' })).resolveReport).toEqual({ status: 'RESOLVED', resolution: 'DISMISS' });
    expect(await codeOf(instructor, RESOLVE, { r: report, a: 'DELETE' })).toEqual(['CONFLICT']);
    expect(await message(id)).toMatchObject({ body: 'Report to resolve', hiddenAt: null });
    expect(await codeOf(instructor, RESOLVE, { r: UNKNOWN_ID, a: 'DISMISS' })).toEqual(['NOT_FOUND']);
  });

  it('resolving with HIDE hides the post, and the report then names who resolved it and when', async () => {
    const id = await send('Hide me through a report');
    const report = (await ok(member, REPORT, { id, r: 'Off topic' })).reportPost.id;
    await ok(instructor, RESOLVE, { r: report, a: 'HIDE', n: 'Off topic here' });
    const resolved = (await ok(instructor, `{ moderationQueue(status: RESOLVED, first: 100) { edges { node { id postHidden resolvedAt resolvedBy { id } note } } } }`))
      .moderationQueue.edges.map((e: any) => e.node).find((n: any) => n.id === report);
    expect(resolved).toMatchObject({ postHidden: true, resolvedBy: { id: instructor.id }, note: 'Off topic here' });
    expect(Date.parse(resolved.resolvedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('resolving with DELETE deletes the post for everyone', async () => {
    const id = await send('Delete me, staff');
    const report = (await ok(member, REPORT, { id, r: 'Abusive' })).reportPost.id;
    await ok(instructor, RESOLVE, { r: report, a: 'DELETE' });
    expect(await message(id)).toBeNull();
  });

  it('an eleventh report within ten minutes is RATE_LIMITED and stores nothing', async () => {
    const posts = [];
    for (let i = 0; i < 11; i += 1) posts.push(await send(`Reportable ${i}`));
    for (const id of posts.slice(0, 10)) await ok(reporter, REPORT, { id, r: 'Spam' });
    const refused = await t.gql(REPORT, { id: posts[10], r: 'Spam' }, { token: reporter.token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await queue()).filter((r: any) => r.reporter.id === reporter.id)).toHaveLength(10);
  });
});
