import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubApi, type TestGithubApi } from '../support/github-api.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { codeOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';

// Sign-in with OpenID Connect through the gateway against a real provider on loopback: the test
// plays the browser at the provider (its sign-in page, its cookies) and the web client's callback.

const CALLBACK = 'http://localhost:5173/auth/callback';
const START = 'mutation($p: ID!, $r: String!) { startOidcSignIn(provider: $p, redirectUri: $r) { authorizationUrl state } }';
const COMPLETE = 'mutation($p: ID!, $s: String!, $c: String!) { completeOidcSignIn(provider: $p, state: $s, callbackUrl: $c) { accessToken refreshToken user { id email displayName } } }';
const START_LINK = 'mutation($p: ID!, $r: String!) { startOidcLink(provider: $p, redirectUri: $r) { authorizationUrl state } }';
const COMPLETE_LINK = 'mutation($p: ID!, $s: String!, $c: String!) { completeOidcLink(provider: $p, state: $s, callbackUrl: $c) { provider providerName subject email } }';
const LINKED = '{ linkedAccounts { provider providerName subject email linkedAt } }';
const UNLINK = 'mutation($p: ID!) { unlinkAccount(provider: $p) }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }';

let idp: TestOidcProvider;
let github: TestGithubApi;
let t: TestStack;
let counter = 0;

/** An address where nothing listens: a provider that is down. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A person with an account at the provider; `email` defaults to a fresh one. */
function providerAccount(emailVerified = true, email?: string) {
  counter += 1;
  const account = { login: `person${counter}`, email: email ?? `oidc${counter}.${Date.now()}@example.com`, emailVerified, name: `Provider Person ${counter}` };
  idp.addAccount(account);
  return account;
}

async function start(provider = 'local', token?: string, mutation = START) {
  const res = await t.gql(mutation, { p: provider, r: CALLBACK }, token ? { token } : {});
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return (res.data!.startOidcSignIn ?? res.data!.startOidcLink) as { authorizationUrl: string; state: string };
}

/** Starts a sign-in, signs in at the provider as `login` and answers the state and the callback URL. */
async function atProvider(login: string, provider: TestOidcProvider = idp, id = 'local') {
  const { authorizationUrl, state } = await start(id);
  return { state, callbackUrl: await provider.signIn(authorizationUrl, login) };
}

const complete = (state: string, callbackUrl: string, provider = 'local') => t.gql(COMPLETE, { p: provider, s: state, c: callbackUrl });
const userByEmail = (email: string) => t.stack.subgraphs.identity.repository.findUserByEmail(email);

beforeAll(async () => {
  idp = await startOidcProvider([CALLBACK]);
  const down = { id: 'down', name: 'Down ID', issuer: `http://127.0.0.1:${await closedPort()}`, clientId: 'x', clientSecret: 'y' };
  // GitHub's flow against the same provider (authorize and token endpoints), its user API in front.
  github = await startGithubApi(idp);
  const githubEntry = {
    id: 'github', name: 'GitHub', kind: 'github', clientId: idp.clientId, clientSecret: idp.clientSecret,
    authorizationEndpoint: `${idp.issuer}/auth`, tokenEndpoint: `${idp.issuer}/token`, apiUrl: github.url,
  };
  t = await startTestStack({ OIDC_PROVIDERS: JSON.stringify([idp.settings(), down, githubEntry]) });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await github?.stop();
  await idp?.stop();
});

describe('OpenID Connect sign-in through the gateway', () => {
  it('lists the configured providers to anyone, by id and name only', async () => {
    const res = await t.gql('{ oidcProviders { id name } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.oidcProviders).toEqual([{ id: 'local', name: 'Local ID' }, { id: 'down', name: 'Down ID' }, { id: 'github', name: 'GitHub' }]);
  });

  it('starts with an authorization URL at the provider that carries PKCE (S256), a state and a nonce, and keeps the verifier server-side', async () => {
    const { authorizationUrl, state } = await start();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(state);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('code_verifier')).toBeNull();
    const stored = await t.platform.db.collection('identity_oidc_states').findOne({ provider: 'local' });
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(state);
  });

  it('creates a new user without a password on a first sign-in with a verified email, and signs the same user in the next time', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    expect(callbackUrl.startsWith(`${CALLBACK}?`)).toBe(true);
    const first = await complete(state, callbackUrl);
    expect(first.errors).toBeUndefined();
    const signedIn = first.data!.completeOidcSignIn;
    expect(signedIn.user).toMatchObject({ email: person.email, displayName: person.name });

    const me = await t.gql('{ me { id email } linkedAccounts { provider providerName subject email } }', {}, { token: signedIn.accessToken });
    expect(me.data).toEqual({ me: { id: signedIn.user.id, email: person.email }, linkedAccounts: [{ provider: 'local', providerName: 'Local ID', subject: person.login, email: person.email }] });
    const stored = await userByEmail(person.email);
    expect(stored).toMatchObject({ emailVerified: true, roles: ['STUDENT'] });
    expect(stored!.passwordHash).toBeUndefined();

    const again = await atProvider(person.login);
    const second = await complete(again.state, again.callbackUrl);
    expect(second.data!.completeOidcSignIn.user.id).toBe(signedIn.user.id);
  });

  it('records the device and address of a provider sign-in on its session, as for a password one', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const res = await t.gql(COMPLETE, { p: 'local', s: state, c: callbackUrl }, { headers: { 'user-agent': 'Provider Phone/2.0' } });
    const token = res.data!.completeOidcSignIn.accessToken as string;
    const sessions = (await t.gql('{ mySessions { userAgent address current } }', {}, { token })).data!.mySessions;
    expect(sessions).toEqual([{ userAgent: 'Provider Phone/2.0', address: expect.any(String), current: true }]);
  });

  it('refuses a password sign-in to a user created by a provider, with the usual answer', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    expect((await complete(state, callbackUrl)).errors).toBeUndefined();
    const res = await t.gql(LOGIN, { e: person.email, p: 'any password 123' });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toBe('The email or password is incorrect.');
  });

  it('links to the existing user with the same email when the provider says it is verified, and the password still works', async () => {
    const user = await signUp(t, [], 'Existing Person');
    const person = providerAccount(true, user.email.toUpperCase());
    const { state, callbackUrl } = await atProvider(person.login);
    const res = await complete(state, callbackUrl);
    expect(res.errors).toBeUndefined();
    expect(res.data!.completeOidcSignIn.user.id).toBe(user.id);
    const linked = await t.gql(LINKED, {}, { token: user.token });
    expect(linked.data!.linkedAccounts).toMatchObject([{ provider: 'local', subject: person.login }]);
    expect((await t.gql(LOGIN, { e: user.email, p: user.password })).data!.login.user.id).toBe(user.id);
  });

  it('neither links nor creates anything for an email the provider has not verified', async () => {
    const user = await signUp(t, [], 'Victim Person');
    const squatter = providerAccount(false, user.email);
    const first = await atProvider(squatter.login);
    const res = await complete(first.state, first.callbackUrl);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.message).toContain('did not confirm that this email address is yours');
    expect((await t.gql(LINKED, {}, { token: user.token })).data!.linkedAccounts).toEqual([]);

    const stranger = providerAccount(false);
    const second = await atProvider(stranger.login);
    expect(codeOf(await complete(second.state, second.callbackUrl))).toBe('FORBIDDEN');
    expect(await userByEmail(stranger.email)).toBeNull();
    expect(await t.platform.db.collection('identity_linked_accounts').countDocuments({ subject: { $in: [squatter.login, stranger.login] } })).toBe(0);
  });

  it('refuses a tampered state, and the genuine answer still completes afterwards', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const forged = `${state.slice(0, -4)}AAAA`;
    const otherState = await complete(forged, callbackUrl);
    expect(codeOf(otherState)).toBe('BAD_USER_INPUT');
    const bothForged = await complete(forged, callbackUrl.replace(`state=${state}`, `state=${forged}`));
    expect(codeOf(bothForged)).toBe('BAD_USER_INPUT');
    expect(bothForged.errors![0]!.message).toContain('invalid, expired or already used');
    expect(await userByEmail(person.email)).toBeNull();
    expect((await complete(state, callbackUrl)).data!.completeOidcSignIn.user.email).toBe(person.email);
  });

  it('refuses a replayed answer and a replayed code, even under a fresh state', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    expect((await complete(state, callbackUrl)).errors).toBeUndefined();
    const replay = await complete(state, callbackUrl);
    expect(codeOf(replay)).toBe('BAD_USER_INPUT');

    const fresh = await start();
    const code = new URL(callbackUrl).searchParams.get('code')!;
    const replayedCode = await complete(fresh.state, `${CALLBACK}?code=${encodeURIComponent(code)}&state=${fresh.state}&iss=${encodeURIComponent(idp.issuer)}`);
    expect(codeOf(replayedCode)).toBe('UNAUTHENTICATED');
    expect(replayedCode.errors![0]!.message).toContain('could not confirm this sign-in');
  });

  it('refuses an ID token whose nonce is not the one of this sign-in, creating nothing', async () => {
    const person = providerAccount(true);
    const { authorizationUrl, state } = await start();
    const swapped = new URL(authorizationUrl);
    swapped.searchParams.set('nonce', 'a-nonce-the-server-never-issued');
    const res = await complete(state, await idp.signIn(swapped.href, person.login));
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(await userByEmail(person.email)).toBeNull();
  });

  it('answers a clear error when the provider is down, at the start or between the start and the end, and creates nothing', async () => {
    const atStart = await t.gql(START, { p: 'down', r: CALLBACK });
    expect(atStart.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'PROVIDER_UNAVAILABLE' });
    expect(atStart.errors![0]!.message).toBe('Down ID cannot be reached right now; try again in a moment or sign in another way.');

    // A second provider that goes down once the user has signed in there.
    const flaky = await startOidcProvider([CALLBACK]);
    const stack = await startTestStack({ OIDC_PROVIDERS: JSON.stringify([flaky.settings('flaky', 'Flaky ID')]) });
    try {
      const email = `flaky.${Date.now()}@example.com`;
      flaky.addAccount({ login: 'fay', email, emailVerified: true, name: 'Fay' });
      const started = await stack.gql(START, { p: 'flaky', r: CALLBACK });
      const { authorizationUrl, state } = started.data!.startOidcSignIn;
      const callbackUrl = await flaky.signIn(authorizationUrl, 'fay');
      await flaky.stop();
      const res = await stack.gql(COMPLETE, { p: 'flaky', s: state, c: callbackUrl });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'PROVIDER_UNAVAILABLE' });
      expect(await stack.stack.subgraphs.identity.repository.findUserByEmail(email)).toBeNull();
      expect(await stack.platform.db.collection('identity_linked_accounts').countDocuments({})).toBe(0);
    } finally {
      await stack.close();
    }
  }, 120_000);

  it('refuses bad inputs clearly: an unknown provider, a redirect URI that is no web client callback, oversized and malformed values', async () => {
    expect(codeOf(await t.gql(START, { p: 'nobody', r: CALLBACK }))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(START, { p: 'Bad Provider!', r: CALLBACK }))).toBe('BAD_USER_INPUT');
    const evil = await t.gql(START, { p: 'local', r: 'https://evil.example/auth/callback' });
    expect(codeOf(evil)).toBe('BAD_USER_INPUT');
    expect(evil.errors![0]!.extensions!.field).toBe('redirectUri');
    expect(codeOf(await t.gql(START, { p: 'local', r: `${CALLBACK}?x=${'a'.repeat(5000)}` }))).toBe('BAD_USER_INPUT');
    const { state } = await start();
    expect(codeOf(await complete(state, 'x'.repeat(5000)))).toBe('BAD_USER_INPUT');
    expect(codeOf(await complete(state, `${CALLBACK}?state=${state}`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await complete('not a state', `${CALLBACK}?code=abc&state=not%20a%20state`))).toBe('BAD_USER_INPUT');
    // Another provider's name on this answer: refused before any provider is asked.
    expect(codeOf(await complete(state, `${CALLBACK}?code=abc&state=${state}`, 'down'))).toBe('BAD_USER_INPUT');
  });

  it('records each sign-in and link as audited events: actor, request id', async () => {
    const person = providerAccount(true);
    const since = new Date();
    const { state, callbackUrl } = await atProvider(person.login);
    const userId = (await complete(state, callbackUrl)).data!.completeOidcSignIn.user.id as string;
    const events = await t.platform.eventLog.ofTypesSince(['UserRegistered', 'AccountLinked', 'UserSignedIn'], since);
    const mine = events.filter((e) => e.userId === userId);
    expect(mine.map((e) => e.type)).toEqual(['UserRegistered', 'AccountLinked', 'UserSignedIn']);
    for (const event of mine.slice(1)) {
      expect(event.data.audit).toMatchObject({ actorId: userId, requestId: expect.any(String) });
    }
    expect(mine[2]!.data).toMatchObject({ method: 'OIDC', provider: 'local' });
  });

  it('records a password sign-in as an audited event too, as every sign-in ends in one place', async () => {
    const user = await signUp(t, [], 'Audited Password');
    const since = new Date();
    expect((await t.gql(LOGIN, { e: user.email, p: user.password })).errors).toBeUndefined();
    const events = (await t.platform.eventLog.ofTypesSince(['UserSignedIn'], since)).filter((e) => e.userId === user.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ userId: user.id, method: 'PASSWORD', audit: { actorId: user.id, requestId: expect.any(String) } });
  });
});

describe('GitHub\'s OAuth flow (a `github` provider entry)', () => {
  it('signs a new user in by the verified primary email from the user API, with PKCE and no nonce', async () => {
    const person = providerAccount(true);
    const { authorizationUrl, state } = await start('github');
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('scope')).toBe('read:user user:email');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBeNull();
    const res = await complete(state, await idp.signIn(authorizationUrl, person.login), 'github');
    expect(res.errors).toBeUndefined();
    expect(res.data!.completeOidcSignIn.user).toMatchObject({ email: person.email, displayName: person.name });
    const linked = await t.gql(LINKED, {}, { token: res.data!.completeOidcSignIn.accessToken });
    expect(linked.data!.linkedAccounts).toMatchObject([{ provider: 'github', providerName: 'GitHub', subject: expect.stringMatching(/^\d+$/) }]);
  });

  it('creates nothing for an unverified primary email, and refuses a replayed answer', async () => {
    const person = providerAccount(false);
    const { authorizationUrl, state } = await start('github');
    const callbackUrl = await idp.signIn(authorizationUrl, person.login);
    expect(codeOf(await complete(state, callbackUrl, 'github'))).toBe('FORBIDDEN');
    expect(await userByEmail(person.email)).toBeNull();
    expect(codeOf(await complete(state, callbackUrl, 'github'))).toBe('BAD_USER_INPUT');
  });
});

describe('Linked accounts of a signed-in user', () => {
  it('does not take the answer to a link as a sign-in', async () => {
    const user = await signUp(t, [], 'Linking Person');
    const person = providerAccount(false);
    const { authorizationUrl, state } = await start('local', user.token, START_LINK);
    const callbackUrl = await idp.signIn(authorizationUrl, person.login);
    expect(codeOf(await complete(state, callbackUrl))).toBe('BAD_USER_INPUT'); // a link's answer is no sign-in
  });

  it('completes a link with its own mutation, then signs in through it', async () => {
    const user = await signUp(t, [], 'Linking Person');
    const person = providerAccount(false);
    const { authorizationUrl, state } = await start('local', user.token, START_LINK);
    const callbackUrl = await idp.signIn(authorizationUrl, person.login);
    const linked = await t.gql(COMPLETE_LINK, { p: 'local', s: state, c: callbackUrl }, { token: user.token });
    expect(linked.data!.completeOidcLink).toEqual({ provider: 'local', providerName: 'Local ID', subject: person.login, email: person.email });
    const signIn = await atProvider(person.login);
    expect((await complete(signIn.state, signIn.callbackUrl)).data!.completeOidcSignIn.user.id).toBe(user.id);
  });

  it('refuses to link an account already linked to someone else, and a second account of one provider', async () => {
    const owner = providerAccount(true);
    const first = await atProvider(owner.login);
    expect((await complete(first.state, first.callbackUrl)).errors).toBeUndefined();
    const user = await signUp(t, [], 'Greedy Person');
    const started = await start('local', user.token, START_LINK);
    const taken = await t.gql(COMPLETE_LINK, { p: 'local', s: started.state, c: await idp.signIn(started.authorizationUrl, owner.login) }, { token: user.token });
    expect(codeOf(taken)).toBe('CONFLICT');

    const mine = providerAccount(false);
    const again = await start('local', user.token, START_LINK);
    expect((await t.gql(COMPLETE_LINK, { p: 'local', s: again.state, c: await idp.signIn(again.authorizationUrl, mine.login) }, { token: user.token })).errors).toBeUndefined();
    const another = providerAccount(false);
    const third = await start('local', user.token, START_LINK);
    const second = await t.gql(COMPLETE_LINK, { p: 'local', s: third.state, c: await idp.signIn(third.authorizationUrl, another.login) }, { token: user.token });
    expect(codeOf(second)).toBe('CONFLICT');
  });

  it('unlinks only while another way to sign in remains; a password reset gives a provider-made user a password', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const session = (await complete(state, callbackUrl)).data!.completeOidcSignIn;
    const token = session.accessToken as string;
    const lastWay = await t.gql(UNLINK, { p: 'local' }, { token });
    expect(codeOf(lastWay)).toBe('FORBIDDEN');
    expect((await t.gql(LINKED, {}, { token })).data!.linkedAccounts).toHaveLength(1);

    expect((await t.gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: person.email })).errors).toBeUndefined();
    const mail = await t.platform.db.collection<{ to: string; text: string }>('identity_mail_outbox').findOne({ to: person.email });
    const resetToken = /token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    const password = 'a brand new password 7';
    expect((await t.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: resetToken, p: password })).data!.resetPassword).toBe(true);

    const fresh = (await complete(...Object.values(await atProvider(person.login)) as [string, string])).data!.completeOidcSignIn.accessToken as string;
    expect((await t.gql(UNLINK, { p: 'local' }, { token: fresh })).data!.unlinkAccount).toBe(true);
    expect((await t.gql(LINKED, {}, { token: fresh })).data!.linkedAccounts).toEqual([]);
    expect(codeOf(await t.gql(UNLINK, { p: 'local' }, { token: fresh }))).toBe('NOT_FOUND');
    expect((await t.gql(LOGIN, { e: person.email, p: password })).data!.login.user.id).toBe(session.user.id);
  });
});

describe('confirming sensitive changes to an account that signs in only through a provider', () => {
  const DELETE = 'mutation($p: String) { deleteMyAccount(password: $p) { deleteAt } }';
  const HAS_PASSWORD = '{ me { hasPassword } }';

  it('is confirmed by a recent sign-in, not a password; a session whose sign-in is older must sign in again first', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const session = (await complete(state, callbackUrl)).data!.completeOidcSignIn;
    expect((await t.gql(HAS_PASSWORD, {}, { token: session.accessToken })).data!.me).toEqual({ hasPassword: false });

    // The sign-in was eleven minutes ago: a refreshed token keeps that time, so it does not confirm.
    await t.platform.db.collection('identity_refresh_tokens').updateMany(
      { userId: session.user.id }, { $set: { sessionStartedAt: new Date(Date.now() - 11 * 60_000) } },
    );
    const refreshed = await t.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken });
    const stale = refreshed.data!.refreshSession.accessToken as string;
    const refused = await t.gql(DELETE, {}, { token: stale });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.extensions).toMatchObject({ reason: 'RECENT_SIGN_IN_REQUIRED' });
    expect(refused.errors![0]!.message).toMatch(/Sign in again with your provider/);
    expect((await t.gql(DELETE, { p: 'a guessed password 1' }, { token: stale })).errors?.[0]?.extensions).toMatchObject({ reason: 'RECENT_SIGN_IN_REQUIRED' });
    expect((await t.gql('{ myAccountDeletion { deleteAt } }', {}, { token: stale })).data!.myAccountDeletion).toBeNull();

    const again = await atProvider(person.login);
    const fresh = (await complete(again.state, again.callbackUrl)).data!.completeOidcSignIn.accessToken as string;
    const scheduled = await t.gql(DELETE, {}, { token: fresh });
    expect(scheduled.errors).toBeUndefined();
    expect(Date.parse(scheduled.data!.deleteMyAccount.deleteAt)).toBeGreaterThan(Date.now());
    expect((await t.gql('mutation { cancelAccountDeletion }', {}, { token: fresh })).data!.cancelAccountDeletion).toBe(true);
  });

  it('an account with a password still needs it, even just after signing in', async () => {
    const user = await signUp(t, [], 'Pat Password');
    expect((await t.gql(HAS_PASSWORD, {}, { token: user.token })).data!.me).toEqual({ hasPassword: true });
    const res = await t.gql(DELETE, {}, { token: user.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ field: 'password' });
    expect((await t.gql('{ myAccountDeletion { deleteAt } }', {}, { token: user.token })).data!.myAccountDeletion).toBeNull();
  });

  it('sets a first password without a current one after a recent sign-in, which then signs in and is asked for from then on', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const token = (await complete(state, callbackUrl)).data!.completeOidcSignIn.accessToken as string;
    const SET = 'mutation($c: String, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    expect((await t.gql(SET, { n: 'my first password 1' }, { token })).data!.changePassword).toBe(true);
    expect((await t.gql(HAS_PASSWORD, {}, { token })).data!.me).toEqual({ hasPassword: true });
    expect((await t.gql(LOGIN, { e: person.email, p: 'my first password 1' })).data!.login.user.id).toBeTruthy();
    const again = await t.gql(SET, { n: 'my second password 2' }, { token });
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors![0]!.extensions).toMatchObject({ field: 'currentPassword' });
  });

  it('changes the email without a password after a recent sign-in, and not with an old one', async () => {
    const person = providerAccount(true);
    const { state, callbackUrl } = await atProvider(person.login);
    const session = (await complete(state, callbackUrl)).data!.completeOidcSignIn;
    const CHANGE = 'mutation($e: String!) { changeEmail(newEmail: $e) { email emailVerified } }';
    const first = `renamed.${Date.now()}@example.com`;
    expect((await t.gql(CHANGE, { e: first }, { token: session.accessToken })).data!.changeEmail).toEqual({ email: first, emailVerified: false });

    await t.platform.db.collection('identity_refresh_tokens').updateMany(
      { userId: session.user.id }, { $set: { sessionStartedAt: new Date(Date.now() - 11 * 60_000) } },
    );
    const stale = (await t.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken })).data!.refreshSession.accessToken as string;
    const refused = await t.gql(CHANGE, { e: `again.${Date.now()}@example.com` }, { token: stale });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RECENT_SIGN_IN_REQUIRED' });
    expect((await userByEmail(first))?._id).toBe(session.user.id);
  });
});
