import { afterAll, beforeAll } from 'vitest';
import { UnsubscribeTokens } from '@lg/engagement';
import { callerTable, resultOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every field of preferences and unsubscribe links, asked through the running gateway by each
// caller. Preferences are always the caller's own; an unsubscribe token is its own authority
// (whoever holds the mail's link may use it, signed in or not) and names one user.

const callers = ['anonymous', 'student', 'instructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = { anonymous: 'an anonymous caller', student: 'a student', instructor: 'an instructor', admin: 'an ADMIN' };

let t: TestStack;
let people: Record<Person, TestUser>;
let tokens: UnsubscribeTokens;
const { matrix, as, each, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

const UPDATE = `mutation($input: PreferencesInput!) { updatePreferences(input: $input) { locale } }`;
const mentionedOf = async (user: TestUser) =>
  (await ok(user, `{ myPreferences { notifications { kind channel dailyDigest } } }`)).myPreferences.notifications.find((n: { kind: string }) => n.kind === 'MENTIONED');

beforeAll(async () => {
  t = await startTestStack();
  people = { student: await signUp(t, [], 'Prefs Student'), instructor: await signUp(t, ['INSTRUCTOR'], 'Prefs Instructor'), admin: await signUp(t, ['ADMIN'], 'Prefs Admin') };
  await ok(people.student, UPDATE, { input: { locale: 'fr', timeZone: 'Europe/Paris' } });
  await ok(people.instructor, UPDATE, { input: { locale: 'de' } });
  // Signed as engagement signs them (MAIL_LINK_SECRET unset: the subgraph secret).
  tokens = new UnsubscribeTokens(t.platform.subgraphSecret);
}, 240_000);
afterAll(async () => t?.close());

matrix('preferences reads through the gateway, for each caller', [
  {
    name: "myPreferences answers the caller's own",
    run: async (c) => resultOf(await as(c, `{ myPreferences { locale timeZone } }`), (d) => d.myPreferences),
    expect: { ...signedIn({ locale: 'en', timeZone: 'UTC' }), student: { locale: 'fr', timeZone: 'Europe/Paris' }, instructor: { locale: 'de', timeZone: 'UTC' } },
  },
  {
    name: 'supportedLocales lists the locales to anyone',
    run: async (c) => resultOf(await as(c, `{ supportedLocales }`), (d) => d.supportedLocales.includes('pt-BR') && d.supportedLocales.length),
    expect: each(12),
  },
  {
    name: "unsubscribeTarget names the token's kinds to anyone holding it",
    run: async (c) => resultOf(await as(c, `query($t: String!) { unsubscribeTarget(token: $t) }`, { t: tokens.sign(people.student.id, ['MENTIONED', 'THREAD_REPLY']) }), (d) => d.unsubscribeTarget),
    expect: each(['MENTIONED', 'THREAD_REPLY']),
  },
  {
    name: 'notificationKinds gives anyone every kind with the label the mail uses',
    run: async (c) => resultOf(await as(c, `{ notificationKinds { kind label } }`), (d) => d.notificationKinds.find((k: { kind: string }) => k.kind === 'DIRECT_MESSAGE')?.label),
    expect: each('Direct messages'),
  },
  {
    name: 'unsubscribeTarget refuses a token signed with another secret',
    run: async (c) => resultOf(await as(c, `query($t: String!) { unsubscribeTarget(token: $t) }`, { t: new UnsubscribeTokens('x'.repeat(40)).sign(people.student.id, ['MENTIONED']) }), (d) => d.unsubscribeTarget),
    expect: each('BAD_USER_INPUT'),
  },
]);

matrix('preferences writes through the gateway, for each caller', [
  {
    name: "updatePreferences changes the caller's own and nobody else's",
    run: async (c) => {
      const res = resultOf(await as(c, `mutation { updatePreferences(input: { notifications: [{ kind: MENTIONED, channel: NONE }] }) { notifications { kind channel } } }`),
        (d) => d.updatePreferences.notifications.find((n: { kind: string }) => n.kind === 'MENTIONED').channel);
      const student = (await mentionedOf(people.student)).channel;
      if (c === 'student') await ok(people.student, UPDATE, { input: { notifications: [{ kind: 'MENTIONED', channel: 'IN_APP' }] } });
      return { res, student };
    },
    expect: { ...signedIn({ res: 'NONE', student: 'IN_APP' }), anonymous: { res: 'UNAUTHENTICATED', student: 'IN_APP' }, student: { res: 'NONE', student: 'NONE' } },
  },
  {
    name: "unsubscribe turns the token's user's mail of that kind off, whoever follows the link",
    run: async (c) => {
      await ok(people.student, UPDATE, { input: { notifications: [{ kind: 'MENTIONED', channel: 'BOTH', dailyDigest: true }] } });
      const res = resultOf(await as(c, `mutation($t: String!) { unsubscribe(token: $t) { kind channel dailyDigest } }`, { t: tokens.sign(people.student.id, ['MENTIONED']) }), (d) => d.unsubscribe);
      return { res, student: await mentionedOf(people.student) };
    },
    expect: each({ res: [{ kind: 'MENTIONED', channel: 'IN_APP', dailyDigest: false }], student: { kind: 'MENTIONED', channel: 'IN_APP', dailyDigest: false } }),
  },
  {
    name: 'unsubscribe refuses an altered token and changes nothing',
    run: async (c) => {
      await ok(people.student, UPDATE, { input: { notifications: [{ kind: 'MENTIONED', channel: 'EMAIL' }] } });
      const [payload, mac] = tokens.sign(people.student.id, ['MENTIONED']).split('.');
      const altered = `${Buffer.from(`v1:${people.admin.id}:MENTIONED`).toString('base64url')}.${mac}`;
      const res = resultOf(await as(c, `mutation($t: String!) { unsubscribe(token: $t) { kind } }`, { t: altered }), (d) => d.unsubscribe);
      return { res, payloadKept: payload!.length > 0, student: (await mentionedOf(people.student)).channel };
    },
    expect: each({ res: 'BAD_USER_INPUT', payloadKept: true, student: 'EMAIL' }),
  },
]);
