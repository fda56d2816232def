import { afterAll, beforeAll } from 'vitest';
import { awaitAudit } from '../support/audit.ts';
import { callerTable, resultOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every administration field of the API through the running gateway, for five callers: `subject`
// is the user being administered (asking about themself), `instructor` and `student` are anyone
// else signed in. Only an ADMIN is served; the others are refused before any read or write.

const actors = ['anonymous', 'student', 'instructor', 'subject', 'admin'] as const;
type Caller = (typeof actors)[number];
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller', student: 'a student', instructor: 'an instructor', subject: 'the user themself', admin: 'an ADMIN',
};

let t: TestStack;
let people: Record<Exclude<Caller, 'anonymous'>, TestUser>;
const { matrix, as, signedIn } = callerTable({ actors, labels }, () => t, () => people);
const adminOnly = (value: unknown) => signedIn('FORBIDDEN', { admin: value });

beforeAll(async () => {
  t = await startTestStack();
  people = {
    student: await signUp(t, [], 'Matrix Student'),
    instructor: await signUp(t, ['INSTRUCTOR'], 'Matrix Instructor'),
    subject: await signUp(t, [], 'Matrix Subject'),
    admin: await signUp(t, ['ADMIN'], 'Matrix Admin'),
  };
  // An audited action about the subject: a sign-in, in the log before the matrix reads it.
  await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: people.subject.email, p: people.subject.password });
  await awaitAudit(t, people.admin.token, { targetId: people.subject.id });
});
afterAll(async () => t?.close());

const subjectId = () => people.subject.id;

matrix('user administration', [
  {
    name: 'users finds the subject by name',
    run: async (c) => resultOf(await as(c, 'query { users(filter: { search: "Matrix Subject" }, first: 5) { edges { node { id } } } }'), (d) => d.users.edges.length),
    expect: adminOnly(1),
  },
  {
    name: 'User.status of the subject',
    run: async (c) => resultOf(await as(c, 'query($id: ID!) { user(id: $id) { status } }', { id: subjectId() }), (d) => d.user.status),
    expect: adminOnly('ACTIVE'),
  },
  {
    name: 'User.suspension of the subject',
    run: async (c) => resultOf(await as(c, 'query($id: ID!) { user(id: $id) { suspension { reason } } }', { id: subjectId() }), (d) => d.user.suspension),
    expect: adminOnly(null),
  },
  {
    name: 'User.sessions of the subject',
    run: async (c) => resultOf(await as(c, 'query($id: ID!) { user(id: $id) { sessions { active } } }', { id: subjectId() }), (d) => d.user.sessions.length > 0),
    expect: adminOnly(true),
  },
  {
    name: 'auditLog about the subject',
    run: async (c) => resultOf(await as(c, 'query($id: String!) { auditLog(filter: { targetId: $id }, first: 5) { edges { node { action } } } }', { id: subjectId() }), (d) => d.auditLog.edges.length > 0),
    expect: adminOnly(true),
  },
  {
    name: 'suspendUser of the subject (the ADMIN then reactivates them)',
    run: async (c) => {
      const res = await as(c, 'mutation($u: ID!) { suspendUser(userId: $u, reason: "Matrix") { status } }', { u: subjectId() });
      const cell = resultOf(res, (d) => d.suspendUser.status);
      if (cell === 'SUSPENDED') {
        await as('admin', 'mutation($u: ID!) { reactivateUser(userId: $u) { id } }', { u: subjectId() });
        people.subject = { ...people.subject, ...(await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token: accessToken refreshToken } }', { e: people.subject.email, p: people.subject.password })).data!.login };
      }
      return cell;
    },
    expect: adminOnly('SUSPENDED'),
  },
  {
    name: 'reactivateUser of the subject',
    run: async (c) => resultOf(await as(c, 'mutation($u: ID!) { reactivateUser(userId: $u) { status } }', { u: subjectId() }), (d) => d.reactivateUser.status),
    expect: adminOnly('ACTIVE'),
  },
]);
