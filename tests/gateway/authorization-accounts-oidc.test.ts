import { afterAll, beforeAll } from 'vitest';
import { callerTable, resultOf } from '../support/matrix.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every field and mutation of sign-in with OpenID Connect, asked through the running gateway by
// five callers: `linked` has a password and the provider's account `linked-account` linked, the
// others have only a password. The provider is a real one on loopback.

const callers = ['anonymous', 'student', 'linked', 'instructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  student: 'a student',
  linked: 'a user with a linked account',
  instructor: 'an instructor',
  admin: 'an ADMIN',
};
const CALLBACK = 'http://localhost:5173/auth/callback';
const START = 'mutation($p: ID!, $r: String!) { startOidcSignIn(provider: $p, redirectUri: $r) { authorizationUrl state } }';
const START_LINK = 'mutation($p: ID!, $r: String!) { startOidcLink(provider: $p, redirectUri: $r) { authorizationUrl state } }';
const COMPLETE = 'mutation($p: ID!, $s: String!, $c: String!) { completeOidcSignIn(provider: $p, state: $s, callbackUrl: $c) { user { id } } }';
const COMPLETE_LINK = 'mutation($p: ID!, $s: String!, $c: String!) { completeOidcLink(provider: $p, state: $s, callbackUrl: $c) { provider } }';

let t: TestStack;
let idp: TestOidcProvider;
let people: Record<Person, TestUser>;
let accounts = 0;

const { matrix, as, each, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

/** A new account at the provider, with an email nobody has (unverified: linking needs no email). */
function freshAccount(): string {
  accounts += 1;
  const login = `fresh-${accounts}`;
  idp.addAccount({ login, email: `${login}.${Date.now()}@example.com`, emailVerified: false, name: `Fresh ${accounts}` });
  return login;
}

beforeAll(async () => {
  idp = await startOidcProvider([CALLBACK]);
  t = await startTestStack({ OIDC_PROVIDERS: JSON.stringify([idp.settings()]) });
  people = {
    student: await signUp(t, [], 'OIDC Student'),
    linked: await signUp(t, [], 'OIDC Linked'),
    instructor: await signUp(t, ['INSTRUCTOR'], 'OIDC Instructor'),
    admin: await signUp(t, ['ADMIN'], 'OIDC Admin'),
  };
  idp.addAccount({ login: 'linked-account', email: 'linked-account@example.com', emailVerified: false, name: 'Linked' });
  const { startOidcLink } = await ok(people.linked, START_LINK, { p: 'local', r: CALLBACK });
  await ok(people.linked, COMPLETE_LINK, { p: 'local', s: startOidcLink.state, c: await idp.signIn(startOidcLink.authorizationUrl, 'linked-account') });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await idp?.stop();
});

const origin = (url: string) => new URL(url).origin;

matrix('Sign-in with OpenID Connect', [
  {
    name: 'oidcProviders lists the providers',
    run: async (caller) => resultOf(await as(caller, '{ oidcProviders { id name } }'), (d) => d.oidcProviders),
    expect: each([{ id: 'local', name: 'Local ID' }]),
  },
  {
    name: 'linkedAccounts answers the viewer\'s own',
    run: async (caller) => resultOf(await as(caller, '{ linkedAccounts { provider subject } }'), (d) => d.linkedAccounts),
    expect: { anonymous: 'UNAUTHENTICATED', student: [], linked: [{ provider: 'local', subject: 'linked-account' }], instructor: [], admin: [] },
  },
  {
    name: 'startOidcSignIn answers an authorization URL at the provider',
    run: async (caller) => resultOf(await as(caller, START, { p: 'local', r: CALLBACK }), (d) => origin(d.startOidcSignIn.authorizationUrl)),
    expect: each(() => idp.issuer),
    words: each('the provider\'s URL'),
  },
  {
    name: 'completeOidcSignIn signs in as the provider account\'s user, whoever sends the answer',
    run: async (caller) => {
      const started = (await t.gql(START, { p: 'local', r: CALLBACK })).data!.startOidcSignIn;
      const callbackUrl = await idp.signIn(started.authorizationUrl, 'linked-account');
      return resultOf(await as(caller, COMPLETE, { p: 'local', s: started.state, c: callbackUrl }), (d) => d.completeOidcSignIn.user.id);
    },
    expect: each(() => people.linked.id),
    words: each('the linked user'),
  },
  {
    name: 'startOidcLink answers an authorization URL at the provider',
    run: async (caller) => resultOf(await as(caller, START_LINK, { p: 'local', r: CALLBACK }), (d) => origin(d.startOidcLink.authorizationUrl)),
    expect: signedIn(() => idp.issuer),
    words: { student: 'the provider\'s URL', linked: 'the provider\'s URL', instructor: 'the provider\'s URL', admin: 'the provider\'s URL' },
  },
  {
    name: 'completeOidcLink of a link the ADMIN started links it for the ADMIN only',
    run: async (caller) => {
      const started = (await ok(people.admin, START_LINK, { p: 'local', r: CALLBACK })).startOidcLink;
      const callbackUrl = await idp.signIn(started.authorizationUrl, freshAccount());
      return resultOf(await as(caller, COMPLETE_LINK, { p: 'local', s: started.state, c: callbackUrl }), (d) => d.completeOidcLink.provider);
    },
    expect: signedIn('BAD_USER_INPUT', { admin: 'local' }),
  },
  {
    name: 'unlinkAccount unlinks the viewer\'s own (each has a password left)',
    run: async (caller) => resultOf(await as(caller, 'mutation { unlinkAccount(provider: "local") }'), (d) => d.unlinkAccount),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'NOT_FOUND', linked: true, instructor: 'NOT_FOUND', admin: true },
  },
]);
