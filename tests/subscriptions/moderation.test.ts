import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

// Moderation live through the gateway: a hide reaches every member at once, but the hidden post
// itself only its author and the course's staff.

let t: TestStack;
let instructor: TestUser;
let alice: TestUser;
let bob: TestUser;
let outsider: TestUser;
let assistant: TestUser;
let courseId: string;
const { client, disposeAll } = wsClients(() => t.url);

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Mona Moderator');
  alice = await signUp(t, [], 'Alice Author');
  bob = await signUp(t, [], 'Bob Bystander');
  outsider = await signUp(t, [], 'Oscar Outsider');
  courseId = (await createCourse(t, instructor, { title: 'Moderated Live Course' })).id;
  await enrol(t, alice, courseId);
  await enrol(t, bob, courseId);
  assistant = await signUp(t, [], 'Tara Assistant');
  await enrol(t, assistant, courseId);
  await ok(instructor, `mutation($c: ID!, $u: ID!) { appointTeachingAssistant(courseId: $c, userId: $u) { role } }`, { c: courseId, u: assistant.id });
});
afterAll(async () => {
  await disposeAll();
  await t?.close();
});

async function ok(user: TestUser, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
const send = async (user: TestUser, body: string) =>
  (await ok(user, `mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c: courseId, b: body })).sendChatMessage.id as string;
const hide = (id: string, reason: string) => ok(instructor, `mutation($id: ID!, $r: String!) { hidePost(input: { kind: CHAT_MESSAGE, id: $id, reason: $r }) { __typename } }`, { id, r: reason });
const CHANGES = `subscription($c: ID!) { postChanged(courseId: $c) { change kind postId chatMessage { body hiddenReason } } }`;

describe('moderation live through the gateway', () => {
  it('a hide reaches another member as the post gone, while its author and staff still get the post with its reason', async () => {
    const id = await send(alice, 'Something off topic');
    const forBob = subscribe(client(bob.token), CHANGES, { c: courseId });
    const forAlice = subscribe(client(alice.token), CHANGES, { c: courseId });
    const forStaff = subscribe(client(instructor.token), CHANGES, { c: courseId });
    await settleSubscriptions();
    await hide(id, 'Off topic');
    expect((await forBob.nth(1)).data).toEqual({ postChanged: { change: 'HIDDEN', kind: 'CHAT_MESSAGE', postId: id, chatMessage: null } });
    const seen = { change: 'HIDDEN', kind: 'CHAT_MESSAGE', postId: id, chatMessage: { body: 'Something off topic', hiddenReason: 'Off topic' } };
    expect((await forAlice.nth(1)).data).toEqual({ postChanged: seen });
    expect((await forStaff.nth(1)).data).toEqual({ postChanged: seen });
    for (const s of [forBob, forAlice, forStaff]) s.unsubscribe();
  });

  it('a hidden message is never delivered to another member: its edit tells them only that it changed, its author gets the new text', async () => {
    const id = await send(alice, 'First words');
    const forBob = subscribe(client(bob.token), CHANGES, { c: courseId });
    const forAlice = subscribe(client(alice.token), CHANGES, { c: courseId });
    await settleSubscriptions();
    await hide(id, 'Spam');
    expect((await forBob.nth(1)).data).toMatchObject({ postChanged: { change: 'HIDDEN', chatMessage: null } });
    await ok(alice, `mutation($id: ID!) { editPost(input: { kind: CHAT_MESSAGE, id: $id, body: "Second words" }) { __typename } }`, { id });
    expect((await forBob.nth(2)).data).toEqual({ postChanged: { change: 'EDITED', kind: 'CHAT_MESSAGE', postId: id, chatMessage: null } });
    expect((await forAlice.nth(2)).data).toEqual({ postChanged: { change: 'EDITED', kind: 'CHAT_MESSAGE', postId: id, chatMessage: { body: 'Second words', hiddenReason: 'Spam' } } });
    // Nor is it in the chat Bob loads afterwards.
    const chat = await ok(bob, `query($c: ID!) { course(id: $c) { chatMessages { edges { node { id } } } } }`, { c: courseId });
    expect(chat.course.chatMessages.edges.map((e: any) => e.node.id)).not.toContain(id);
    forBob.unsubscribe();
    forAlice.unsubscribe();
  });

  it('unhiding brings the message back live for every member; deleting takes it away for everyone', async () => {
    const id = await send(alice, 'Back again');
    const forBob = subscribe(client(bob.token), CHANGES, { c: courseId });
    await settleSubscriptions();
    await hide(id, 'By mistake');
    await forBob.nth(1);
    await ok(instructor, `mutation($id: ID!) { unhidePost(input: { kind: CHAT_MESSAGE, id: $id }) { __typename } }`, { id });
    expect((await forBob.nth(2)).data).toEqual({ postChanged: { change: 'UNHIDDEN', kind: 'CHAT_MESSAGE', postId: id, chatMessage: { body: 'Back again', hiddenReason: null } } });
    await ok(alice, `mutation($id: ID!) { deletePost(input: { kind: CHAT_MESSAGE, id: $id }) }`, { id });
    expect((await forBob.nth(3)).data).toEqual({ postChanged: { change: 'DELETED', kind: 'CHAT_MESSAGE', postId: id, chatMessage: null } });
    forBob.unsubscribe();
  });

  it("a non-member cannot hear a course's post changes: refused at once, and hears nothing", async () => {
    const sub = subscribe(client(outsider.token), CHANGES, { c: courseId });
    await sub.ended;
    expect(sub.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
    const id = await send(alice, 'Not for Oscar');
    await hide(id, 'Anyway');
    await settleSubscriptions();
    expect(sub.results).toHaveLength(1);
  });

  it("a thread reply a teaching assistant hides leaves another member's thread live and on reload; its author and staff still get it", async () => {
    const thread = (await ok(alice, `mutation($c: ID!) { startThread(input: { courseId: $c, title: "Live thread", body: "Talk here" }) { id } }`, { c: courseId })).startThread.id;
    const reply = (await ok(alice, `mutation($t: ID!) { replyToThread(threadId: $t, body: "A spoiler") { id } }`, { t: thread })).replyToThread.id;
    const THREAD_CHANGES = `subscription($c: ID!) { postChanged(courseId: $c) { change kind postId threadReply { body hiddenReason } } }`;
    const forBob = subscribe(client(bob.token), THREAD_CHANGES, { c: courseId });
    const forAlice = subscribe(client(alice.token), THREAD_CHANGES, { c: courseId });
    const forAssistant = subscribe(client(assistant.token), THREAD_CHANGES, { c: courseId });
    await settleSubscriptions();
    await ok(assistant, `mutation($id: ID!) { hidePost(input: { kind: THREAD_REPLY, id: $id, reason: "Spoiler" }) { __typename } }`, { id: reply });
    expect((await forBob.nth(1)).data).toEqual({ postChanged: { change: 'HIDDEN', kind: 'THREAD_REPLY', postId: reply, threadReply: null } });
    const seen = { change: 'HIDDEN', kind: 'THREAD_REPLY', postId: reply, threadReply: { body: 'A spoiler', hiddenReason: 'Spoiler' } };
    expect((await forAlice.nth(1)).data).toEqual({ postChanged: seen });
    expect((await forAssistant.nth(1)).data).toEqual({ postChanged: seen });
    const REPLIES = `query($t: ID!) { thread(id: $t) { replies { edges { node { id } } } } }`;
    expect((await ok(bob, REPLIES, { t: thread })).thread.replies.edges).toEqual([]);
    expect((await ok(assistant, REPLIES, { t: thread })).thread.replies.edges).toEqual([{ node: { id: reply } }]);
    for (const s of [forBob, forAlice, forAssistant]) s.unsubscribe();
  });

  describe('a post hidden between its sending and its delivery', () => {
    /** Sends and hides while this gateway reads no events, so every delivery fetches the post already hidden. */
    async function whileDeliveryWaits(work: () => Promise<void>): Promise<void> {
      const tail = t.stack.gateway.tail!;
      await tail.pause();
      try {
        await work();
      } finally {
        tail.resume();
      }
    }

    it('never reaches another student (whoever of their audience asks first), while its author, a teaching assistant and the instructor get it', async () => {
      const ADDED = `subscription($c: ID!) { chatMessageAdded(courseId: $c) { id body } }`;
      // The author and the teaching assistant subscribe first: an execution shared as one of them
      // would have shown the hidden post to the students of their audience.
      const forAlice = subscribe(client(alice.token), ADDED, { c: courseId });
      const forAssistant = subscribe(client(assistant.token), ADDED, { c: courseId });
      const forBob = subscribe(client(bob.token), ADDED, { c: courseId });
      const forStaff = subscribe(client(instructor.token), ADDED, { c: courseId });
      await settleSubscriptions();
      let hidden = '';
      let after = '';
      await whileDeliveryWaits(async () => {
        hidden = await send(alice, 'Gone before delivery');
        await hide(hidden, 'Too quick');
        after = await send(bob, 'Still here');
      });
      const both = [{ chatMessageAdded: { id: hidden, body: 'Gone before delivery' } }, { chatMessageAdded: { id: after, body: 'Still here' } }];
      for (const s of [forAlice, forAssistant, forStaff]) {
        await s.nth(2);
        expect(s.results.map((r) => r.data)).toEqual(both);
      }
      // Bob's next message comes after the hidden one in the log: he was sent nothing for it.
      expect((await forBob.nth(1)).data).toEqual({ chatMessageAdded: { id: after, body: 'Still here' } });
      await settleSubscriptions();
      expect(forBob.results).toHaveLength(1);
      expect(JSON.stringify(forBob.results)).not.toContain('Gone before delivery');
      for (const s of [forAlice, forAssistant, forBob, forStaff]) s.unsubscribe();
    });

    it('a thread reply hidden, or deleted, before its delivery reaches no other member; the hidden one still reaches its author and staff', async () => {
      const thread = (await ok(alice, `mutation($c: ID!) { startThread(input: { courseId: $c, title: "Racing thread", body: "Reply here" }) { id } }`, { c: courseId })).startThread.id;
      const ADDED = `subscription($t: ID!) { threadReplyAdded(threadId: $t) { id body } }`;
      const forAlice = subscribe(client(alice.token), ADDED, { t: thread });
      const forBob = subscribe(client(bob.token), ADDED, { t: thread });
      const forAssistant = subscribe(client(assistant.token), ADDED, { t: thread });
      await settleSubscriptions();
      const reply = async (body: string) => (await ok(alice, `mutation($t: ID!, $b: String!) { replyToThread(threadId: $t, body: $b) { id } }`, { t: thread, b: body })).replyToThread.id as string;
      let hidden = '';
      let deleted = '';
      let after = '';
      await whileDeliveryWaits(async () => {
        hidden = await reply('A hidden reply');
        await ok(assistant, `mutation($id: ID!) { hidePost(input: { kind: THREAD_REPLY, id: $id, reason: "Spoiler" }) { __typename } }`, { id: hidden });
        deleted = await reply('A deleted reply');
        await ok(alice, `mutation($id: ID!) { deletePost(input: { kind: THREAD_REPLY, id: $id }) }`, { id: deleted });
        after = await reply('A kept reply');
      });
      const seen = [{ threadReplyAdded: { id: hidden, body: 'A hidden reply' } }, { threadReplyAdded: { id: after, body: 'A kept reply' } }];
      for (const s of [forAlice, forAssistant]) {
        await s.nth(2);
        expect(s.results.map((r) => r.data)).toEqual(seen);
      }
      expect((await forBob.nth(1)).data).toEqual({ threadReplyAdded: { id: after, body: 'A kept reply' } });
      await settleSubscriptions();
      expect(forBob.results).toHaveLength(1);
      expect(forAlice.results).toHaveLength(2);
      for (const s of [forAlice, forBob, forAssistant]) s.unsubscribe();
    });
  });

  it("a direct message's edit and deletion reach the conversation's other participant live, and nobody outside it can listen", async () => {
    const sent = (await ok(alice, `mutation($to: ID!) { sendDirectMessage(input: { recipientIds: [$to], body: "Hi Bob" }) { id conversation { id } } }`, { to: bob.id })).sendDirectMessage;
    const DM_CHANGES = `subscription($c: ID!) { directMessageChanged(conversationId: $c) { change kind postId directMessage { body editedAt } } }`;
    const forBob = subscribe(client(bob.token), DM_CHANGES, { c: sent.conversation.id });
    const forOutsider = subscribe(client(instructor.token), DM_CHANGES, { c: sent.conversation.id });
    await forOutsider.ended;
    expect(forOutsider.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['FORBIDDEN']);
    await settleSubscriptions();
    await ok(alice, `mutation($id: ID!) { editPost(input: { kind: DIRECT_MESSAGE, id: $id, body: "Hi Bob, edited" }) { __typename } }`, { id: sent.id });
    expect((await forBob.nth(1)).data).toEqual({
      directMessageChanged: { change: 'EDITED', kind: 'DIRECT_MESSAGE', postId: sent.id, directMessage: { body: 'Hi Bob, edited', editedAt: expect.any(String) } },
    });
    await ok(alice, `mutation($id: ID!) { deletePost(input: { kind: DIRECT_MESSAGE, id: $id }) }`, { id: sent.id });
    expect((await forBob.nth(2)).data).toEqual({ directMessageChanged: { change: 'DELETED', kind: 'DIRECT_MESSAGE', postId: sent.id, directMessage: null } });
    forBob.unsubscribe();
  });
});
