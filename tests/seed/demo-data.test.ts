// The first README command loads the demo data: it must load on a fresh database, change nothing
// when loaded again, and leave a demo student who can sign in and find their courses.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { DEMO_PASSWORD, MFA_DEMO_SECRET, MFA_DEMO_STUDENT, admin, instructors, students } from '../../tools/seed/data.ts';
import { DEMO_VIDEO_COURSES } from '../../tools/seed/media.ts';
import { seedDemoData } from '../../tools/seed/seed.ts';
import { launchChromium, openTab, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});
let browser: Browser | undefined;

describe('the demo data', () => {
  // Minutes on a busy 2-core machine: 237 s on a fresh clone with lesson bodies written one by one, before catalog's bulk load.
  it('loads on a fresh database, and loading it again creates nothing', async () => {
    const first = await seedDemoData(t.stack.subgraphs, t.platform.logger);
    expect(first).toMatchObject({ users: 25, courses: 30 });
    expect(first.created).toBeGreaterThan(55);
    const again = await seedDemoData(t.stack.subgraphs, t.platform.logger);
    expect(again).toEqual({ ...first, created: 0 });
  }, 420_000);

  it('has a student who signs in with a second factor: the sign-in asks for a code, and a code of the published key finishes it', async () => {
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: MFA_DEMO_STUDENT.email, p: DEMO_PASSWORD });
    const challengeToken = login.errors?.[0]?.extensions?.challengeToken;
    expect(login.errors?.[0]?.extensions?.mfaRequired).toBe(true);
    const verified = await t.gql(`mutation($t: String!, $c: String) { verifyMfaChallenge(challengeToken: $t, code: $c) { user { displayName } } }`,
      { t: challengeToken, c: await generate({ secret: MFA_DEMO_SECRET }) });
    expect(verified.data?.verifyMfaChallenge.user.displayName).toBe(MFA_DEMO_STUDENT.displayName);
  }, 60_000);

  it('has a student who signs in through the gateway and finds enrolments, questions with votes and labs', async () => {
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: students[0]!.email, p: DEMO_PASSWORD });
    expect(login.errors).toBeUndefined();
    const token = login.data!.login.accessToken as string;
    const mine = await t.gql(`{ myEnrollments(first: 10) { totalCount edges { node { course { questions(first: 5, orderBy: TOP) { edges { node { voteScore } } } } } } } labs(first: 10) { totalCount } }`, {}, { token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myEnrollments.totalCount).toBeGreaterThanOrEqual(3);
    expect(mine.data!.labs.totalCount).toBe(4);
    const scores = mine.data!.myEnrollments.edges.flatMap((e: any) => e.node.course.questions.edges.map((q: any) => q.node.voteScore));
    expect(Math.max(...scores)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("gives every lesson a body, opens each course's first lesson to visitors and lists its documentation", async () => {
    const res = await t.gql(`{ courseBySlug(slug: "python-for-absolute-beginners") { id supplements { kind title public } sections { lessons { id preview } } } }`);
    expect(res.errors).toBeUndefined();
    const course = res.data!.courseBySlug;
    const lessons = course.sections.flatMap((s: any) => s.lessons);
    expect(lessons.map((l: any) => l.preview)).toEqual(lessons.map((_: unknown, i: number) => i === 0));
    // An anonymous visitor reads the preview and is refused the rest.
    const LESSON = `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { bodyHtml } } } }`;
    const preview = await t.gql(LESSON, { c: course.id, l: lessons[0].id });
    expect(preview.data!.course.lesson.content.bodyHtml).toContain('<pre><code class="language-python">');
    const closed = await t.gql(LESSON, { c: course.id, l: lessons[1].id });
    expect(closed.data!.course.lesson.content).toBeNull();
    expect(closed.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(course.supplements).toEqual([{ kind: 'DOCUMENT', title: 'The Python Tutorial', public: true }]);
    // Every lesson of every course, not just this one, has a body of its own, and every course supplements.
    const { catalog } = t.stack.subgraphs;
    const all = await catalog.repository.courses.find({}).toArray();
    const lessonIds = all.flatMap((c) => c.sections.flatMap((s) => s.lessons.map((l) => l._id)));
    const contents = await catalog.repository.contents.find({}).toArray();
    expect(contents.map((c) => c._id).sort()).toEqual([...lessonIds].sort());
    for (const content of contents) expect(content.bodyHtml).toMatch(/^<h2>.+<\/h2>\n<p>.{80,}<\/p>/);
    expect(all.filter((c) => (c.supplements ?? []).length === 0).map((c) => c.title)).toEqual([]);
  }, 60_000);

  it('gives three free courses a video with captions on their first lesson, and a cover (processed in the background)', async () => {
    const { catalog } = t.stack.subgraphs;
    for (const title of DEMO_VIDEO_COURSES) {
      const course = await catalog.repository.courses.findOne({ title });
      expect(course?.coverImageId).toBeTruthy();
      const content = await catalog.repository.findContent(course!.sections[0]!.lessons[0]!._id);
      expect(content).toMatchObject({ videoId: expect.any(String), captionIds: [expect.any(String)] });
    }
  });

  it("gives the analytics charts a shape: the demo student's 30 days and streak, and weeks of active learners in their course", async () => {
    const login = async (email: string) =>
      (await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: DEMO_PASSWORD })).data!.login.accessToken as string;
    const res = await t.gql(`{ myDashboard { currentStreak timeLearnedPerDay { seconds } recommendations { nextLessons { id } } } myEnrollments(first: 3) { edges { node { course { id } } } } }`, {}, { token: await login(students[0]!.email) });
    expect(res.errors).toBeUndefined();
    const dashboard = res.data!.myDashboard;
    expect(dashboard.currentStreak).toBeGreaterThanOrEqual(6);
    expect(dashboard.timeLearnedPerDay.filter((d: any) => d.seconds > 0).length).toBeGreaterThanOrEqual(10);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 62 * 86_400_000).toISOString().slice(0, 10);
    const weeks = [];
    for (const edge of res.data!.myEnrollments.edges) {
      const course = await t.gql(`query($c: ID!, $f: String!, $t: String!) { courseAnalytics(courseId: $c, from: $f, to: $t) { activeLearnersPerWeek { count } } }`,
        { c: edge.node.course.id, f: from, t: to }, { token: await login(admin.email) });
      expect(course.errors).toBeUndefined();
      weeks.push(course.data!.courseAnalytics.activeLearnersPerWeek.filter((w: any) => w.count > 0).length);
    }
    expect(Math.max(...weeks)).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('opens on first start, in a browser, a student\'s dashboard and their course\'s analytics for its instructor, each drawing charts of the demo history', async () => {
    const base = serveClient(t);
    browser = await launchChromium();
    const figure = (page: Page, title: string) => page.getByRole('figure', { name: title });
    const marks = (page: Page, title: string, selector: string) => figure(page, title).locator(`svg.recharts-surface ${selector}`);
    const rowsOf = async (page: Page, title: string) => {
      await page.getByRole('button', { name: `Show as table: ${title}` }).click();
      const rows = figure(page, title).locator('tbody tr');
      await rows.first().waitFor();
      return rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
    };

    const student = await openTab(browser);
    try {
      await signInThroughUi(student.page, base, { email: students[0]!.email, password: DEMO_PASSWORD });
      await student.page.goto(`${base}/dashboard`);
      await marks(student.page, 'Time learned per day', '.recharts-area-area').waitFor();
      // Attached, not visible: a line of equal scores is flat, a path without height.
      await marks(student.page, 'Average exercise score', '.recharts-line-curve').waitFor({ state: 'attached' });
      expect(await marks(student.page, 'Average exercise score', '.recharts-line-dot').count()).toBeGreaterThanOrEqual(2);
      const heatmap = figure(student.page, 'Skill heatmap').getByRole('list', { name: 'Mastery per skill' }).getByRole('listitem');
      expect(await heatmap.count()).toBeGreaterThanOrEqual(3);
      // A streak up to yesterday and study on many of the last 30 days.
      const days = await rowsOf(student.page, 'Time learned per day');
      expect(days).toHaveLength(30);
      expect(days.filter(([, time]) => time !== '0 s').length).toBeGreaterThanOrEqual(10);
      await screenshot(student.page, 'demo-student-dashboard-1440');
      expect(student.errors).toEqual([]);
    } finally {
      await student.context.close();
    }

    // The demo student's first course and the instructor who teaches it (ADMIN reads the email).
    const token = async (email: string) =>
      (await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: DEMO_PASSWORD })).data!.login.accessToken as string;
    const mine = await t.gql(`{ myEnrollments(first: 10) { edges { node { enrolledAt course { id title instructor { id } } } } } }`, {}, { token: await token(students[0]!.email) });
    const first = mine.data!.myEnrollments.edges.map((e: any) => e.node).sort((a: any, b: any) => a.enrolledAt.localeCompare(b.enrolledAt))[0];
    // Enrolled about two months ago, as the seed spreads enrolments.
    expect(Date.now() - Date.parse(first.enrolledAt)).toBeGreaterThan(55 * 86_400_000);
    const course = first.course;
    const teacher = await t.gql(`query($id: ID!) { user(id: $id) { email } }`, { id: course.instructor.id }, { token: await token(admin.email) });
    const email = teacher.data!.user.email as string;
    expect(instructors.map((i) => i.email)).toContain(email);

    const instructor = await openTab(browser);
    try {
      await signInThroughUi(instructor.page, base, { email, password: DEMO_PASSWORD });
      await instructor.page.goto(`${base}/teach/${course.id}/analytics`);
      await instructor.page.getByRole('heading', { name: `Analytics: ${course.title}` }).waitFor();
      await marks(instructor.page, 'Enrolments per day', '.recharts-line-curve').waitFor();
      await marks(instructor.page, 'Active learners per week', '.recharts-bar-rectangle').first().waitFor();
      await marks(instructor.page, 'Completion funnel by lesson', '.recharts-bar-rectangle').first().waitFor();
      await marks(instructor.page, 'Exercise difficulty', '.recharts-bar-rectangle').first().waitFor();
      // Enrolments come on several days of the last 30, not all today.
      const enrolments = await rowsOf(instructor.page, 'Enrolments per day');
      expect(enrolments).toHaveLength(30);
      expect(enrolments.filter(([, count]) => count !== '0').length).toBeGreaterThanOrEqual(2);
      expect(enrolments.at(-1)![1]).toBe('0');
      await screenshot(instructor.page, 'demo-instructor-analytics-1440');
      expect(instructor.errors).toEqual([]);
    } finally {
      await instructor.context.close();
    }
  }, 180_000);
});
