import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, codeOf, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';
import { COURSE_CARDS } from '../src/repository.ts';

let h: CatalogHarness;
let alice: Actor;
let bob: Actor;
let admin: Actor;
const ids: Record<string, string> = {};
const FILLERS = 25;

beforeAll(async () => {
  h = await startCatalog();
  alice = actor(h, 'INSTRUCTOR');
  bob = actor(h, 'INSTRUCTOR');
  admin = actor(h, 'ADMIN');
  const carol = actor(h, 'INSTRUCTOR');
  for (let i = 0; i < FILLERS; i += 1) {
    await seedCourse(h, carol, { publish: true, input: { title: `Filler course ${i}`, summary: 'Padding.', category: 'Filler', tags: [] } });
  }
  const add = async (key: string, owner: Actor, input: Record<string, unknown>, publish = true) => {
    ids[key] = (await seedCourse(h, owner, { publish, input })).course._id;
  };
  await add('python', alice, { title: 'Introduction to Python Programming', summary: 'Variables, loops and functions.', category: 'Programming', tags: ['python', 'basics'], priceCents: 0 });
  await add('rust', alice, { title: 'Advanced Rust Systems', summary: 'Ownership in depth.', category: 'Programming', level: 'ADVANCED', tags: ['rust'], priceCents: 4900 });
  await add('paint', alice, { title: 'Watercolour Painting for Beginners', summary: 'Learn washes and glazes.', category: 'Art & Design', tags: ['painting'], priceCents: 1900 });
  await add('spanish', alice, { title: 'Café Culture: Español Básico', summary: 'Order coffee in Madrid.', category: 'Languages', tags: ['spanish'], priceCents: 0 });
  await add('data', bob, { title: 'Data Science with Python', summary: 'Pandas and plots.', category: 'Data', level: 'INTERMEDIATE', tags: ['python', 'pandas'], priceCents: 9900 });
  await add('draft', bob, { title: 'Secret Python Draft', summary: 'Not ready.', category: 'Unreleased', tags: ['python'] }, false);
});
afterAll(async () => h?.close());

const PUBLISHED = FILLERS + 5;
const LIST = `query($filter: CourseFilter, $first: Int, $after: String) {
  courses(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } } }
}`;
type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { id: string; title: string } }[] };
const list = async (variables: Record<string, unknown>, token?: string): Promise<Page> => {
  const res = await h.gql(LIST, variables, { token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.courses;
};
const found = async (filter: Record<string, unknown>, token?: string) => (await list({ filter, first: 100 }, token)).edges.map((e) => e.node.id).sort();
const keys = (...names: string[]) => names.map((n) => ids[n]!).sort();

describe('listing courses', () => {
  it('everyone sees published courses, newest first, 20 to a page by default', async () => {
    const page = await list({});
    expect(page.totalCount).toBe(PUBLISHED);
    expect(page.edges).toHaveLength(20);
    expect(page.edges[0]!.node.id).toBe(ids.data);
    const order = page.edges.map((e) => e.node.id);
    expect(order).toEqual([...order].sort().reverse());
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('an instructor also sees their own drafts, an ADMIN sees everything', async () => {
    expect((await list({}, bob.token)).totalCount).toBe(PUBLISHED + 1);
    expect((await list({}, alice.token)).totalCount).toBe(PUBLISHED);
    expect((await list({}, admin.token)).totalCount).toBe(PUBLISHED + 1);
  });
});

describe('pagination', () => {
  it('pages of 7 walk the whole list once, in order, with the total on every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await list({ first: 7, after });
      expect(page.totalCount).toBe(PUBLISHED);
      seen.push(...page.edges.map((e) => e.node.id));
      pages += 1;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(PUBLISHED / 7));
    expect(new Set(seen).size).toBe(PUBLISHED);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('a filtered list pages with the filtered total', async () => {
    const first = await list({ filter: { category: 'Filler' }, first: 20 });
    const second = await list({ filter: { category: 'Filler' }, first: 20, after: first.pageInfo.endCursor });
    expect([first.totalCount, first.edges.length, second.totalCount, second.edges.length]).toEqual([FILLERS, 20, FILLERS, 5]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[4]!.cursor });
  });

  it('first: 0 returns no edges but the total and whether there is more', async () => {
    const page = await list({ first: 0 });
    expect(page).toEqual({ totalCount: PUBLISHED, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it.each([[-1], [101]])('first: %i is BAD_USER_INPUT', async (first) => {
    const res = await h.gql(LIST, { first });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('first');
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['a cursor of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a cursor holding no id', Buffer.from('["nope"]').toString('base64url')],
  ])('%s as `after` is BAD_USER_INPUT', async (_name, after) => {
    const res = await h.gql(LIST, { after });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('after');
  });
});

describe('search', () => {
  it('matches whole words of the title', async () => {
    expect(await found({ search: 'python' })).toEqual(keys('python', 'data'));
  });

  it('matches word prefixes', async () => {
    expect(await found({ search: 'pyt' })).toEqual(keys('python', 'data'));
    expect(await found({ search: 'wat' })).toEqual(keys('paint'));
  });

  it('matches the summary, the category and the tags too', async () => {
    expect(await found({ search: 'glaz' })).toEqual(keys('paint'));
    expect(await found({ search: 'programming' })).toEqual(keys('python', 'rust'));
    expect(await found({ search: 'pandas' })).toEqual(keys('data'));
  });

  it('ignores letter case and accents, in the query and in the course', async () => {
    expect(await found({ search: 'ESPANOL basico' })).toEqual(keys('spanish'));
    expect(await found({ search: 'Cafe' })).toEqual(keys('spanish'));
    expect(await found({ search: 'cafés' })).toEqual([]);
    expect(await found({ search: 'CAFÉ' })).toEqual(keys('spanish'));
  });

  it('needs every word of the query to match', async () => {
    expect(await found({ search: 'python data' })).toEqual(keys('data'));
    expect(await found({ search: 'python rust' })).toEqual([]);
  });

  it("finds an instructor's own draft for them, never for others", async () => {
    expect(await found({ search: 'secret' })).toEqual([]);
    expect(await found({ search: 'secret' }, bob.token)).toEqual(keys('draft'));
  });

  it('a query with no letters or digits does not filter', async () => {
    expect((await list({ filter: { search: ' !? ' } })).totalCount).toBe(PUBLISHED);
  });

  it('a query longer than 100 characters is BAD_USER_INPUT', async () => {
    const res = await h.gql(LIST, { filter: { search: 'x'.repeat(101) } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('search');
  });

  it('asks the database for exact terms of the indexed array, never for a pattern', async () => {
    const commands = await h.commandsDuring(() => found({ search: 'Pyth Progr' }));
    // The course cards' finds only (the listing reads them): background consumers (projections, the user-data participant) may read their own collections meanwhile.
    const finds = commands.filter((c) => c.commandName === 'find' && c.command.find === COURSE_CARDS).map((c) => JSON.stringify(c.command.filter));
    expect(finds).toHaveLength(1);
    expect(finds[0]).toContain('{"searchTerms":{"$all":["pyth","progr"]}}');
    expect(finds[0]).not.toMatch(/\$regex|\$text|\$where/);
    const indexes = await h.subgraph.repository.courses.listIndexes().toArray();
    expect(indexes.map((i) => i.key)).toContainEqual({ searchTerms: 1 });
  });
});

describe('filters', () => {
  it('by category, in any letter case', async () => {
    expect(await found({ category: 'programming' })).toEqual(keys('python', 'rust'));
    expect(await found({ category: 'Art & Design' })).toEqual(keys('paint'));
  });

  it('by level', async () => {
    expect(await found({ level: 'ADVANCED' })).toEqual(keys('rust'));
  });

  it('by instructor, still hiding their drafts from others', async () => {
    expect(await found({ instructorId: bob.id })).toEqual(keys('data'));
    expect(await found({ instructorId: bob.id }, bob.token)).toEqual(keys('data', 'draft'));
  });

  it('free courses only', async () => {
    const free = await found({ freeOnly: true, category: 'Programming' });
    expect(free).toEqual(keys('python'));
    expect((await list({ filter: { freeOnly: true } })).totalCount).toBe(FILLERS + 2);
    expect((await list({ filter: { freeOnly: false } })).totalCount).toBe(PUBLISHED);
  });

  it('filters combine with search', async () => {
    expect(await found({ search: 'python', level: 'INTERMEDIATE' })).toEqual(keys('data'));
    expect(await found({ search: 'python', instructorId: alice.id, freeOnly: true })).toEqual(keys('python'));
  });

  it('a malformed instructorId is BAD_USER_INPUT', async () => {
    const res = await h.gql(LIST, { filter: { instructorId: 'someone' } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('instructorId');
  });
});

describe('single courses and categories', () => {
  it('course(id) is the course, null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
    expect((await h.gql(`query($id: ID!) { course(id: $id) { title } }`, { id: ids.rust })).data!.course).toEqual({ title: 'Advanced Rust Systems' });
    expect((await h.gql(`{ course(id: "0190a0a0-0000-7000-8000-000000000000") { id } }`)).data!.course).toBeNull();
    const malformed = await h.gql(`{ course(id: "42") { id } }`);
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('id');
  });

  it('courseBySlug finds a course by its slug and is null for an unknown slug', async () => {
    const res = await h.gql(`{ courseBySlug(slug: "cafe-culture-espanol-basico") { id title } }`);
    expect(res.data!.courseBySlug).toEqual({ id: ids.spanish, title: 'Café Culture: Español Básico' });
    expect((await h.gql(`{ courseBySlug(slug: "no-such-course") { id } }`)).data!.courseBySlug).toBeNull();
  });

  it('categories are the distinct categories of published courses, sorted', async () => {
    expect((await h.gql(`{ categories }`)).data!.categories).toEqual(['Art & Design', 'Data', 'Filler', 'Languages', 'Programming']);
  });

  it('categories differing only in letter case are listed once', async () => {
    const dana = actor(h, 'INSTRUCTOR');
    await seedCourse(h, dana, { publish: true, input: { title: 'Lower case category', category: 'programming' } });
    expect((await h.gql(`{ categories }`)).data!.categories).toEqual(['Art & Design', 'Data', 'Filler', 'Languages', 'Programming']);
  });
});
