import type { GraphQLResponse } from '@lg/platform/testing';
import { describe, expect, it } from 'vitest';
import { signUp, type TestStack, type TestUser } from './stack.ts';

// The six callers of the learning, assessment and engagement authorization matrices, relative to
// one course: `instructor` teaches it, `enrolled` is enrolled in it, `student` is enrolled nowhere.
export const actors = ['anonymous', 'student', 'enrolled', 'instructor', 'otherInstructor', 'admin'] as const;
export type Actor = (typeof actors)[number];
export type Person = Exclude<Actor, 'anonymous'>;

export const labels: Record<Actor, string> = {
  anonymous: 'an anonymous caller',
  student: 'a student not enrolled',
  enrolled: 'an enrolled student',
  instructor: "the course's instructor",
  otherInstructor: 'another instructor',
  admin: 'an ADMIN',
};

/** Signs the five people up through the gateway (roles granted as an ADMIN would). */
export async function cast(t: TestStack, prefix: string): Promise<Record<Person, TestUser>> {
  return {
    student: await signUp(t, [], `${prefix} Student`),
    enrolled: await signUp(t, [], `${prefix} Enrolled`),
    instructor: await signUp(t, ['INSTRUCTOR'], `${prefix} Instructor`),
    otherInstructor: await signUp(t, ['INSTRUCTOR'], `${prefix} Other Instructor`),
    admin: await signUp(t, ['ADMIN'], `${prefix} Admin`),
  };
}

/**
 * Asks a query twice and gives the second answer, so that every matrix cell of a query is answered
 * with the gateway's response cache warm for that caller (CACHES is on by default); mutations once.
 */
export async function askTwice(gql: TestStack['gql'], query: string, variables: Record<string, unknown>, options: { token?: string }): Promise<GraphQLResponse> {
  if (!/^\s*(query\b|\{)/.test(query)) return gql(query, variables, options);
  await gql(query, variables, options);
  return gql(query, variables, options);
}

/** A client of the gateway that asks as one of the actors (queries with the cache warm). */
export const asActor = (t: () => TestStack, people: () => Record<Person, TestUser>) =>
  (actor: Actor, query: string, variables: Record<string, unknown> = {}) =>
    askTwice(t().gql, query, variables, actor === 'anonymous' ? {} : { token: people()[actor].token });

/**
 * What a cell of a matrix holds: the error code when the call was refused (every error must carry
 * the same one, else the list of codes), otherwise what `pick` takes of the data.
 */
export function resultOf<T>(res: GraphQLResponse, pick: (data: any) => T): T | string | string[] {
  if (!res.errors?.length) return pick(res.data);
  const codes = [...new Set(res.errors.map((e) => String(e.extensions?.code)))];
  return codes.length === 1 ? codes[0]! : codes;
}

/** The callers of a matrix, in the order they are asked, and how the test names call them. */
export interface Callers<A extends string> {
  actors: readonly A[];
  labels: Record<A, string>;
}

export interface RowOf<A extends string> {
  /** What the field does, as the start of a sentence. */
  name: string;
  run(actor: A): Promise<unknown>;
  /**
   * Each caller's expected cell. Rows are made before the fixtures exist, so a cell that names
   * them is a function, called when the test runs (and described by `words`).
   */
  expect: Record<A, unknown>;
  /** Words for an expected value in the test's name, where JSON would be too long or is not known yet. */
  words?: Partial<Record<A, string>>;
}

/** A row of the learning, assessment and engagement matrices. */
export type Row = RowOf<Actor>;

/** The same words for every signed-in caller. */
export const signedInWords = (words: string): Partial<Record<Actor, string>> =>
  ({ student: words, enrolled: words, instructor: words, otherInstructor: words, admin: words });

/** A cell that names fixtures, resolved when the test runs. */
export const later = <T>(value: () => T) => value;

function show<A extends string>(row: RowOf<A>, actor: A): string {
  const cell = row.expect[actor];
  if (row.words?.[actor]) return row.words[actor];
  if (typeof cell === 'function') throw new Error(`Row "${row.name}" needs words for ${actor}'s expected value.`);
  return typeof cell === 'string' ? cell : JSON.stringify(cell);
}

/** "UNAUTHENTICATED for an anonymous caller; FORBIDDEN for a student not enrolled and another instructor; …" */
export function sentenceOf<A extends string>(callers: Callers<A>, row: RowOf<A>): string {
  const groups = new Map<string, A[]>();
  for (const actor of callers.actors) groups.set(show(row, actor), [...(groups.get(show(row, actor)) ?? []), actor]);
  const list = (who: A[]) => {
    const names = who.map((a) => callers.labels[a]);
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  };
  return [...groups].map(([value, who]) => `${value} for ${list(who)}`).join('; ');
}

/** One `it` per row; each asks as every one of the callers in turn and compares the whole row at once. */
export function matrixOf<A extends string>(callers: Callers<A>): (title: string, rows: RowOf<A>[]) => void {
  return (title, rows) => {
    describe(title, () => {
      for (const row of rows) {
        it(`${row.name}: ${sentenceOf(callers, row)}`, async () => {
          const got: Partial<Record<A, unknown>> = {};
          const expected: Partial<Record<A, unknown>> = {};
          for (const actor of callers.actors) {
            got[actor] = await row.run(actor);
            const cell = row.expect[actor];
            expected[actor] = typeof cell === 'function' ? (cell as () => unknown)() : cell;
          }
          expect(got).toEqual(expected);
        });
      }
    });
  };
}

/**
 * What a matrix file asks of its own callers, written once: the matrix, a client of the gateway
 * per caller (queries answered warm: askTwice), cells filled with one value, and set-up calls that
 * must succeed. The stack and the people are read when a test runs (they exist after beforeAll).
 */
export function callerTable<A extends string>(callers: Callers<A>, stack: () => TestStack, people: () => Record<Exclude<A, 'anonymous'>, TestUser>) {
  const each = <T>(value: T): Record<A, T> => Object.fromEntries(callers.actors.map((a) => [a, value])) as Record<A, T>;
  return {
    matrix: matrixOf(callers),
    /** Asks as one of the callers (an anonymous one without a token). */
    as: (caller: A, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> =>
      askTwice(stack().gql, query, variables, caller === 'anonymous' ? {} : { token: (people() as Record<string, TestUser>)[caller]!.token }),
    /** Every caller's cell the same. */
    each,
    /** `value` for everyone signed in, UNAUTHENTICATED for an anonymous caller; `overrides` for some. */
    signedIn: (value: unknown, overrides: Partial<Record<A, unknown>> = {}): Record<A, unknown> =>
      ({ ...each(value), anonymous: 'UNAUTHENTICATED', ...overrides }),
    /** A call of the set-up or of a check, which must succeed: answers its data. */
    async ok(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<any> {
      const res = await stack().gql(query, variables, { token: user.token });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    },
  };
}

/**
 * A connection read two pages of one as a caller: `ask(after)` reads a page (`first: 1`, with
 * `pageInfo { hasNextPage endCursor }` and `edges { cursor node }`), the second after the first's
 * endCursor. Answers the refusal's code, or the nodes as `node` picks them, each page's
 * hasNextPage, and whether each page's one cursor is its endCursor.
 */
export async function twoPages(ask: (after: string | null) => Promise<GraphQLResponse>, connection: (data: any) => any, node: (n: any) => unknown) {
  const first = await ask(null);
  if (first.errors?.length) return resultOf(first, () => null);
  const one = connection(first.data);
  const second = await ask(one.pageInfo.endCursor);
  if (second.errors?.length) return resultOf(second, () => null);
  const two = connection(second.data);
  const edges = [...one.edges, ...two.edges];
  return {
    nodes: edges.map((e: any) => node(e.node)),
    hasNextPage: [one.pageInfo.hasNextPage, two.pageInfo.hasNextPage],
    cursorsEndPages: [one, two].every((page) => (page.edges.at(-1)?.cursor ?? null) === page.pageInfo.endCursor),
  };
}

/**
 * A list read backwards two pages of one as a caller (`last: 1`, then `before` the first page's
 * edge): the refusal's code, or the nodes newest first as `node` picks them.
 */
export async function twoPagesBack(ask: (before: string | null) => Promise<GraphQLResponse>, connection: (data: any) => any, node: (n: any) => unknown) {
  const first = await ask(null);
  if (first.errors?.length) return resultOf(first, () => null);
  const one = connection(first.data);
  const second = await ask(one.edges[0]?.cursor ?? null);
  if (second.errors?.length) return resultOf(second, () => null);
  return [...one.edges, ...connection(second.data).edges].map((e: any) => node(e.node));
}

/** A row that asks several things at once: each caller's cell is the list of their cells in `parts`. */
export const together = <A extends string>(...parts: Record<A, unknown>[]): Record<A, unknown[]> =>
  Object.fromEntries(Object.keys(parts[0]!).map((a) => [a, parts.map((part) => part[a as A])])) as Record<A, unknown[]>;

/** The code of a response's first error (undefined when it has none). */
export const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown => res.errors?.[0]?.extensions?.code;

/** The sentence of a row of the learning, assessment and engagement matrices. */
export const sentence = (row: Row): string => sentenceOf({ actors, labels }, row);

/** The matrix of the learning, assessment and engagement callers. */
export const matrix = matrixOf<Actor>({ actors, labels });

/** Every number in a response outside `path` and `locations`, which describe the query, not data. */
export function numbersIn(value: unknown, key = ''): number[] {
  if (key === 'path' || key === 'locations') return [];
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => numbersIn(v));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, k));
  return [];
}

/** Enrols a user in a free published course through the gateway. */
export async function enrol(t: TestStack, user: TestUser, courseId: string): Promise<{ id: string; enrolledAt: string }> {
  const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id enrolledAt } }`, { c: courseId }, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.enrollInFreeCourse;
}

/** A well-formed id that names nothing. */
export const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/**
 * For set-up outside a test, where expect.poll is not available: asks again every 50 ms until
 * `done` holds of the answer, and fails after `timeoutMs`.
 */
export async function waitFor<T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Still waiting after ${timeoutMs} ms for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
