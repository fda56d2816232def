import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { callerTable, resultOf } from '../support/matrix.ts';
import { uploadThroughGateway, waitUntilReady } from '../support/media.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// The email verification, password state and avatar fields, asked through the running gateway by each caller.
// `owner` registered and has not verified yet (the fields are asked about them); `other` is a
// verified user; the ADMIN is verified too. `picture` is a READY AVATAR asset `owner` uploaded.

const callers = ['anonymous', 'owner', 'other', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  owner: 'the unverified user themself',
  other: 'another (verified) user',
  admin: 'an ADMIN',
};

let t: TestStack;
let people: Record<Person, TestUser>;
let picture: string;
const { matrix, as, each, signedIn } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

beforeAll(async () => {
  t = await startTestStack();
  people = {
    owner: await signUp(t, [], 'Matrix Owner', { verified: false }),
    other: await signUp(t, [], 'Matrix Other'),
    admin: await signUp(t, ['ADMIN'], 'Matrix Admin'),
  };
  const png = execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=32x32', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  picture = await uploadThroughGateway(t, people.owner.token, { purpose: 'AVATAR', fileName: 'owner.png', contentType: 'image/png' }, png);
  await waitUntilReady(t, people.owner.token, picture);
});
afterAll(async () => t?.close());

matrix('email verification and avatar reads, for each caller', [
  {
    name: 'User.emailVerified is shown to the user themself and ADMIN, null to others',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { user(id: $id) { emailVerified } }`, { id: people.owner.id }), (d) => d.user.emailVerified),
    expect: { anonymous: null, owner: false, other: null, admin: false },
  },
  {
    name: 'me.emailVerified is the caller\'s own state',
    run: async (c) => resultOf(await as(c, `{ me { emailVerified } }`), (d) => d.me?.emailVerified ?? null),
    expect: { anonymous: null, owner: false, other: true, admin: true },
  },
  {
    name: 'User.hasPassword is shown to the user themself and ADMIN, null to others',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { user(id: $id) { hasPassword } }`, { id: people.owner.id }), (d) => d.user.hasPassword),
    expect: { anonymous: null, owner: true, other: null, admin: true },
  },
  {
    name: 'User.avatar shows the initials to everyone',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { user(id: $id) { avatar { initials } } }`, { id: people.owner.id }), (d) => d.user.avatar),
    expect: each({ initials: 'MO' }),
  },
]);

matrix('email verification and avatar writes, for each caller', [
  {
    name: 'verifyEmail with a token nobody was sent',
    run: async (c) => resultOf(await as(c, `mutation { verifyEmail(token: "${'Z'.repeat(43)}") { id } }`), (d) => d),
    expect: each('BAD_USER_INPUT'),
  },
  {
    name: 'resendVerification right after registering, or once verified',
    run: async (c) => resultOf(await as(c, `mutation { resendVerification }`), (d) => d.resendVerification),
    expect: signedIn('CONFLICT', { owner: 'RATE_LIMITED' }),
  },
  {
    name: 'changeEmail with a wrong password',
    run: async (c) => resultOf(await as(c, `mutation { changeEmail(newEmail: "x.${Date.now()}@example.com", password: "wrong password 1") { id } }`), (d) => d),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'checkout (an empty cart) asks for a verified address first',
    run: async (c) => resultOf(await as(c, `mutation { checkout(idempotencyKey: "matrix-checkout-1", paymentToken: "tok_ok") { id } }`), (d) => d),
    expect: signedIn('BAD_USER_INPUT', { owner: 'FORBIDDEN' }),
  },
  {
    name: 'setAvatar with the owner\'s picture',
    run: async (c) => resultOf(await as(c, `mutation($m: ID!) { setAvatar(mediaId: $m) { id avatar { image { id } } } }`, { m: picture }), (d) => d.setAvatar.avatar.image.id === picture),
    expect: signedIn('FORBIDDEN', { owner: true }),
  },
  {
    name: 'clearAvatar clears the caller\'s own picture',
    run: async (c) => resultOf(await as(c, `mutation { clearAvatar { id avatar { image { id } } } }`), (d) => d.clearAvatar.id === people[c as Person].id && d.clearAvatar.avatar.image === null),
    expect: signedIn(true),
  },
  {
    name: 'the owner\'s avatar afterwards is the initials again',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { user(id: $id) { avatar { image { id } } } }`, { id: people.owner.id }), (d) => d.user.avatar.image),
    expect: each(null),
  },
]);
