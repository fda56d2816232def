import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
beforeAll(async () => void (t = await startTestStack()));
afterAll(async () => t?.close());

describe('one graph across subgraphs', () => {
  it("a course page shows its instructor's display name, which identity resolves", async () => {
    const instructor = await signUp(t, ['INSTRUCTOR'], 'Grace Hopper');
    const course = await createCourse(t, instructor, { title: 'Compilers for Everyone' });
    const res = await t.gql(`query($slug: String!) {
      courseBySlug(slug: $slug) { title status lessonCount sections { title lessons { title kind } } instructor { id displayName email } }
    }`, { slug: course.slug });
    expect(res.errors).toBeUndefined();
    expect(res.data!.courseBySlug).toMatchObject({
      title: 'Compilers for Everyone', status: 'PUBLISHED', lessonCount: 1,
      instructor: { id: instructor.id, displayName: 'Grace Hopper', email: null },
    });
  });

  it("an instructor's profile lists the courses they teach, which catalog resolves", async () => {
    const instructor = await signUp(t, ['INSTRUCTOR']);
    await createCourse(t, instructor, { title: 'Taught Course One' });
    const res = await t.gql(`query($id: ID!) { user(id: $id) { displayName taughtCourses { title instructor { displayName } } } }`, { id: instructor.id });
    expect(res.data!.user.taughtCourses).toEqual([{ title: 'Taught Course One', instructor: { displayName: instructor.displayName } }]);
  });

  it('a new user registers, signs in and lists courses with their instructors through the gateway', async () => {
    const instructor = await signUp(t, ['INSTRUCTOR'], 'Ada Lovelace');
    await createCourse(t, instructor, { title: 'Analytical Engines' });
    const email = `newcomer.${Date.now()}@example.com`;
    await t.gql(`mutation { register(input: { email: "${email}", password: "a fine password 1", displayName: "Newcomer" }) { user { id } } }`);
    const login = await t.gql(`mutation { login(email: "${email}", password: "a fine password 1") { accessToken user { displayName email } } }`);
    expect(login.data!.login.user).toEqual({ displayName: 'Newcomer', email });
    const list = await t.gql(`{ courses(filter: { search: "analytic" }) { totalCount edges { node { title instructor { displayName } } } } }`, {}, { token: login.data!.login.accessToken });
    expect(list.data!.courses.edges).toContainEqual({ node: { title: 'Analytical Engines', instructor: { displayName: 'Ada Lovelace' } } });
  });

  it('in development the gateway serves the Sandbox to a browser', async () => {
    const html = await (await fetch(t.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toMatch(/EmbeddedSandbox/);
  });

  it('the gateway answers health and readiness checks', async () => {
    const base = t.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
  });
});

describe('batching', () => {
  // Sixty courses of ten instructors (so that a page of 50 is not the whole list, which would need
  // no count): set up in a hook, whose time limit suits a busy machine.
  beforeAll(async () => {
    const instructors = await Promise.all(Array.from({ length: 10 }, () => signUp(t, ['INSTRUCTOR'])));
    for (let i = 0; i < 60; i += 10) {
      await Promise.all(instructors.map((instructor, j) => createCourse(t, instructor, { title: `Batch course ${i + j}`, category: 'Batching' })));
    }
  });

  it('a 50-course page with instructors costs the same database commands as a 5-course page', async () => {
    const page = (first: number) => t.gql(`query($f: Int!) {
      courses(first: $f, filter: { category: "Batching" }) { totalCount edges { node { title instructor { displayName } } } }
    }`, { f: first });
    const collections = ['catalog_courses', 'catalog_course_cards', 'identity_users'];
    const small = await t.countCommands(async () => expect((await page(5)).data!.courses.edges).toHaveLength(5), collections);
    const large = await t.countCommands(async () => {
      const res = await page(50);
      expect(res.data!.courses.edges).toHaveLength(50);
      expect(new Set(res.data!.courses.edges.map((e: any) => e.node.instructor.displayName)).size).toBe(10);
    }, collections);
    expect(small.total).toBeGreaterThan(0);
    expect(large.total).toBe(small.total);
    expect(large.byName).toEqual(small.byName);
  });
});
