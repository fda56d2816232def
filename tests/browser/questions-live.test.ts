// Q&A in two browsers at once: a question asked in one appears live in the other, an answer given in
// the second appears live in the first, votes show at once, the asker accepts the answer, and each
// hears of the other's step through the live notifications badge.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi, type BrowserTab } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let course: { id: string };
let busyCourse: { id: string };
let instructor: TestUser;
let asker: TestUser;
let helper: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Teacher');
  course = await createCourse(t, instructor, { title: 'Live Questions 101', category: 'Science' });
  busyCourse = await createCourse(t, instructor, { title: 'Busy Questions 201', category: 'Science' });
  for (let i = 1; i <= 25; i += 1) {
    const asked = await t.gql(`mutation($i: AskQuestionInput!) { askQuestion(input: $i) { id } }`,
      { i: { courseId: busyCourse.id, title: `Busy question ${i}`, body: `Body ${i}` } }, { token: instructor.token });
    expect(asked.errors).toBeUndefined();
  }
  asker = await signUp(t, [], 'Ada Asker');
  helper = await signUp(t, [], 'Hal Helper');
  for (const user of [asker, helper]) {
    const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id }, { token: user.token });
    expect(res.errors).toBeUndefined();
  }
  // Each enrolment is confirmed by a notification: read them, so the badge counts only what follows.
  for (const user of [asker, helper]) {
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i += 1) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const res = await t.gql(`{ myNotifications(unreadOnly: true) { edges { node { id } } } }`, {}, { token: user.token });
      ids = (res.data?.myNotifications.edges ?? []).map((e: { node: { id: string } }) => e.node.id);
    }
    expect(ids).toHaveLength(1);
    const read = await t.gql(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids }, { token: user.token });
    expect(read.data?.markNotificationsRead).toBe(1);
  }
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedInOnCourse(user: TestUser, width: number): Promise<BrowserTab> {
  const tab = await openTab(browser, { width, height: 900 });
  const { page } = tab;
  await signInThroughUi(page, base, user);
  await page.goto(`${base}/courses/${course.id}`);
  await page.getByRole('heading', { name: 'Questions & answers' }).waitFor();
  await page.getByText('No questions yet.').waitFor();
  await liveUpdatesOn(page);
  return tab;
}

describe('Q&A in two browsers', () => {
  it('shows a question and its answer live in the other browser, with votes and acceptance', async () => {
    const a = await signedInOnCourse(asker, 1440);
    const b = await signedInOnCourse(helper, 375);
    try {
      await a.page.getByLabel('Question title').fill('Why do leaves turn?');
      await a.page.getByLabel('Details').fill('Is it the light or the cold?');
      await a.page.getByRole('button', { name: 'Ask' }).click();
      const inA = a.page.getByRole('listitem', { name: 'Why do leaves turn?' });
      await inA.waitFor();

      // The second browser sees it without reloading.
      const inB = b.page.getByRole('listitem', { name: 'Why do leaves turn?' });
      await inB.waitFor({ timeout: 15_000 });
      await inA.getByRole('button', { name: 'Answers (0)' }).click();
      await inA.getByText('No answers yet.').waitFor();

      // B upvotes the question (shown at once) and answers it; A sees the answer arrive.
      await inB.getByRole('button', { name: 'Upvote question “Why do leaves turn?”' }).click();
      await expect.poll(() => inB.getByLabel('question “Why do leaves turn?” score').textContent()).toBe('1');
      await inB.getByRole('button', { name: 'Answers (0)' }).click();
      await inB.getByLabel('Your answer to “Why do leaves turn?”').fill('Shorter days: the chlorophyll breaks down.');
      await inB.getByRole('button', { name: 'Answer', exact: true }).click();
      await inB.getByRole('list', { name: 'Answers to “Why do leaves turn?”' }).getByText('Shorter days: the chlorophyll breaks down.').waitFor();
      await inB.getByText('Ada Asker · 1 answer').waitFor();
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(b.page, 'course-qa-answered-375');

      await inA.getByRole('list', { name: 'Answers to “Why do leaves turn?”' }).getByText('Shorter days: the chlorophyll breaks down.').waitFor({ timeout: 15_000 });
      // The answer is a notification to the asker: the badge counts it without a reload.
      await a.page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 15_000 });
      await inA.getByRole('button', { name: 'Upvote answer by Hal Helper' }).click();
      await expect.poll(() => inA.getByLabel('answer by Hal Helper score').textContent()).toBe('1');
      await inA.getByRole('button', { name: 'Accept' }).click();
      await inA.getByText('✓ Accepted').waitFor();
      await screenshot(a.page, 'course-qa-accepted-1440');

      // The acceptance is a notification to the helper; the asker reads theirs and the badge clears.
      await b.page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 15_000 });
      await a.page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
      const notes = a.page.getByRole('list', { name: 'Notifications' });
      await notes.getByText(/^New answer to your question/).waitFor();
      await screenshot(a.page, 'notifications-1440');
      await a.page.getByRole('button', { name: 'Mark all read' }).click();
      await a.page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
      await a.page.getByRole('button', { name: 'Mark all read' }).waitFor({ state: 'detached' });

      // The votes and the acceptance were stored.
      const stored = await t.gql(
        `query($c: ID!) { course(id: $c) { questions(first: 5) { edges { node { voteScore acceptedAnswer { voteScore author { displayName } } } } } } }`,
        { c: course.id }, { token: asker.token },
      );
      expect(stored.data?.course.questions.edges[0].node).toEqual({ voteScore: 1, acceptedAnswer: { voteScore: 1, author: { displayName: 'Hal Helper' } } });
      expect([...a.errors, ...b.errors]).toEqual([]);
    } catch (e) {
      await screenshot(a.page, 'questions-live-failure-a');
      await screenshot(b.page, 'questions-live-failure-b');
      throw e;
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 90_000);

  it('lists the newest 20 questions and loads the older ones on request', async () => {
    const { context, page } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.goto(`${base}/courses/${busyCourse.id}`);
      const list = page.getByRole('list', { name: 'Questions' });
      await list.getByRole('listitem', { name: 'Busy question 25' }).waitFor();
      expect(await list.getByRole('listitem', { name: /^Busy question / }).count()).toBe(20);
      await page.getByRole('button', { name: 'Load older questions' }).click();
      await list.getByRole('listitem', { name: 'Busy question 1', exact: true }).waitFor();
      const titles = await list.getByRole('listitem', { name: /^Busy question / }).evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')));
      expect(titles).toEqual(Array.from({ length: 25 }, (_, i) => `Busy question ${25 - i}`));
      await page.getByRole('button', { name: 'Load older questions' }).waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('comes back after the gateway drops its live connection, and shows the message sent meanwhile', async () => {
    const a = await openTab(browser);
    try {
      await signInThroughUi(a.page, base, asker);
      await a.page.goto(`${base}/courses/${course.id}`);
      await a.page.getByRole('heading', { name: 'Course chat' }).waitFor();
      await liveUpdatesOn(a.page);
      // A gateway draining before a restart closes every socket (1012); the page retries with
      // backoff (at least a second), and reads its lists again once live.
      t.stack.gateway.dropSubscriptionConnections();
      await a.page.getByRole('status', { name: 'Live updates: reconnecting' }).first().waitFor({ timeout: 15_000 });
      const sent = await t.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "sent during the gap") { id } }`, { c: course.id }, { token: helper.token });
      expect(sent.errors).toBeUndefined();
      await liveUpdatesOn(a.page);
      await a.page.getByRole('list', { name: 'Chat messages' }).getByText('sent during the gap').waitFor({ timeout: 15_000 });
      expect(a.errors).toEqual([]);
    } finally {
      await a.context.close();
    }
  }, 60_000);
});
