import { codeOf, type GraphQLResponse } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { askTwice } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every identity and catalog field, for each kind of caller, through the running gateway.
const actors = ['anonymous', 'student', 'owner', 'otherInstructor', 'admin'] as const;
type Actor = (typeof actors)[number];

let t: TestStack;
let people: Record<Exclude<Actor, 'anonymous'>, TestUser>;
let draft: { id: string; slug: string; sectionId: string };
let published: { id: string; slug: string; sectionId: string };

beforeAll(async () => {
  t = await startTestStack();
  people = {
    student: await signUp(t),
    owner: await signUp(t, ['INSTRUCTOR']),
    otherInstructor: await signUp(t, ['INSTRUCTOR']),
    admin: await signUp(t, ['ADMIN']),
  };
  draft = await createCourse(t, people.owner, { title: 'Owner draft course' }, { publish: false });
  published = await createCourse(t, people.owner, { title: 'Owner published course' });
});
afterAll(async () => t?.close());

const as = (actor: Actor, query: string, variables: Record<string, unknown> = {}) =>
  askTwice(t.gql, query, variables, actor === 'anonymous' ? {} : { token: people[actor].token });

/** 'ok' or the error code; what each cell of the matrix expects. */
const outcome = (res: GraphQLResponse) => (res.errors ? codeOf(res) : 'ok');

type Row = { name: string; run: (actor: Actor) => Promise<unknown>; expect: Record<Actor, unknown> };

const onlyOwnerAndAdmin = { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: 'ok', otherInstructor: 'FORBIDDEN', admin: 'ok' };
const seesDraft = { anonymous: false, student: false, owner: true, otherInstructor: false, admin: true };

const rows: Row[] = [
  { name: 'me', run: async (a) => (await as(a, '{ me { id } }')).data!.me?.id ?? null,
    expect: { anonymous: null, student: 'student', owner: 'owner', otherInstructor: 'otherInstructor', admin: 'admin' } },
  { name: "user(id).email of the owner", run: async (a) => (await as(a, 'query($id: ID!) { user(id: $id) { email displayName } }', { id: people.owner.id })).data!.user.email !== null,
    expect: { anonymous: false, student: false, owner: true, otherInstructor: false, admin: true } },
  { name: 'updateProfile', run: async (a) => outcome(await as(a, 'mutation { updateProfile(input: { bio: "Hello" }) { bio } }')),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'ok', owner: 'ok', otherInstructor: 'ok', admin: 'ok' } },
  { name: 'grantRole', run: async (a) => outcome(await as(a, 'mutation($u: ID!) { grantRole(userId: $u, role: INSTRUCTOR) { id } }', { u: people.student.id })),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'ok' } },
  // A role the student does not hold: allowed for an ADMIN, it changes nothing and ends no session of the other rows.
  { name: 'revokeRole', run: async (a) => outcome(await as(a, 'mutation($u: ID!) { revokeRole(userId: $u, role: ADMIN) { id } }', { u: people.student.id })),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'ok' } },
  { name: 'createCourse', run: async (a) => outcome(await as(a, 'mutation { createCourse(input: { title: "Matrix course", summary: "S", description: "D", category: "Testing", level: BEGINNER, priceCents: 0 }) { id } }')),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: 'ok', otherInstructor: 'ok', admin: 'ok' } },
  { name: "updateCourse of the owner's course", run: async (a) => outcome(await as(a, 'mutation($id: ID!) { updateCourse(id: $id, input: { summary: "Changed" }) { id } }', { id: draft.id })),
    expect: onlyOwnerAndAdmin },
  { name: "addCourseSection to the owner's course", run: async (a) => outcome(await as(a, 'mutation($id: ID!) { addCourseSection(courseId: $id, title: "More") { id } }', { id: draft.id })),
    expect: onlyOwnerAndAdmin },
  { name: "addLesson to the owner's section", run: async (a) => outcome(await as(a, 'mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "L", kind: READING }) { id } }', { s: draft.sectionId })),
    expect: onlyOwnerAndAdmin },
  { name: "publishCourse of the owner's published course (idempotent)", run: async (a) => outcome(await as(a, 'mutation($id: ID!) { publishCourse(id: $id) { status } }', { id: published.id })),
    expect: onlyOwnerAndAdmin },
  { name: 'course(id) of a draft', run: async (a) => (await as(a, 'query($id: ID!) { course(id: $id) { id } }', { id: draft.id })).data!.course !== null, expect: seesDraft },
  { name: 'courseBySlug of a draft', run: async (a) => (await as(a, 'query($s: String!) { courseBySlug(slug: $s) { id } }', { s: draft.slug })).data!.courseBySlug !== null, expect: seesDraft },
  { name: 'courses lists the draft', run: async (a) => (await as(a, '{ courses(first: 100) { edges { node { id } } } }')).data!.courses.edges.some((e: any) => e.node.id === draft.id), expect: seesDraft },
  { name: "the owner's taughtCourses lists the draft", run: async (a) => (await as(a, 'query($id: ID!) { user(id: $id) { taughtCourses { id } } }', { id: people.owner.id })).data!.user.taughtCourses.some((c: any) => c.id === draft.id), expect: seesDraft },
  { name: 'a published course is public', run: async (a) => (await as(a, 'query($id: ID!) { course(id: $id) { title } }', { id: published.id })).data!.course?.title ?? null,
    expect: { anonymous: 'Owner published course', student: 'Owner published course', owner: 'Owner published course', otherInstructor: 'Owner published course', admin: 'Owner published course' } },
  { name: 'categories', run: async (a) => (await as(a, '{ categories }')).data!.categories.includes('Programming'),
    expect: { anonymous: true, student: true, owner: true, otherInstructor: true, admin: true } },
];

describe('authorization matrix for identity and catalog, through the gateway', () => {
  for (const row of rows) {
    it(`${row.name}: ${actors.map((a) => `${a} → ${JSON.stringify(row.expect[a])}`).join(', ')}`, async () => {
      const got: Record<string, unknown> = {};
      for (const actor of actors) {
        const value = await row.run(actor);
        // `me` answers an id; compare it with whose id it should be.
        got[actor] = row.name === 'me' && typeof value === 'string' ? (Object.entries(people).find(([, p]) => p.id === value)?.[0] ?? value) : value;
      }
      expect(got).toEqual(row.expect);
    });
  }
});

describe('revokeRole refuses bad inputs through the gateway', () => {
  const revoke = (u: string, r: string) => as('admin', `mutation($u: ID!) { revokeRole(userId: $u, role: ${r}) { id } }`, { u });
  it('an unknown user is NOT_FOUND; a malformed id, an unknown role and STUDENT are BAD_USER_INPUT', async () => {
    expect(codeOf(await revoke('0190a0a0-0000-7000-8000-000000000000', 'INSTRUCTOR'))).toBe('NOT_FOUND');
    expect(codeOf(await revoke('not-an-id', 'INSTRUCTOR'))).toBe('BAD_USER_INPUT');
    const unknownRole = await revoke(people.student.id, 'OWNER');
    expect(codeOf(unknownRole)).toBe('BAD_USER_INPUT');
    expect(unknownRole.status).toBe(400);
    expect(codeOf(await revoke(people.student.id, 'STUDENT'))).toBe('BAD_USER_INPUT');
  });
});

describe('updateCourse guarded on the version read', () => {
  it('with the version the course is at it lands; with one it has passed it is CONFLICT and changes nothing', async () => {
    const read = async () => (await t.gql('query($id: ID!) { course(id: $id) { version summary } }', { id: draft.id }, { token: people.owner.token })).data!.course;
    const before = await read();
    const update = (summary: string, expectedVersion: number) =>
      t.gql('mutation($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { version summary } }', { id: draft.id, input: { summary, expectedVersion } }, { token: people.owner.token });
    const landed = await update('Guarded change', before.version);
    expect(landed.data?.updateCourse).toEqual({ version: before.version + 1, summary: 'Guarded change' });
    const stale = await update('Stale change', before.version);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(await read()).toEqual({ version: before.version + 1, summary: 'Guarded change' });
  });
});
