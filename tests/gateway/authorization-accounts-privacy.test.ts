import { afterAll, beforeAll } from 'vitest';
import { UNKNOWN_ID, callerTable, later, resultOf, waitFor } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Data export and account deletion, asked through the running gateway by each caller. `requester`
// asked for an export (ready before the rows run); `other` is another signed-in user; the ADMIN
// reads anyone's export but schedules deletions only of their own account. Mutations that would
// change the callers' state run last, in rows of their own.

const callers = ['anonymous', 'requester', 'other', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  requester: "the export's requester",
  other: 'another user',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
let exportId: string;

const { matrix, as, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

beforeAll(async () => {
  t = await startTestStack();
  people = { requester: await signUp(t, [], 'Export Requester'), other: await signUp(t, [], 'Export Other'), admin: await signUp(t, ['ADMIN'], 'Export Admin') };
  exportId = (await ok(people.requester, `mutation { requestDataExport { id } }`)).requestDataExport.id;
  await waitFor(() => ok(people.requester, `query($id: ID!) { dataExport(id: $id) { status } }`, { id: exportId }), (d) => d.dataExport.status === 'READY', 'export READY', 30_000);
}, 60_000);
afterAll(async () => t?.close());

const EXPORT = `query($id: ID!) { dataExport(id: $id) { id status parts expectedParts completedAt expiresAt downloadUrl } }`;
const statusOf = (res: Awaited<ReturnType<typeof as>>) => resultOf(res, (d) => d.dataExport && { id: d.dataExport.id, status: d.dataExport.status, parts: d.dataExport.parts.length, linked: typeof d.dataExport.downloadUrl === 'string' });
const readyExport = later(() => ({ id: exportId, status: 'READY', parts: 10, linked: true }));

matrix('reading data exports', [
  {
    name: "dataExport(id) of the requester's export",
    run: async (c) => statusOf(await as(c, EXPORT, { id: exportId })),
    expect: { anonymous: 'UNAUTHENTICATED', requester: readyExport, other: 'NOT_FOUND', admin: readyExport },
    words: { requester: 'the ready export with its link', admin: 'the ready export with its link' },
  },
  {
    name: 'dataExport(id) of an unknown id',
    run: async (c) => statusOf(await as(c, EXPORT, { id: UNKNOWN_ID })),
    expect: signedIn('NOT_FOUND'),
  },
  {
    name: 'dataExport(id) of a malformed id',
    run: async (c) => statusOf(await as(c, EXPORT, { id: 'not an id' })),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'myDataExports: the caller\'s own, newest first',
    run: async (c) => resultOf(await as(c, `{ myDataExports { id } }`), (d) => d.myDataExports.length),
    expect: signedIn(0, { requester: 1 }),
  },
  {
    name: 'myDataExports(first: 21): past the page bound',
    run: async (c) => resultOf(await as(c, `{ myDataExports(first: 21) { id } }`), (d) => d.myDataExports.length),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'myAccountDeletion with none scheduled',
    run: async (c) => resultOf(await as(c, `{ myAccountDeletion { deleteAt } }`), (d) => d.myAccountDeletion),
    expect: signedIn(null),
  },
]);

matrix('changing data exports and deletions', [
  {
    name: 'cancelAccountDeletion with none scheduled',
    run: async (c) => resultOf(await as(c, `mutation { cancelAccountDeletion }`), (d) => d.cancelAccountDeletion),
    expect: signedIn(false),
  },
  {
    name: 'deleteMyAccount with a wrong password',
    run: async (c) => resultOf(await as(c, `mutation { deleteMyAccount(password: "not the password 1") { deleteAt } }`), (d) => d.deleteMyAccount),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'deleteMyAccount without the password of an account that has one',
    run: async (c) => resultOf(await as(c, `mutation { deleteMyAccount { deleteAt } }`), (d) => d.deleteMyAccount),
    expect: signedIn('BAD_USER_INPUT'),
  },
  {
    name: 'deleteMyAccount with the password, then cancelAccountDeletion',
    run: async (c) => {
      const password = c === 'anonymous' ? 'a long password 42' : people[c].password;
      const scheduled = resultOf(await as(c, `mutation($p: String!) { deleteMyAccount(password: $p) { deleteAt } }`, { p: password }), (d) => typeof d.deleteMyAccount.deleteAt);
      const cancelled = resultOf(await as(c, `mutation { cancelAccountDeletion }`), (d) => d.cancelAccountDeletion);
      return [scheduled, cancelled];
    },
    expect: signedIn(['string', true], { anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED'] }),
  },
  {
    name: 'requestDataExport',
    run: async (c) => resultOf(await as(c, `mutation { requestDataExport { status } }`), (d) => d.requestDataExport.status),
    expect: signedIn('PENDING'),
  },
]);
