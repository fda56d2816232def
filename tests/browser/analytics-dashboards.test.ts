// The analytics screens in a real browser: a student's dashboard and an instructor's course
// analytics draw their charts (SVG) from a history of ten days, each chart's "Show as table" gives
// the same numbers, the instructor picks a date range, ADMIN reads the platform's metrics, and a
// lesson completed in one tab moves the dashboard open in another. The history is written to the
// event log with the times it happened (as the analytics numbers test does), around a course, an
// exercise and enrolments made through the API.
import { LessonActivity, LessonCompleted, SubmissionGraded } from '@lg/events';
import { newId, type DomainEvent } from '@lg/platform';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

const DAY = 86_400_000;
const midnight = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
})();
/** `minutes` past midnight (UTC) `daysAgo` days ago. */
const ago = (daysAgo: number, minutes: number) => new Date(midnight - daysAgo * DAY + minutes * 60_000);
const day = (daysAgo: number) => ago(daysAgo, 1).toISOString().slice(0, 10);

/** Dana studies on these days (not 4 days ago, nor yet today): lessons[k % 3] for 120 + 12·k seconds. */
const DANA_DAYS = [9, 8, 7, 6, 5, 3, 2, 1];

let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let dana: TestUser;
let eli: TestUser;
let admin: TestUser;
let courseId: string;
let lessons: string[];

async function must(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

beforeAll(async () => {
  t = await startTestStack({}, { subscriptionPollMs: 100 });
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Iris Instructor');
  dana = await signUp(t, [], 'Dana Dashboard');
  eli = await signUp(t, [], 'Eli Early');
  admin = await signUp(t, ['ADMIN'], 'Ada Admin');
  const course = await createCourse(t, instructor, { title: 'Charting Rivers', category: 'Geography', tags: ['maps'] });
  courseId = course.id;
  for (const title of ['Second', 'Third']) {
    await must(`mutation($s: ID!, $t: String!) { addLesson(sectionId: $s, input: { title: $t, kind: READING }) { id } }`, { s: course.sectionId, t: title }, instructor);
  }
  const page = await must(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId }, instructor);
  lessons = page.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  const exerciseId = (await must(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`, {
    c: courseId, i: { title: 'River quiz', questions: [{ prompt: 'Longest river?', kind: 'SINGLE_CHOICE', choices: ['Nile', 'Rhine'], correctChoices: [0], points: 1 }] },
  }, instructor)).createExercise.id;
  const enrolments = { [dana.id]: (await enrol(t, dana, courseId)).id, [eli.id]: (await enrol(t, eli, courseId)).id };

  const at = (event: DomainEvent, when: Date): DomainEvent => ({ ...event, at: when });
  const studied = (user: TestUser, daysAgo: number, lesson: string, seconds: number) =>
    at(LessonActivity.build({ enrollmentId: enrolments[user.id]!, userId: user.id, courseId, lessonId: lesson, seconds, opened: true }), ago(daysAgo, 10));
  const completed = (user: TestUser, daysAgo: number, lesson: string) =>
    at(LessonCompleted.build({ enrollmentId: enrolments[user.id]!, userId: user.id, courseId, lessonId: lesson }), ago(daysAgo, 20));
  const graded = (user: TestUser, daysAgo: number, score: number) =>
    at(SubmissionGraded.build({ submissionId: newId(), courseId, userId: user.id, exerciseId, score, maxScore: 10 }), ago(daysAgo, 30));
  await t.platform.eventLog.append([
    ...DANA_DAYS.map((k) => studied(dana, k, lessons[k % 3]!, 120 + 12 * k)),
    completed(dana, 9, lessons[0]!),
    graded(dana, 8, 4), graded(dana, 5, 7), graded(dana, 2, 9),
    studied(eli, 6, lessons[0]!, 240),
    completed(eli, 6, lessons[0]!),
    graded(eli, 6, 3),
  ]);
  // Analytics projects the log in the background: wait until Dana's history is in.
  for (let i = 0; i < 300; i += 1) {
    const read = await must(`{ myDashboard { lessonsCompleted averageScoreOverTime { day } } }`, {}, dana);
    if (read.myDashboard.lessonsCompleted === 1 && read.myDashboard.averageScoreOverTime.length === 3) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("Dana's history never reached her dashboard.");
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const figure = (page: Page, title: string) => page.getByRole('figure', { name: title });
/** The figure's chart as drawn: SVG marks of the given recharts class. */
const marks = (chart: Locator, selector: string) => chart.locator(`svg.recharts-surface ${selector}`);
/** Switches a figure to its table and returns the table's body rows, as lists of cell texts. */
async function tableOf(page: Page, title: string): Promise<string[][]> {
  await page.getByRole('button', { name: `Show as table: ${title}` }).click();
  const rows = figure(page, title).locator('tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
}
const figureValue = (page: Page, label: string) => page.locator('.stats div', { hasText: label }).locator('dd');

describe('the analytics screens in a browser', () => {
  it("draws a student's dashboard: time per day, average score, the skill heatmap, streaks and what next; the tables give the same numbers", async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, dana);
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page.getByRole('heading', { name: 'Your dashboard' }).waitFor();
      await expect.poll(() => figureValue(page, 'Longest streak').textContent()).toBe('5 days');
      expect(await figureValue(page, 'Current streak').textContent()).toBe('3 days');
      expect(await figureValue(page, 'Lessons completed').textContent()).toBe('1');

      const time = figure(page, 'Time learned per day');
      await marks(time, '.recharts-area-area').waitFor();
      expect(await time.locator('figcaption').textContent()).toContain('on 8 of them');
      const score = figure(page, 'Average exercise score');
      await marks(score, '.recharts-line-curve').waitFor();
      expect(await marks(score, '.recharts-line-dot').count()).toBe(3);
      // The heatmap: the course's category and tags, with the colour scale's legend.
      const heatmap = figure(page, 'Skill heatmap');
      expect(await heatmap.getByRole('list', { name: 'Mastery per skill' }).getByRole('listitem').allTextContents()).toHaveLength(2);
      expect(await heatmap.getByRole('list', { name: 'Colour scale' }).getByRole('listitem').count()).toBe(5);
      await page.getByRole('list', { name: 'Next lessons' }).getByRole('link', { name: 'Second' }).waitFor();
      await screenshot(page, 'analytics-dashboard-1440');

      const days = await tableOf(page, 'Time learned per day');
      expect(days).toHaveLength(30);
      const byDay = Object.fromEntries(days.map(([d, v]) => [d, v]));
      expect(byDay[day(3)]).toBe('3 min');
      expect(byDay[day(9)]).toBe('4 min');
      expect(byDay[day(4)]).toBe('0 s');
      expect(await tableOf(page, 'Average exercise score')).toEqual([[day(8), '40%', '1'], [day(5), '70%', '1'], [day(2), '90%', '1']]);
      await screenshot(page, 'analytics-dashboard-tables-1440');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'analytics-dashboard-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);

  it('fits a 375 px screen: the dashboard does not scroll sideways and its charts keep their size', async () => {
    const { context, page } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await signInThroughUi(page, base, dana);
      await page.goto(`${base}/dashboard`);
      await marks(figure(page, 'Time learned per day'), '.recharts-area-area').waitFor();
      const width = await figure(page, 'Time learned per day').locator('svg.recharts-surface').first().evaluate((svg) => svg.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(250);
      expect(width).toBeLessThanOrEqual(375);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'analytics-dashboard-375');
    } finally {
      await context.close();
    }
  }, 60_000);

  it("draws an instructor's course analytics: enrolments, active learners, the funnel and exercise difficulty, over a chosen range", async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByRole('link', { name: 'Analytics' }).click();
      await page.getByRole('heading', { name: 'Analytics: Charting Rivers' }).waitFor();
      await marks(figure(page, 'Enrolments per day'), '.recharts-line-curve').waitFor();
      await marks(figure(page, 'Active learners per week'), '.recharts-bar-rectangle').first().waitFor();
      await marks(figure(page, 'Completion funnel by lesson'), '.recharts-bar-rectangle').first().waitFor();
      await marks(figure(page, 'Exercise difficulty'), '.recharts-bar-rectangle').first().waitFor();
      // A free course: no revenue chart.
      expect(await figure(page, 'Revenue per day').count()).toBe(0);
      await screenshot(page, 'analytics-course-1440');

      // Lesson by lesson: who opened and who completed it.
      expect(await tableOf(page, 'Completion funnel by lesson')).toEqual([['1. Welcome', '2', '2'], ['2. Second', '1', '0'], ['3. Third', '1', '0']]);
      // (40 + 70 + 90 + 30) / 4 = 57.5 %.
      expect(await tableOf(page, 'Exercise difficulty')).toEqual([['River quiz', '58%', '4', '2']]);
      expect(await figure(page, 'Exercise difficulty').locator('figcaption').textContent()).toBe('1 exercise, 4 attempts; the hardest is River quiz with an average of 58%.');

      // The range: the last 30 days hold today's two enrolments; a week ending yesterday holds none.
      const enrolments = await tableOf(page, 'Enrolments per day');
      expect(enrolments).toHaveLength(30);
      expect(enrolments.at(-1)).toEqual([day(0), '2']);
      await page.getByLabel('From', { exact: true }).fill(day(7));
      await page.getByLabel('To', { exact: true }).fill(day(1));
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await expect.poll(() => figure(page, 'Enrolments per day').locator('tbody tr').count()).toBe(7);
      expect(await figure(page, 'Enrolments per day').locator('figcaption').textContent()).toMatch(/^None over 7 days/);
      // A reversed range is said, not asked.
      await page.getByLabel('From', { exact: true }).fill(day(0));
      await page.getByLabel('To', { exact: true }).fill(day(3));
      await page.getByRole('alert').filter({ hasText: 'The start is after the end.' }).waitFor();
      expect(await page.getByRole('button', { name: 'Show', exact: true }).isDisabled()).toBe(true);
      await screenshot(page, 'analytics-course-range-1440');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'analytics-course-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);

  it("shows ADMIN the platform's sign-ups, active users and assistant use per day", async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, admin);
      await page.getByRole('link', { name: 'Platform metrics' }).click();
      await marks(figure(page, 'Daily active users'), '.recharts-area-area').waitFor();
      const signUps = await tableOf(page, 'Sign-ups per day');
      expect(signUps.at(-1)).toEqual([day(0), '4']);
      const active = Object.fromEntries((await tableOf(page, 'Daily active users')).map(([d, n]) => [d, n]));
      // Dana alone 9 to 7 days ago; Dana and Eli 6 days ago; nobody 4 days ago.
      expect([active[day(9)], active[day(6)], active[day(4)]]).toEqual(['1', '2', '0']);
      await screenshot(page, 'analytics-platform-1440');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('moves the dashboard of one tab when the student completes a lesson in another tab', async () => {
    const { context, page: dashboard, errors } = await openTab(browser);
    try {
      await signInThroughUi(dashboard, base, dana);
      await dashboard.goto(`${base}/dashboard`);
      await liveUpdatesOn(dashboard);
      await expect.poll(() => figureValue(dashboard, 'Lessons completed').textContent()).toBe('1');

      // The other tab of the same browser (the same session): the second lesson, marked complete.
      const lesson = await context.newPage();
      await lesson.goto(`${base}/courses/${courseId}/lessons/${lessons[1]}`);
      await lesson.getByRole('heading', { name: 'Second', level: 1 }).waitFor();
      await lesson.getByRole('button', { name: 'Mark complete' }).click();
      await lesson.getByText('You completed this lesson.').waitFor();

      // Without a reload: the count, the streak (today counts now) and the next lesson move.
      await expect.poll(() => figureValue(dashboard, 'Lessons completed').textContent(), { timeout: 15_000 }).toBe('2');
      await expect.poll(() => figureValue(dashboard, 'Current streak').textContent(), { timeout: 15_000 }).toBe('4 days');
      await dashboard.getByRole('list', { name: 'Next lessons' }).getByRole('link', { name: 'Third' }).waitFor();
      await screenshot(dashboard, 'analytics-dashboard-live-1440');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(dashboard, 'analytics-dashboard-live-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);
});
