import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestScheduler } from '@lg/engagement';
import { EVENTS } from '@lg/platform';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Notification preferences decide how each kind reaches its user: in the app, by mail (through a
// real SMTP server on loopback), in one daily digest, or not at all; every mail carries a signed
// unsubscribe link that works signed out and cannot be forged.

interface Received { to: string; raw: string; headers: Map<string, string>; body: string }
const received: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw, ...parse(raw) });
      callback();
    });
  },
});

/** Headers unfolded (RFC 5322 §2.2.3) and the quoted-printable text body decoded. */
function parse(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return { headers, body };
}

let t: TestStack;
let origin: string;
let writer: TestUser;
let reader: TestUser;
let courseId: string;

const SEND = `mutation($to: [ID!]!, $b: String!) { sendDirectMessage(input: { recipientIds: $to, body: $b }) { id } }`;
const UPDATE = `mutation($input: PreferencesInput!) { updatePreferences(input: $input) { locale timeZone notifications { kind channel dailyDigest } updatedAt } }`;
const MINE = `{ myPreferences { locale timeZone notifications { kind channel dailyDigest } updatedAt } }`;
const IN_APP = `{ myNotifications(first: 50) { edges { node { kind message } } } }`;

/** Notification mail to the user (not identity's verification mail of their sign-up). */
const mailsTo = (user: TestUser) => received.filter((m) => m.to === user.email && !m.headers.get('subject')?.startsWith('Verify your'));
const queuedTo = (user: TestUser) => t.stack.subgraphs.engagement.mail.repository.mail.collection.countDocuments({ to: user.email });
const inAppOf = async (user: TestUser) => ((await t.gql(IN_APP, {}, { token: user.token })).data!.myNotifications.edges as { node: { kind: string } }[]).map((e) => e.node.kind);
const settingOf = async (user: TestUser, kind: string) => ((await t.gql(MINE, {}, { token: user.token })).data!.myPreferences.notifications as { kind: string; channel: string; dailyDigest: boolean }[]).find((n) => n.kind === kind);

async function choose(user: TestUser, channel: string, dailyDigest = false) {
  const res = await t.gql(UPDATE, { input: { notifications: [{ kind: 'DIRECT_MESSAGE', channel, dailyDigest }] } }, { token: user.token });
  expect(res.errors).toBeUndefined();
}

/** A direct message from writer to reader, once engagement's notification consumer has handled it. */
async function directMessage(body: string, to: TestUser = reader) {
  const res = await t.gql(SEND, { to: [to.id], b: body }, { token: writer.token });
  expect(res.errors).toBeUndefined();
  await t.stack.subgraphs.engagement.consumers.notifications.catchUp();
}

const tokenIn = (mail: Received) => /token=([A-Za-z0-9_.-]+)/.exec(mail.headers.get('list-unsubscribe') ?? '')![1]!;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as { port: number };
  t = await startTestStack({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  origin = new URL(t.url).origin;
  const instructor = await signUp(t, ['INSTRUCTOR']);
  courseId = (await createCourse(t, instructor)).id;
  [writer, reader] = [await signUp(t), await signUp(t, [], 'Reader Person')];
  for (const user of [writer, reader]) {
    const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, { token: user.token });
    expect(res.errors).toBeUndefined();
  }
  // The reader's address reaches engagement through identity's UserRegistered event.
  await t.stack.subgraphs.engagement.consumers.contacts.catchUp();
}, 240_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('preferences', () => {
  it('start as the defaults: English, UTC, every kind in the app only, no digest', async () => {
    const fresh = await signUp(t);
    const prefs = (await t.gql(MINE, {}, { token: fresh.token })).data!.myPreferences;
    expect(prefs).toMatchObject({ locale: 'en', timeZone: 'UTC', updatedAt: null });
    expect(prefs.notifications.length).toBeGreaterThanOrEqual(15);
    expect(new Set(prefs.notifications.map((n: { channel: string }) => n.channel))).toEqual(new Set(['IN_APP']));
  });

  it('keep a locale from the list and an IANA time zone, spelled canonically, and the viewer reads them at once', async () => {
    const user = await signUp(t);
    await t.gql(MINE, {}, { token: user.token }); // cached now: the update must evict it
    const res = await t.gql(UPDATE, { input: { locale: 'PT-br', timeZone: 'america/sao_paulo' } }, { token: user.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updatePreferences).toMatchObject({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    expect((await t.gql(MINE, {}, { token: user.token })).data!.myPreferences).toMatchObject({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
  });

  it('refuse bad input with BAD_USER_INPUT and change nothing', async () => {
    const user = await signUp(t);
    await t.gql(UPDATE, { input: { locale: 'fr', notifications: [{ kind: 'MENTIONED', channel: 'BOTH' }] } }, { token: user.token });
    const bad = [
      { locale: 'xx-YY' }, { locale: 'x'.repeat(10_000) }, { timeZone: 'Mars/Olympus_Mons' }, { timeZone: 'Europe/Paris'.repeat(10) },
      { notifications: [{ kind: 'MENTIONED', channel: 'IN_APP', dailyDigest: true }] },
      { notifications: [{ kind: 'MENTIONED', channel: 'EMAIL' }, { kind: 'MENTIONED', channel: 'NONE' }] },
      { notifications: Array.from({ length: 41 }, () => ({ kind: 'MENTIONED', channel: 'NONE' })) },
    ];
    for (const input of bad) {
      const res = await t.gql(UPDATE, { input }, { token: user.token });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    const unknownKind = await t.gql(UPDATE, { input: { notifications: [{ kind: 'NOT_A_KIND', channel: 'NONE' }] } }, { token: user.token });
    expect(unknownKind.errors).toBeDefined();
    const prefs = (await t.gql(MINE, {}, { token: user.token })).data!.myPreferences;
    expect(prefs).toMatchObject({ locale: 'fr', timeZone: 'UTC' });
    expect(prefs.notifications.find((n: { kind: string }) => n.kind === 'MENTIONED')).toEqual({ kind: 'MENTIONED', channel: 'BOTH', dailyDigest: false });
  });

  it('of one kind leave the others as they were', async () => {
    const user = await signUp(t);
    await t.gql(UPDATE, { input: { notifications: [{ kind: 'MENTIONED', channel: 'EMAIL' }] } }, { token: user.token });
    await t.gql(UPDATE, { input: { notifications: [{ kind: 'THREAD_REPLY', channel: 'NONE' }] } }, { token: user.token });
    expect(await settingOf(user, 'MENTIONED')).toMatchObject({ channel: 'EMAIL' });
    expect(await settingOf(user, 'THREAD_REPLY')).toMatchObject({ channel: 'NONE' });
  });
});

describe('a notification kind', () => {
  it('switched to email only produces a mail and no in-app entry', async () => {
    await choose(reader, 'EMAIL');
    await directMessage('Email only, please');
    await expect.poll(() => mailsTo(reader).length, { timeout: 10_000 }).toBe(1);
    const mail = mailsTo(reader)[0]!;
    expect(mail.headers.get('subject')).toMatch(/Direct messages/);
    expect(mail.body).toMatch(/Hello Reader Person/);
    expect(mail.body).toMatch(/You have a new direct message/);
    expect(await inAppOf(reader)).not.toContain('DIRECT_MESSAGE');
  });

  it('carries List-Unsubscribe (a link on the gateway) and List-Unsubscribe-Post for one-click', () => {
    const mail = mailsTo(reader)[0]!;
    expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http[^>]+\/mail\/unsubscribe\?token=[A-Za-z0-9_.-]+>$/);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.body).toMatch(/\/unsubscribe\?token=/);
  });

  it('set to BOTH produces a mail and an in-app entry', async () => {
    await choose(reader, 'BOTH');
    const before = mailsTo(reader).length;
    await directMessage('Both ways');
    await expect.poll(() => mailsTo(reader).length, { timeout: 10_000 }).toBe(before + 1);
    expect(await inAppOf(reader)).toContain('DIRECT_MESSAGE');
  });

  it('set to NONE produces neither', async () => {
    await choose(reader, 'NONE');
    await t.gql(`mutation { markNotificationsRead(ids: []) }`, {}, { token: reader.token });
    const [queued, inApp] = [await queuedTo(reader), (await inAppOf(reader)).length];
    await directMessage('Nobody hears this');
    expect(await queuedTo(reader)).toBe(queued);
    expect((await inAppOf(reader)).length).toBe(inApp);
  });

  it('replayed from the log mails nothing twice', async () => {
    await choose(reader, 'EMAIL');
    await directMessage('Once only');
    const queued = await queuedTo(reader);
    const consumer = t.stack.subgraphs.engagement.consumers.notifications;
    // The same event handed over again, as at-least-once delivery may.
    const last = await t.platform.db.collection(EVENTS).find({ type: 'DirectMessageSent' }).sort({ seq: -1 }).limit(1).next();
    expect(last).toBeTruthy();
    await (consumer as unknown as { handle(e: unknown): Promise<void> }).handle(last);
    expect(await queuedTo(reader)).toBe(queued);
  });
});

describe('the daily digest', () => {
  it('collects a day of mail into one mail at the digest hour, sent once even by two instances at once', async () => {
    const digestReader = await signUp(t, [], 'Digest Reader');
    const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, { token: digestReader.token });
    expect(res.errors).toBeUndefined();
    await t.gql(UPDATE, { input: { timeZone: 'Asia/Kolkata', notifications: [{ kind: 'DIRECT_MESSAGE', channel: 'EMAIL', dailyDigest: true }] } }, { token: digestReader.token });
    await t.stack.subgraphs.engagement.consumers.contacts.catchUp();
    await directMessage('First of the day', digestReader);
    await directMessage('Second of the day', digestReader);
    expect(await queuedTo(digestReader)).toBe(0);
    const { repository, mailer } = t.stack.subgraphs.engagement.mail;
    const digest = await repository.digests.findOne({ _id: digestReader.id });
    // 08:00 in Kolkata is 02:30 UTC.
    expect(digest!.dueAt.getUTCHours() * 60 + digest!.dueAt.getUTCMinutes()).toBe(2 * 60 + 30);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    const other = new DigestScheduler(repository, mailer, 8, t.platform.logger);
    const sent = await Promise.all([t.stack.subgraphs.engagement.mail.digests.sendDue(tomorrow), other.sendDue(tomorrow)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    await expect.poll(() => mailsTo(digestReader).length, { timeout: 10_000 }).toBe(1);
    const mail = mailsTo(digestReader)[0]!;
    expect(mail.headers.get('subject')).toMatch(/digest: 2 notifications/);
    expect(mail.body.match(/Direct messages: You have/g)).toHaveLength(2);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // Sent items are gone; nothing is due again until more come.
    expect(await repository.digestItems.countDocuments({ userId: digestReader.id })).toBe(0);
    expect(await t.stack.subgraphs.engagement.mail.digests.sendDue(new Date(Date.now() + 50 * 3_600_000))).toBe(0);
  });
});

describe('the unsubscribe link', () => {
  it('shows what it turns off to anyone, signed out, and changes nothing on GET', async () => {
    const token = tokenIn(mailsTo(reader)[0]!);
    const page = await fetch(`${origin}/mail/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Direct messages[\s\S]*<form method="post"/);
    const target = await t.gql(`query($t: String!) { unsubscribeTarget(token: $t) }`, { t: token });
    expect(target.data!.unsubscribeTarget).toEqual(['DIRECT_MESSAGE']);
    expect(await settingOf(reader, 'DIRECT_MESSAGE')).toMatchObject({ channel: 'EMAIL' });
  });

  it('is refused when forged or altered, and nobody\'s settings change', async () => {
    const token = tokenIn(mailsTo(reader)[0]!);
    const [payload, mac] = token.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const otherUser = Buffer.from(`v1:${writer.id}:DIRECT_MESSAGE`).toString('base64url');
    const forged = [
      `${flip(payload, 3)}.${mac}`, `${payload}.${flip(mac, 5)}`, `${otherUser}.${mac}`, payload, `${payload}.${mac}.x`, 'x'.repeat(5000),
    ];
    await t.gql(UPDATE, { input: { notifications: [{ kind: 'DIRECT_MESSAGE', channel: 'BOTH' }] } }, { token: writer.token });
    for (const bad of forged) {
      const res = await t.gql(`mutation($t: String!) { unsubscribe(token: $t) { kind channel } }`, { t: bad });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const post = await fetch(`${origin}/mail/unsubscribe?token=${encodeURIComponent(bad)}`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
      });
      expect(post.status).toBe(400);
    }
    expect(await settingOf(reader, 'DIRECT_MESSAGE')).toMatchObject({ channel: 'EMAIL' });
    expect(await settingOf(writer, 'DIRECT_MESSAGE')).toMatchObject({ channel: 'BOTH' });
  });

  it('turns that kind\'s mail off in one click (RFC 8058 POST), signed out; the next message mails nothing', async () => {
    const token = tokenIn(mailsTo(reader)[0]!);
    await t.gql(MINE, {}, { token: reader.token }); // cached: the unsubscribe must evict it
    const post = await fetch(`${origin}/mail/unsubscribe?token=${token}`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toMatch(/Unsubscribed/);
    // Not the reader's own request: their cached settings follow within the cache contract's second.
    await expect.poll(() => settingOf(reader, 'DIRECT_MESSAGE'), { timeout: 1500, interval: 100 }).toEqual({ kind: 'DIRECT_MESSAGE', channel: 'NONE', dailyDigest: false });
    const queued = await queuedTo(reader);
    await directMessage('After unsubscribing');
    expect(await queuedTo(reader)).toBe(queued);
  });

  it('through the web page\'s mutation, keeps the in-app side of BOTH and is harmless twice', async () => {
    await choose(reader, 'BOTH');
    const before = mailsTo(reader).length;
    await directMessage('Both again');
    await expect.poll(() => mailsTo(reader).length, { timeout: 10_000 }).toBe(before + 1);
    const token = tokenIn(mailsTo(reader).at(-1)!);
    for (let i = 0; i < 2; i += 1) {
      const res = await t.gql(`mutation($t: String!) { unsubscribe(token: $t) { kind channel dailyDigest } }`, { t: token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.unsubscribe).toEqual([{ kind: 'DIRECT_MESSAGE', channel: 'IN_APP', dailyDigest: false }]);
    }
  });
});
