import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isNonNullType, isObjectType, Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow } from '@lg/platform';
import { discoverSubgraphs, repoRoot } from '../../tools/schema/composition.ts';
import { parseContract } from '../../tools/schema/contract.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { startTestStack, signUp, type TestStack, type TestUser } from '../support/stack.ts';

// "A refusal nulls the field, not the page": every field that a subgraph's permission map guards
// (any rule but `allow`) is one some viewers may not read, so it must be nullable in the composed
// API, and refusing it must leave the rest of a list readable.

interface Guarded { subgraph: string; type: string; field: string }
const key = (g: Guarded) => `${g.type}.${g.field}`;

/** The fields a type defines or extends in one subgraph's SDL. */
function fieldsIn(sdl: string, typeName: string): string[] {
  return parse(sdl).definitions.flatMap((definition) =>
    'name' in definition && definition.name?.value === typeName && 'fields' in definition ? (definition.fields ?? []).map((f) => f.name.value) : [],
  );
}

/** A map of field rules is a plain object; a rule for a whole type is a graphql-shield rule instance. */
const isFieldMap = (rule: unknown): rule is Record<string, unknown> => Object.getPrototypeOf(rule) === Object.prototype;

// A refused mutation has no page around it, and subscriptions are served by the gateway (the
// subgraph's rule only stops callers that bypass it), so only reads are listed.
const NOT_READS = new Set(['Mutation', 'Subscription']);

async function guardedFields(): Promise<Guarded[]> {
  const guarded: Guarded[] = [];
  for (const subgraph of discoverSubgraphs()) {
    const { permissions } = (await import(`../../subgraphs/${subgraph.name}/src/permissions.ts`)) as { permissions: Record<string, unknown> };
    for (const [type, rule] of Object.entries(permissions)) {
      if (rule === allow || NOT_READS.has(type)) continue;
      const fields = isFieldMap(rule)
        ? Object.entries(rule).flatMap(([field, fieldRule]) => {
            if (fieldRule === allow) return [];
            return field === '*' ? fieldsIn(subgraph.sdl, type).filter((f) => !(f in rule)) : [field];
          })
        : fieldsIn(subgraph.sdl, type);
      for (const field of fields) guarded.push({ subgraph: subgraph.name, type, field });
    }
  }
  return guarded.sort((a, b) => key(a).localeCompare(key(b)));
}

const api = buildSchema(readFileSync(path.join(repoRoot, 'schema/api.graphql'), 'utf8'));
function nonNullInApi(g: Guarded): boolean {
  const type = api.getType(g.type);
  if (!isObjectType(type) || !type.getFields()[g.field]) throw new Error(`${key(g)} is guarded by ${g.subgraph} but not in the API`);
  return isNonNullType(type.getFields()[g.field]!.type);
}
const contract = parseContract(readFileSync(path.join(repoRoot, 'schema/contract.graphql'), 'utf8'));
const nonNullInContract = (g: Guarded) =>
  contract.types.filter((t) => t.name === g.type).flatMap((t) => t.fields).find((f) => f.name === g.field)?.type.kind === Kind.NON_NULL_TYPE;

const guarded = await guardedFields();
const inPages = guarded.filter((g) => g.type !== 'Query');
const rootReads = guarded.filter((g) => g.type === 'Query');

describe('the fields some viewers may not read, as the permission maps guard them', () => {
  it('include the members-only lists of a course and a user\'s enrolments', () => {
    expect(inPages.map(key)).toEqual(expect.arrayContaining(['Course.chatMessages', 'Course.exercises', 'Course.questions', 'User.enrollments']));
  });

  it('are each nullable in the composed API, so that a refusal nulls the field alone', () => {
    expect(inPages.filter(nonNullInApi).map(key)).toEqual([]);
  });

  it('at the root are nullable too, except where the contract itself promises non-null', () => {
    expect(rootReads.filter((g) => nonNullInApi(g) && !nonNullInContract(g)).map(key)).toEqual([]);
    // These few the contract promises non-null, so a refusal of one nulls the whole answer
    // (an anonymous page asking for its wishlist, a non-member asking for a leaderboard): the
    // contract's to change, not ours.
    expect(rootReads.filter(nonNullInApi).map(key)).toEqual([
      'Query.cart', 'Query.courseLeaderboard', 'Query.myConversations', 'Query.myEnrollments',
      'Query.myLabBookings', 'Query.myNotifications', 'Query.myOrders', 'Query.myWishlist',
    ]);
  });
});

// ------------------------------------------------------------------------------ through the gateway

type Viewer = 'anonymous' | 'outsider' | 'member';
interface Probe {
  /** Viewers who may not read the field: anonymous is refused by the map, the others by the service. */
  refused: Viewer[];
  query: string;
  variables?: () => Record<string, unknown>;
  /** The list items that carry the field, and how many there are. */
  count: number;
  items: (data: any) => Record<string, unknown>[];
  field: string;
  /** Items where the field is null for everybody (a question has only its own kind's answer key). */
  nullForAll?: (item: Record<string, unknown>) => boolean;
  /** Who may read it, when not the course's instructor. */
  reader?: 'admin';
}

const COURSES = (selection: string) => `{ courses(first: 10) { totalCount edges { node { id title ${selection} } } } }`;
const courseNodes = (data: any) => data.courses.edges.map((e: any) => e.node);
let exerciseId: string;
/** An exercise's questions as a member reads them; the question `otherKind` has the other kind of answer key. */
const answerKey = (field: string, otherKind: string): Probe => ({
  refused: ['member'],
  query: `query($e: ID!) { exercise(id: $e) { id questions { id prompt ${field} } } }`,
  variables: () => ({ e: exerciseId }),
  count: 2,
  items: (data) => data.exercise.questions,
  field,
  nullForAll: (question) => question.prompt === otherKind,
});
const probes: Record<string, Probe> = {
  'Course.exercises': { refused: ['anonymous', 'outsider'], query: COURSES('exercises { id }'), count: 2, items: courseNodes, field: 'exercises' },
  'Course.questions': { refused: ['anonymous', 'outsider'], query: COURSES('questions { totalCount }'), count: 2, items: courseNodes, field: 'questions' },
  'Course.chatMessages': { refused: ['anonymous', 'outsider'], query: COURSES('chatMessages { edges { node { id } } }'), count: 2, items: courseNodes, field: 'chatMessages' },
  'Course.members': { refused: ['anonymous', 'outsider'], query: COURSES('members { totalCount }'), count: 2, items: courseNodes, field: 'members' },
  'Course.threads': { refused: ['anonymous', 'outsider'], query: COURSES('threads { totalCount }'), count: 2, items: courseNodes, field: 'threads' },
  'User.enrollments': {
    refused: ['anonymous', 'outsider', 'member'],
    query: COURSES('instructor { id displayName enrollments { totalCount } }'),
    count: 2,
    items: (data) => courseNodes(data).map((node: any) => node.instructor),
    field: 'enrollments',
  },
  ...Object.fromEntries(['status', 'suspension', 'sessions'].map((field) => [`User.${field}`, {
    refused: ['anonymous', 'outsider', 'member'],
    query: COURSES(`instructor { id displayName ${field === 'status' ? field : field === 'suspension' ? 'suspension { reason }' : 'sessions { id }'} }`),
    count: 2,
    items: (data: any) => courseNodes(data).map((node: any) => node.instructor),
    field,
    reader: 'admin',
    // Nobody is suspended here.
    ...(field === 'suspension' ? { nullForAll: () => true } : {}),
  } satisfies Probe])),
  'ExerciseQuestion.correctChoices': answerKey('correctChoices', 'Name it'),
  'ExerciseQuestion.acceptedAnswers': answerKey('acceptedAnswers', 'Pick one'),
  'Lab.bookings': {
    refused: ['anonymous', 'outsider'],
    query: `{ labs(first: 10) { totalCount edges { node { id title bookings { totalCount } } } } }`,
    count: 2,
    items: (data) => data.labs.edges.map((e: any) => e.node),
    field: 'bookings',
  },
};

const LAB = { description: 'A bench.', location: 'Room 1', capacity: 4, pricePerHourCents: 1_000 };
const EXERCISE = {
  title: 'Refusal quiz',
  questions: [
    { prompt: 'Pick one', kind: 'SINGLE_CHOICE', choices: ['a', 'b'], correctChoices: [1], points: 1 },
    { prompt: 'Name it', kind: 'SHORT_TEXT', acceptedAnswers: ['it'], points: 1 },
  ],
};

describe('a refused field inside a list, through the gateway', () => {
  let t: TestStack;
  let tokens: Record<Viewer | 'instructor' | 'admin', string | undefined>;

  beforeAll(async () => {
    t = await startTestStack();
    const instructor: TestUser = await signUp(t, ['INSTRUCTOR'], 'Refusals Instructor');
    const outsider = await signUp(t, [], 'Refusals Outsider');
    const member = await signUp(t, [], 'Refusals Member');
    const must = async (query: string, variables: Record<string, unknown>) => {
      const res = await t.gql(query, variables, { token: instructor.token });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!;
    };
    for (const title of ['Refusals course one', 'Refusals course two']) {
      const { id } = await createCourse(t, instructor, { title });
      await enrol(t, member, id);
      exerciseId = (await must(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`, { c: id, i: EXERCISE })).createExercise.id;
    }
    for (const title of ['Refusals lab one', 'Refusals lab two']) {
      await must(`mutation($i: CreateLabInput!) { createLab(input: $i) { id } }`, { i: { ...LAB, title } });
    }
    const admin = await signUp(t, ['ADMIN'], 'Refusals Admin');
    tokens = { anonymous: undefined, outsider: outsider.token, member: member.token, instructor: instructor.token, admin: admin.token };
  });
  afterAll(async () => t?.close());

  it('every guarded field has a probe here', () => {
    expect(Object.keys(probes).sort()).toEqual(inPages.map(key));
  });

  for (const [name, probe] of Object.entries(probes)) {
    for (const viewer of probe.refused) {
      it(`${name}: the ${viewer} viewer gets every item of the list, each with only ${probe.field} null and refused`, async () => {
        const res = await t.gql(probe.query, probe.variables?.() ?? {}, { token: tokens[viewer] });
        const items = probe.items(res.data);
        expect(items).toHaveLength(probe.count);
        for (const item of items) {
          expect(item[probe.field]).toBeNull();
          for (const [other, value] of Object.entries(item)) if (other !== probe.field) expect(value).not.toBeNull();
        }
        // The gateway fetches an entity once for all the places it appears, so there may be fewer errors than items.
        const code = viewer === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        expect(res.errors?.length).toBeGreaterThan(0);
        expect(res.errors?.map((e) => [e.path?.at(-1), e.extensions?.code])).toEqual(res.errors?.map(() => [probe.field, code]));
      });
    }

    it(`${name}: the ${probe.reader ?? 'instructor'}, who may read it, gets it on every item without errors`, async () => {
      const res = await t.gql(probe.query, probe.variables?.() ?? {}, { token: tokens[probe.reader ?? 'instructor'] });
      expect(res.errors).toBeUndefined();
      const items = probe.items(res.data);
      expect(items).toHaveLength(probe.count);
      for (const item of items) if (!probe.nullForAll?.(item)) expect(item[probe.field]).not.toBeNull();
    });
  }
});
