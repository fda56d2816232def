import { afterAll, beforeAll } from 'vitest';
import { callerTable, resultOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every MFA and sessions field of the API, asked through the running gateway by each kind of
// caller. A second factor and sessions are the caller's own: nobody, ADMIN included, reads or ends
// another user's here (user administration is its own part). `victim` is a user whose session the
// others try to end.

const callers = ['anonymous', 'student', 'instructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  student: 'a student',
  instructor: 'an instructor',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
let victimSession: string;

const { matrix, as, signedIn, each, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

beforeAll(async () => {
  t = await startTestStack();
  people = { student: await signUp(t), instructor: await signUp(t, ['INSTRUCTOR']), admin: await signUp(t, ['ADMIN']) };
  const victim = await signUp(t);
  victimSession = (await ok(victim, '{ mySessions { id } }')).mySessions[0].id;
});
afterAll(async () => t?.close());

const NEVER_A_CODE = 'abcdef';

matrix('MFA reads and writes through the gateway, for each caller', [
  {
    name: 'myMfa is the caller\'s own status',
    run: async (a) => resultOf(await as(a, '{ myMfa { enabled recoveryCodesLeft required } }'), (d) => d.myMfa),
    expect: signedIn({ enabled: false, recoveryCodesLeft: 0, required: false }),
  },
  {
    name: 'startMfaEnrollment without a challenge enrols the signed-in caller',
    run: async (a) => resultOf(await as(a, 'mutation { startMfaEnrollment { otpauthUri } }'), (d) => d.startMfaEnrollment.otpauthUri.startsWith('otpauth://totp/')),
    expect: signedIn(true),
  },
  {
    name: 'confirmMfaEnrollment with a wrong code changes nothing',
    run: async (a) => resultOf(await as(a, 'mutation($c: String!) { confirmMfaEnrollment(code: $c) { recoveryCodes } }', { c: NEVER_A_CODE }), (d) => d),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'confirmMfaEnrollment with an unknown challenge token is refused',
    run: async (a) => resultOf(await as(a, 'mutation($c: String!, $t: String) { confirmMfaEnrollment(code: $c, challengeToken: $t) { recoveryCodes } }', { c: '123456', t: 'A'.repeat(43) }), (d) => d),
    expect: each('UNAUTHENTICATED'),
  },
  {
    name: 'disableMfa when it is not on',
    run: async (a) => resultOf(await as(a, 'mutation($p: String) { disableMfa(password: $p) }', { p: 'a long password 42' }), (d) => d),
    expect: signedIn('CONFLICT'),
  },
  {
    name: 'verifyMfaChallenge with an unknown challenge',
    run: async (a) => resultOf(await as(a, 'mutation($t: String!) { verifyMfaChallenge(challengeToken: $t, code: "123456") { accessToken } }', { t: 'B'.repeat(43) }), (d) => d),
    expect: each('UNAUTHENTICATED'),
  },
]);

matrix('sessions reads and writes through the gateway, for each caller', [
  {
    name: 'mySessions lists the caller\'s own sessions, the current one flagged',
    run: async (a) => resultOf(await as(a, '{ mySessions(first: 5) { id current } }'), (d) => d.mySessions.filter((s: { current: boolean }) => s.current).length),
    expect: signedIn(1),
  },
  {
    name: "endSession of another user's session",
    run: async (a) => resultOf(await as(a, 'mutation($id: ID!) { endSession(id: $id) }', { id: victimSession }), (d) => d),
    expect: signedIn('NOT_FOUND'),
  },
  {
    name: 'changePassword with a wrong current password',
    run: async (a) => resultOf(await as(a, 'mutation { changePassword(currentPassword: "not it at all 1", newPassword: "a new password 90") }'), (d) => d),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'endOtherSessions ends only the caller\'s own other sessions',
    run: async (a) => resultOf(await as(a, 'mutation { endOtherSessions }'), (d) => typeof d.endOtherSessions),
    expect: signedIn('number'),
  },
]);
