import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import WebSocket from 'ws';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

let t: TestStack;
let instructor: TestUser;
let alice: TestUser;
let bob: TestUser;
let outsider: TestUser;
let courseId: string;
const { client, disposeAll } = wsClients(() => t.url);

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Iris Instructor');
  alice = await signUp(t, [], 'Alice');
  bob = await signUp(t, [], 'Bob');
  outsider = await signUp(t, [], 'Oscar Outsider');
  courseId = (await createCourse(t, instructor, { title: 'Live Course' })).id;
  for (const student of [alice, bob]) {
    const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, { token: student.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
});
afterAll(async () => {
  await disposeAll();
  await t?.close();
});

const send = (user: TestUser, body: string) =>
  t.gql(`mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c: courseId, b: body }, { token: user.token });

describe('live course chat and Q&A through the gateway', () => {
  it('a chat message reaches another member with fields from three subgraphs', async () => {
    const sub = subscribe(client(alice.token), `subscription($c: ID!) {
      chatMessageAdded(courseId: $c) { body author { displayName } course { title enrollmentCount } }
    }`, { c: courseId });
    await settleSubscriptions();
    await send(bob, 'Hello from Bob');
    const first = await sub.nth(1);
    expect(first).toEqual({ data: { chatMessageAdded: { body: 'Hello from Bob', author: { displayName: 'Bob' }, course: { title: 'Live Course', enrollmentCount: 2 } } } });
    sub.unsubscribe();
  });

  it('a message sent the moment a member subscribes, while the membership check runs, is delivered', async () => {
    const c = client(alice.token);
    await new Promise((connected) => c.on('connected', connected));
    const sub = subscribe(c, `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`, { c: courseId });
    await send(bob, 'sent at once');
    expect(await sub.nth(1)).toEqual({ data: { chatMessageAdded: { body: 'sent at once' } } });
    sub.unsubscribe();
  });

  it('messages sent in sequence arrive in that order', async () => {
    const sub = subscribe(client(bob.token), `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`, { c: courseId });
    await settleSubscriptions();
    const bodies = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`);
    for (const body of bodies) await send(alice, body);
    await sub.nth(bodies.length);
    expect(sub.results.map((r: any) => r.data.chatMessageAdded.body)).toEqual(bodies);
    sub.unsubscribe();
  });

  it('a new question and its answer appear live for another member', async () => {
    const questions = subscribe(client(bob.token), `subscription($c: ID!) { questionAdded(courseId: $c) { title author { displayName } answerCount } }`, { c: courseId });
    await settleSubscriptions();
    const asked = await t.gql(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "How do I start?", body: "Where is lesson one?" }) { id } }`, { c: courseId }, { token: alice.token });
    const questionId = asked.data!.askQuestion.id;
    expect((await questions.nth(1)).data).toEqual({ questionAdded: { title: 'How do I start?', author: { displayName: 'Alice' }, answerCount: 0 } });

    const answers = subscribe(client(alice.token), `subscription($q: ID!) { answerAdded(questionId: $q) { body author { displayName } question { title } } }`, { q: questionId });
    await settleSubscriptions();
    await t.gql(`mutation($q: ID!) { answerQuestion(questionId: $q, body: "Open the first section.") { id } }`, { q: questionId }, { token: instructor.token });
    expect((await answers.nth(1)).data).toEqual({ answerAdded: { body: 'Open the first section.', author: { displayName: 'Iris Instructor' }, question: { title: 'How do I start?' } } });
    questions.unsubscribe();
    answers.unsubscribe();
  });

  it('notifications reach only their owner', async () => {
    const aliceNotes = subscribe(client(alice.token), `subscription { notificationAdded { kind message read } }`);
    const bobNotes = subscribe(client(bob.token), `subscription { notificationAdded { kind } }`);
    await settleSubscriptions();
    const asked = await t.gql(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Notify me please", body: "Anyone?" }) { id } }`, { c: courseId }, { token: alice.token });
    await t.gql(`mutation($q: ID!) { answerQuestion(questionId: $q, body: "Here I am.") { id } }`, { q: asked.data!.askQuestion.id }, { token: bob.token });
    const note = await aliceNotes.nth(1);
    expect(note.data).toMatchObject({ notificationAdded: { kind: 'ANSWER_TO_MY_QUESTION', read: false } });
    await new Promise((r) => setTimeout(r, 500));
    expect(bobNotes.results).toEqual([]);
    aliceNotes.unsubscribe();
    bobNotes.unsubscribe();
  });
});

describe('who may listen', () => {
  it("a non-member gets FORBIDDEN and hears nothing of the course's chat", async () => {
    const sub = subscribe(client(outsider.token), `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`, { c: courseId });
    await sub.ended;
    expect(sub.results[0]!.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await send(alice, 'secret');
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.results).toHaveLength(1);
  });

  it('a subscription counts as active once authorized and until it ends, even with no event meanwhile; a refused one never does', async () => {
    const active = () => t.stack.gateway.activeSubscriptions();
    const listeners = () => t.stack.gateway.tail!.listenerCount;
    const chat = `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`;
    const before = active();
    const listening = listeners();
    const member = subscribe(client(alice.token), chat, { c: courseId });
    await vi.waitFor(() => expect(active()).toBe(before + 1), { timeout: 5000 });
    const refused = subscribe(client(outsider.token), chat, { c: courseId });
    await refused.ended;
    expect(active()).toBe(before + 1);
    member.unsubscribe();
    // Ended on a quiet course: its listener goes too (it used to stay until the next event).
    await vi.waitFor(() => expect([active(), listeners()]).toEqual([before, listening]), { timeout: 5000 });
  });

  it('an anonymous client cannot subscribe to notifications', async () => {
    const sub = subscribe(client(), `subscription { notificationAdded { kind } }`);
    await sub.ended;
    expect(sub.results[0]!.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('an invalid subscription document is BAD_USER_INPUT', async () => {
    const sub = subscribe(client(alice.token), `subscription { chatMessageAdded(courseId: "x") { nope } }`);
    await sub.ended;
    expect(sub.results[0]!.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a connection with a forged token is refused', async () => {
    const c = client('not.a.token');
    const closed = await new Promise<{ code: number }>((resolve) => c.on('closed', (e) => resolve(e as { code: number })));
    expect(closed.code).toBe(4401);
  });

  it('a token that expires while subscribed ends the subscription with UNAUTHENTICATED', async () => {
    const key = await importPKCS8(t.platform.keys.privateKeyPem!, 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await new SignJWT({ roles: ['STUDENT'] }).setProtectedHeader({ alg: 'EdDSA' }).setSubject(alice.id)
      .setIssuer(t.platform.config.JWT_ISSUER).setAudience(t.platform.config.JWT_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 2).sign(key);
    const sub = subscribe(client(shortLived), `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`, { c: courseId });
    await settleSubscriptions();
    await sub.ended;
    const last = sub.results.at(-1)!;
    expect(last.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(last.errors![0]!.message).toMatch(/expired/);
  });

  it('a client that renews its token with a ping keeps its subscription past the old expiry', async () => {
    const key = await importPKCS8(t.platform.keys.privateKeyPem!, 'EdDSA');
    const token = async (seconds: number) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ roles: ['STUDENT'] }).setProtectedHeader({ alg: 'EdDSA' }).setSubject(alice.id)
        .setIssuer(t.platform.config.JWT_ISSUER).setAudience(t.platform.config.JWT_AUDIENCE).setIssuedAt(now).setExpirationTime(now + seconds).sign(key);
    };
    // The graphql-ws protocol by hand: its client library sends no ping payloads.
    const socket = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await token(2)}` } }));
    await expect.poll(() => messages.some((m) => m.type === 'connection_ack')).toBe(true);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }`, variables: { c: courseId } } }));
    await settleSubscriptions();
    socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${await token(600)}` } }));
    await new Promise((r) => setTimeout(r, 2500));
    await send(bob, 'still listening');
    await expect.poll(() => messages.find((m) => m.type === 'next')?.payload, { timeout: 5000 }).toEqual({ data: { chatMessageAdded: { body: 'still listening' } } });
    expect(messages.some((m) => m.type === 'next' && m.payload.errors)).toBe(false);
    socket.close();
  });
});
