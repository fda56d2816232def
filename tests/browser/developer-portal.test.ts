// The developer portal (/developers): its everyday examples run through the gateway as an integrator
// would chain them, and in the browser the footer leads to it, its reference search finds a type,
// the type's page shows its fields' descriptions from schema/api.graphql and the examples' snippets
// call this origin, with no console error.
// One stack for both, to keep the file's cost to one start.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../tools/portal/examples.ts';
import { WEB_DIST } from '../../tools/dev/web.ts';
import { createCourse } from '../support/catalog.ts';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../schema/api.graphql'), 'utf8'));
const example = (id: string) => EXAMPLES.find((candidate) => candidate.id === id)!;

let t: TestStack;
let browser: Browser;
let base: string;
let student: TestUser;
let courseId: string;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR']);
  student = await signUp(t);
  ({ id: courseId } = await createCourse(t, instructor, { title: 'Graph theory for beginners' }));
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the portal examples through the gateway', () => {
  it('lists courses, signs in, enrols, reads the progress and renews the token, as the examples show', async () => {
    const listed = await t.gql(example('list-courses').query, example('list-courses').variables);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.courses.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(courseId);

    const outline = await t.gql(example('course-outline').query, { id: courseId });
    expect(outline.data!.course.sections[0].lessons[0].title).toBe('Welcome');

    const signedIn = await t.gql(example('sign-in').query, { email: student.email, password: student.password });
    expect(signedIn.errors).toBeUndefined();
    const { accessToken, refreshToken } = signedIn.data!.login as { accessToken: string; refreshToken: string };

    const enrolled = await t.gql(example('enrol').query, { courseId }, { token: accessToken });
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data!.enrollInFreeCourse.course.id).toBe(courseId);

    const mine = await t.gql(example('my-enrollments').query, example('my-enrollments').variables, { token: accessToken });
    expect(mine.data!.myEnrollments.edges.map((edge: { node: { course: { id: string } } }) => edge.node.course.id)).toEqual([courseId]);

    const renewed = await t.gql(example('refresh-session').query, { refreshToken });
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data!.refreshSession.refreshToken).not.toBe(refreshToken);
  });

  it('answers the enrol example UNAUTHENTICATED without a token, as the portal says', async () => {
    const refused = await t.gql(example('enrol').query, { courseId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the developer portal in the browser', () => {
  const authPayload = schema.getType('AuthPayload');
  const refreshTokenDescription = isObjectType(authPayload) ? authPayload.getFields().refreshToken?.description : undefined;

  it('is reached from the footer; searching the reference opens a type with its fields described', async () => {
    expect(refreshTokenDescription).toBeTruthy();
    const { context, page, errors } = await openTab(browser);
    // The client has no favicon: the browser's own request for one is not the portal's error.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
    });
    try {
      await page.goto(base);
      await page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'Developers' }).click();
      await page.getByRole('heading', { name: 'Developers', level: 1 }).waitFor();
      await page.getByRole('heading', { name: /API keys/ }).waitFor();
      await screenshot(page, 'developer-portal-start');

      await page.getByRole('navigation', { name: 'Developer portal' }).getByRole('link', { name: 'Schema reference' }).click();
      await page.getByLabel('Search types and fields').fill('authpay');
      await page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'AuthPayload', exact: true }).click();
      await page.getByRole('heading', { name: /^AuthPayload/ }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/developers/reference/AuthPayload');
      await page.getByText(refreshTokenDescription!).waitFor();

      // The field's type links to its own page.
      await page.locator('#field-user').getByRole('link', { name: 'User' }).click();
      await page.getByRole('heading', { name: /^User/ }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'developer-portal-reference');

      // A field found by the search opens its type scrolled to it.
      await page.getByRole('navigation', { name: 'Developer portal' }).getByRole('link', { name: 'Schema reference' }).click();
      await page.getByLabel('Search types and fields').fill('refreshSession');
      await page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'Mutation.refreshSession' }).click();
      await page.locator('#field-refreshSession').waitFor();
      expect(await page.locator('#field-refreshSession').evaluate((element) => element.getBoundingClientRect().top < window.innerHeight)).toBe(true);

      // The examples' snippets call this origin.
      await page.getByRole('navigation', { name: 'Developer portal' }).getByRole('link', { name: 'Examples' }).click();
      const listCourses = page.getByRole('article', { name: 'List published courses' });
      expect(await listCourses.getByRole('figure').filter({ hasText: 'curl' }).locator('pre').textContent()).toContain(`curl ${base}/graphql`);
      await screenshot(page, 'developer-portal-examples');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the schema reference out of the main bundle', () => {
    // The text before any character a bundler would escape.
    const needle = refreshTokenDescription!.split(/[`'"\\]/)[0]!;
    expect(needle.length).toBeGreaterThan(20);
    const html = readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
    expect(entry).toBeTruthy();
    expect(readFileSync(path.join(WEB_DIST, 'assets', entry!), 'utf8')).not.toContain(needle);
    const chunks = readdirSync(path.join(WEB_DIST, 'assets')).filter((file) => file.endsWith('.js'));
    expect(chunks.some((file) => readFileSync(path.join(WEB_DIST, 'assets', file), 'utf8').includes(needle))).toBe(true);
  });
});
