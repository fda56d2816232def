import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, callerTable, codeOf, enrol, later, resultOf, twoPages, twoPagesBack, waitFor } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

// Direct messages and presence, asked through the running gateway by each caller. Everyone but
// `stranger` is enrolled in (or teaches) one course. `author` and `participant` share the
// conversation `dm` (the author wrote its message, the participant read it); `classmate` shares
// the course but not the conversation; `author` blocked `blocked` after their own conversation
// `blockedDm`. The ADMIN is a member of every course but reads nobody's direct messages.

const callers = ['anonymous', 'stranger', 'classmate', 'participant', 'author', 'blocked', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  stranger: 'a user sharing no course',
  classmate: 'a classmate outside the conversation',
  participant: 'the other participant',
  author: "the message's author",
  blocked: 'a user the author blocked',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let ids: { dm: string; message: string; blockedDm: string };

const { matrix, as, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);
/** The conversation's two participants get `value`; everyone else signed in is FORBIDDEN. */
const participantsOnly = (value: unknown) => signedIn('FORBIDDEN', { participant: value, author: value });
const words = (w: string) => ({ participant: w, author: w });

const SEND = `mutation($input: SendDirectMessageInput!) { sendDirectMessage(input: $input) { id body author { id } conversation { id } } }`;
const SEND_TO = (input: Record<string, unknown>) => ({ input });

beforeAll(async () => {
  t = await startTestStack();
  people = {
    stranger: await signUp(t, [], 'DM Stranger'),
    classmate: await signUp(t, [], 'DM Classmate'),
    participant: await signUp(t, [], 'DM Participant'),
    author: await signUp(t, ['INSTRUCTOR'], 'DM Author'),
    blocked: await signUp(t, [], 'DM Blocked'),
    admin: await signUp(t, ['ADMIN'], 'DM Admin'),
  };
  // The author teaches the course; the others are enrolled in it.
  courseId = (await createCourse(t, people.author, { title: 'Messages matrix course' })).id;
  for (const who of ['classmate', 'participant', 'blocked'] as const) await enrol(t, people[who], courseId);
  const sent = (await ok(people.author, SEND, SEND_TO({ recipientIds: [people.participant.id], body: 'Hello there' }))).sendDirectMessage;
  await ok(people.participant, `mutation($c: ID!) { markConversationRead(conversationId: $c) { id } }`, { c: sent.conversation.id });
  const blockedDm = (await ok(people.blocked, SEND, SEND_TO({ recipientIds: [people.author.id], body: 'Before the block' }))).sendDirectMessage.conversation.id;
  await ok(people.author, `mutation($u: ID!) { blockUser(userId: $u) }`, { u: people.blocked.id });
  ids = { dm: sent.conversation.id, message: sent.id, blockedDm };
});
afterAll(async () => t?.close());

const CONVERSATION = `query($id: ID!) { directConversation(id: $id) {
  unreadCount canSend participants { user { displayName } lastReadAt } createdAt lastMessageAt lastMessage { body }
  messages { totalCount edges { node { body author { displayName } readBy { displayName } editedAt hiddenAt createdAt } } }
} }`;

matrix('direct message reads through the gateway, for each caller', [
  {
    name: 'directConversation(id) shows its participants, read marks and messages to its participants only',
    run: async (c) => resultOf(await as(c, CONVERSATION, { id: ids.dm }), (d) => {
      const { createdAt, lastMessageAt, ...conversation } = d.directConversation;
      const sent = Date.parse(conversation.messages.edges.at(-1).node.createdAt);
      return {
        ...conversation,
        participants: conversation.participants.map((p: any) => ({ name: p.user.displayName, read: p.lastReadAt !== null })).sort((a: any, b: any) => a.name.localeCompare(b.name)),
        messages: { ...conversation.messages, edges: conversation.messages.edges.map(({ node: { createdAt: _, ...node } }: any) => ({ node })) },
        // Started by its first message; its last message is the one sent last.
        lastMessageAtIsTheLastSent: Date.parse(lastMessageAt) >= sent && sent >= Date.parse(createdAt),
      };
    }),
    expect: participantsOnly({
      unreadCount: 0, canSend: true,
      participants: [{ name: 'DM Author', read: false }, { name: 'DM Participant', read: true }],
      lastMessage: { body: 'Hello there' }, lastMessageAtIsTheLastSent: true,
      messages: { totalCount: 1, edges: [{ node: { body: 'Hello there', author: { displayName: 'DM Author' }, readBy: [{ displayName: 'DM Participant' }], editedAt: null, hiddenAt: null } }] },
    }),
    words: words('the conversation, its message read by the participant'),
  },
  {
    name: 'DirectConversation.messages(last, before) pages back through the messages, for the participants only',
    run: async (c) => twoPagesBack((before) => as(c, `query($id: ID!, $b: String) { directConversation(id: $id) { messages(last: 1, before: $b) { edges { cursor node { body } } } } }`,
      { id: ids.dm, b: before }), (d) => d.directConversation.messages, (n) => n.body),
    expect: participantsOnly(['Hello there']),
  },
  {
    name: 'directConversation(id) of an unknown id is null for anyone signed in',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { directConversation(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.directConversation),
    expect: signedIn(null),
  },
  {
    name: 'directMessage(id) shows a message to the participants only',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { directMessage(id: $id) { body readBy { displayName } } }`, { id: ids.message }), (d) => d.directMessage),
    expect: participantsOnly({ body: 'Hello there', readBy: [{ displayName: 'DM Participant' }] }),
  },
  {
    name: "conversations lists each caller's own conversations only",
    run: async (c) => resultOf(await as(c, `{ conversations { totalCount edges { node { id } } } }`), (d) => d.conversations.totalCount),
    expect: signedIn(0, { participant: 1, author: 2, blocked: 1 }),
  },
  {
    name: "conversations(first, after) pages the caller's own conversations",
    run: async (c) => twoPages((after) => as(c, `query($a: String) { conversations(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`, { a: after }),
      (d) => d.conversations, (n) => [ids.dm, ids.blockedDm].includes(n.id)),
    expect: (() => {
      const one = { nodes: [true], hasNextPage: [false, false], cursorsEndPages: true };
      return signedIn({ nodes: [], hasNextPage: [false, false], cursorsEndPages: true }, { participant: one, blocked: one, author: { nodes: [true, true], hasNextPage: [true, false], cursorsEndPages: true } });
    })(),
  },
  {
    name: "unreadConversationCount counts the caller's own unread conversations",
    run: async (c) => resultOf(await as(c, `{ unreadConversationCount }`), (d) => d.unreadConversationCount),
    // The author has not read the blocked user's message; the participant read theirs.
    expect: signedIn(0, { author: 1 }),
  },
  {
    name: 'blockedUsers lists whom the caller blocked',
    run: async (c) => resultOf(await as(c, `{ blockedUsers { displayName } }`), (d) => d.blockedUsers.map((u: any) => u.displayName)),
    expect: signedIn([], { author: ['DM Blocked'] }),
  },
  {
    name: 'directConversation(id) of a conversation across a block says canSend false to both sides',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { directConversation(id: $id) { canSend } }`, { id: ids.blockedDm }), (d) => d.directConversation),
    expect: signedIn('FORBIDDEN', { author: { canSend: false }, blocked: { canSend: false } }),
  },
  {
    name: 'presence(scope: course) answers the course members (its students, instructor and ADMIN) only',
    run: async (c) => resultOf(await as(c, `query($c: ID!) { presence(scope: { courseId: $c }) { onlineCount online { id } } }`, { c: courseId }), (d) => d.presence),
    expect: signedIn({ onlineCount: 0, online: [] }, { stranger: 'FORBIDDEN' }),
    words: { classmate: 'nobody online', participant: 'nobody online', author: 'nobody online', blocked: 'nobody online', admin: 'nobody online' },
  },
  {
    name: 'presenceChange(id) answers the course members only',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { presenceChange(id: $id) { online at courseId groupId user { displayName } } }`, { id: `${courseId}:${people.participant.id}:1:1700000000000` }), (d) => d.presenceChange),
    expect: signedIn(later(() => ({ online: true, at: '2023-11-14T22:13:20.000Z', courseId, groupId: null, user: { displayName: 'DM Participant' } })), { stranger: 'FORBIDDEN' }),
    words: { classmate: 'the change', participant: 'the change', author: 'the change', blocked: 'the change', admin: 'the change' },
  },
  {
    name: 'typingIndicator(id) answers the participants only',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { typingIndicator(id: $id) { user { displayName } conversation { id } } }`, { id: `${ids.dm}:${people.author.id}:1700000000000` }), (d) => d.typingIndicator.user.displayName),
    expect: participantsOnly('DM Author'),
  },
]);

matrix('direct message writes through the gateway, for each caller', [
  {
    name: 'sendDirectMessage into a conversation is for its participants only',
    run: async (c) => resultOf(await as(c, SEND, SEND_TO({ conversationId: ids.dm, body: `From ${c}` })), (d) => d.sendDirectMessage.body),
    expect: signedIn('FORBIDDEN', { participant: 'From participant', author: 'From author' }),
  },
  {
    name: 'sendDirectMessage across a block is FORBIDDEN either way',
    run: async (c) => resultOf(await as(c, SEND, SEND_TO({ conversationId: ids.blockedDm, body: 'After the block' })), (d) => d.sendDirectMessage.body),
    expect: signedIn('FORBIDDEN'),
  },
  {
    name: 'sendDirectMessage to the participant by id: people who share a course (and ADMIN) reach them, strangers are refused',
    run: async (c) => resultOf(await as(c, SEND, SEND_TO({ recipientIds: [people.participant.id], body: 'Hi by id' })), (d) => d.sendDirectMessage.conversation.id === ids.dm),
    // The author's message goes to their existing conversation; the participant cannot message only themself.
    expect: signedIn(false, { stranger: 'FORBIDDEN', participant: 'BAD_USER_INPUT', author: true }),
  },
  {
    name: 'markConversationRead is for the participants only',
    run: async (c) => resultOf(await as(c, `mutation($c: ID!) { markConversationRead(conversationId: $c) { unreadCount } }`, { c: ids.dm }), (d) => d.markConversationRead),
    expect: participantsOnly({ unreadCount: 0 }),
  },
  {
    name: 'setTyping is for the participants only',
    run: async (c) => resultOf(await as(c, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: ids.dm }), (d) => d.setTyping),
    expect: participantsOnly(true),
  },
  {
    name: 'setTyping across a block is FORBIDDEN either way',
    run: async (c) => resultOf(await as(c, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: ids.blockedDm }), (d) => d.setTyping),
    expect: signedIn('FORBIDDEN'),
  },
]);

describe('bad inputs to direct messages each get their code and change nothing', () => {
  const count = async (user: TestUser) => (await ok(user, `{ conversations { totalCount } }`)).conversations.totalCount as number;
  const send = (user: TestUser, input: Record<string, unknown>) => t.gql(SEND, { input }, { token: user.token });

  it('messaging a stranger (no shared course) is FORBIDDEN and starts no conversation', async () => {
    const before = await count(people.stranger);
    expect(codeOf(await send(people.classmate, { recipientIds: [people.stranger.id], body: 'Hello stranger' }))).toBe('FORBIDDEN');
    expect(codeOf(await send(people.stranger, { recipientIds: [people.classmate.id], body: 'Hello classmate' }))).toBe('FORBIDDEN');
    expect(await count(people.stranger)).toBe(before);
  });

  it('messaging someone who blocked you is FORBIDDEN, in a new or the old conversation, and adds no message', async () => {
    const messages = async () => (await ok(people.author, `query($id: ID!) { directConversation(id: $id) { messages { totalCount } } }`, { id: ids.blockedDm })).directConversation.messages.totalCount;
    const before = await messages();
    expect(codeOf(await send(people.blocked, { recipientIds: [people.author.id], body: 'Please unblock me' }))).toBe('FORBIDDEN');
    expect(codeOf(await send(people.blocked, { conversationId: ids.blockedDm, body: 'Please unblock me' }))).toBe('FORBIDDEN');
    expect(codeOf(await send(people.author, { conversationId: ids.blockedDm, body: 'The blocker cannot write either' }))).toBe('FORBIDDEN');
    expect(await messages()).toBe(before);
  });

  it('after unblocking, the two can write again', async () => {
    await ok(people.author, `mutation($u: ID!) { unblockUser(userId: $u) }`, { u: people.blocked.id });
    try {
      expect((await ok(people.blocked, SEND, SEND_TO({ conversationId: ids.blockedDm, body: 'Thanks' }))).sendDirectMessage.body).toBe('Thanks');
    } finally {
      await ok(people.author, `mutation($u: ID!) { blockUser(userId: $u) }`, { u: people.blocked.id });
    }
  });

  it('an oversized body, an empty one, too many recipients, both targets or neither are BAD_USER_INPUT and add nothing', async () => {
    const before = await count(people.classmate);
    for (const input of [
      { recipientIds: [people.participant.id], body: 'x'.repeat(4001) },
      { recipientIds: [people.participant.id], body: '   ' },
      { recipientIds: Array.from({ length: 8 }, (_, i) => `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a${String(i).padStart(2, '0')}`), body: 'Too many' },
      { recipientIds: [people.participant.id], conversationId: ids.dm, body: 'Both' },
      { body: 'Neither' },
      { recipientIds: ['not-an-id'], body: 'Malformed' },
    ]) {
      expect(codeOf(await send(people.classmate, input)), JSON.stringify(input).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    expect(await count(people.classmate)).toBe(before);
  });

  it('a script in a body is kept as the plain text it is, never as markup', async () => {
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const sent = (await ok(people.author, SEND, SEND_TO({ conversationId: ids.dm, body }))).sendDirectMessage;
    expect(sent.body).toBe(body);
    const read = (await ok(people.participant, `query($id: ID!) { directMessage(id: $id) { body } }`, { id: sent.id })).directMessage;
    expect(read.body).toBe(body);
  });

  it('blocking oneself is BAD_USER_INPUT; blocking twice changes nothing the second time', async () => {
    expect(codeOf(await t.gql(`mutation($u: ID!) { blockUser(userId: $u) }`, { u: people.classmate.id }, { token: people.classmate.token }))).toBe('BAD_USER_INPUT');
    expect((await ok(people.author, `mutation($u: ID!) { blockUser(userId: $u) }`, { u: people.blocked.id })).blockUser).toBe(false);
  });
});

describe('direct messages live through the gateway', () => {
  const clients = wsClients(() => t.url);
  afterAll(() => clients.disposeAll());

  it('a participant hears a new message; a classmate and a stranger are refused the conversation and hear nothing', async () => {
    const heard = subscribe(clients.client(people.participant.token), `subscription($c: ID) { directMessageAdded(conversationId: $c) { body author { displayName } readBy { id } } }`, { c: ids.dm });
    const all = subscribe(clients.client(people.classmate.token), `subscription { directMessageAdded { body } }`);
    const refused = subscribe(clients.client(people.classmate.token), `subscription($c: ID) { directMessageAdded(conversationId: $c) { body } }`, { c: ids.dm });
    const stranger = subscribe(clients.client(people.stranger.token), `subscription($c: ID!) { conversationTyping(conversationId: $c) { at } }`, { c: ids.dm });
    await settleSubscriptions();
    await ok(people.author, SEND, SEND_TO({ conversationId: ids.dm, body: 'Live hello' }));
    // Whole frames: a direct message is executed per participant, with no shared part left to fail.
    expect(await heard.nth(1)).toEqual({ data: { directMessageAdded: { body: 'Live hello', author: { displayName: 'DM Author' }, readBy: [] } } });
    expect((await refused.nth(1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await stranger.nth(1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await new Promise((r) => setTimeout(r, 300));
    expect(all.results).toEqual([]);
  });

  it('the author hears the read receipt and the typing of the other participant, never their own', async () => {
    const read = subscribe(clients.client(people.author.token), `subscription($c: ID!) { conversationRead(conversationId: $c) { participants { user { id } lastReadAt } } }`, { c: ids.dm });
    const typing = subscribe(clients.client(people.author.token), `subscription($c: ID!) { conversationTyping(conversationId: $c) { user { displayName } conversation { id } } }`, { c: ids.dm });
    await settleSubscriptions();
    await ok(people.author, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: ids.dm });
    await ok(people.participant, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: ids.dm });
    expect(await typing.nth(1)).toEqual({ data: { conversationTyping: { user: { displayName: 'DM Participant' }, conversation: { id: ids.dm } } } });
    await ok(people.participant, `mutation($c: ID!) { markConversationRead(conversationId: $c) { id } }`, { c: ids.dm });
    const receipt = (await read.nth(1)).data!.conversationRead.participants.find((p: any) => p.user.id === people.participant.id);
    expect(receipt.lastReadAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(typing.results).toHaveLength(1);
  });

  it("a recipient's notifications collapse per conversation: one unread notification, counting the messages", async () => {
    const notes = async () => (await ok(people.participant, `{ myNotifications(unreadOnly: true) { edges { node { kind message } } } }`)).myNotifications.edges
      .map((e: any) => e.node).filter((n: any) => n.kind === 'DIRECT_MESSAGE');
    const counted = (list: { message: string }[]) => list.reduce((sum, n) => sum + Number(/(\d+) new/.exec(n.message)?.[1] ?? 1), 0);
    // Settled: every message so far has been counted by someone's notification.
    let before = await notes();
    before = await waitFor(notes, (l) => counted(l) === counted(before) && l.length === before.length, 'settled notifications', 10_000);
    await ok(people.author, SEND, SEND_TO({ conversationId: ids.dm, body: 'One more' }));
    await ok(people.author, SEND, SEND_TO({ conversationId: ids.dm, body: 'And another' }));
    // One notification per conversation with unread messages: the two new ones count on in the same one.
    const after = await waitFor(notes, (l) => counted(l) === counted(before) + 2, 'two more messages counted');
    expect(after).toHaveLength(before.length);
  });
});
