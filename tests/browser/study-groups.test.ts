// Study groups and community events in two browsers: one student creates a group, a classmate
// finds it at 375 px and joins, and they chat live (no reload) both ways; the classmate answers a
// course event GOING and downloads its .ics, which a calendar app can import.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { SCHEDULE, inHours, ok, parseIcs } from '../support/community.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let courseId: string;
let owner: TestUser;
let classmate: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Gita Teacher');
  courseId = (await createCourse(t, instructor, { title: 'Group Study 101' })).id;
  owner = await signUp(t, [], 'Olga Organiser');
  classmate = await signUp(t, [], 'Mika Classmate');
  for (const user of [owner, classmate]) await ok(t, user, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId });
  await ok(t, instructor, SCHEDULE, { input: { courseId, title: 'Exam prep session', startsAt: inHours(50), durationMinutes: 90, place: 'Room 12', capacity: 10 } });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('study groups in two browsers', () => {
  it('a student creates a group, a classmate joins it at 375 px, and they chat live', async () => {
    const a = await openTab(browser, { width: 1440, height: 900 });
    const b = await openTab(browser, { width: 375, height: 800 }, true);
    try {
      await signInThroughUi(a.page, base, owner);
      await a.page.getByRole('link', { name: 'Study groups' }).click();
      await a.page.getByRole('heading', { name: 'Study groups' }).waitFor();
      await a.page.getByRole('button', { name: 'New study group' }).click();
      const form = a.page.getByRole('form', { name: 'Create a study group' });
      await form.getByLabel('Name').fill('Evening revision');
      await form.getByLabel('Description').fill('We go through a chapter every evening.');
      await form.getByLabel('Capacity').fill('6');
      await form.getByRole('button', { name: 'Create the group' }).click();
      await a.page.getByRole('heading', { name: 'Evening revision' }).waitFor();
      await a.page.getByTestId('member-count').getByText('1 / 6 members').waitFor();
      await a.page.getByText('No messages yet: say hello.').waitFor();
      await liveUpdatesOn(a.page);

      // The classmate finds it among the course's groups (and in their suggestions) and joins.
      await signInThroughUi(b.page, base, classmate);
      await b.page.goto(`${base}/groups`);
      const suggested = b.page.getByRole('list', { name: 'Suggested groups' });
      await suggested.getByRole('link', { name: 'Evening revision' }).waitFor({ timeout: 15_000 });
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(b.page, 'study-groups-find-375');
      await b.page.getByRole('list', { name: 'Course groups' }).getByRole('link', { name: 'Evening revision' }).click();
      await b.page.getByRole('button', { name: 'Join the group' }).click();
      await b.page.getByTestId('member-count').getByText('2 / 6 members').waitFor();
      await liveUpdatesOn(b.page);

      // Live both ways, without a reload.
      await b.page.getByLabel('Message to the group').fill('Hi! Chapter 3 tonight?');
      await b.page.getByRole('button', { name: 'Send' }).click();
      await a.page.getByRole('list', { name: 'Group messages' }).getByText('Hi! Chapter 3 tonight?').waitFor({ timeout: 15_000 });
      await a.page.getByLabel('Message to the group').fill('Yes, at 8.');
      await a.page.getByRole('button', { name: 'Send' }).click();
      await b.page.getByRole('list', { name: 'Group messages' }).getByText('Yes, at 8.').waitFor({ timeout: 15_000 });
      await a.page.getByRole('list', { name: 'Members' }).getByText('Mika Classmate').waitFor();
      await a.page.getByTestId('member-count').getByText('2 / 6 members').waitFor();
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(b.page, 'study-group-chat-375');
      await screenshot(a.page, 'study-group-chat-1440');

      // The owner makes an invite link: a token in the group's URL.
      await a.page.getByRole('button', { name: 'Make an invite link' }).click();
      expect(await a.page.getByTestId('invite-link').inputValue()).toMatch(new RegExp(`/groups/[0-9a-f-]+\\?invite=[\\w-]{32}$`));

      // Who of the group is online, live: the classmate's open tab, then gone once it closes.
      const online = a.page.getByRole('group', { name: 'Online now' });
      await online.getByText('Mika Classmate').waitFor({ timeout: 15_000 });
      await a.page.getByRole('list', { name: 'Members' }).getByRole('img', { name: 'online' }).nth(1).waitFor();
      expect([...a.errors, ...b.errors]).toEqual([]);
      await b.context.close();
      await online.getByText('Mika Classmate').waitFor({ state: 'detached', timeout: 15_000 });
      expect(a.errors).toEqual([]);
    } catch (e) {
      await screenshot(a.page, 'study-groups-failure-a');
      await screenshot(b.page, 'study-groups-failure-b');
      throw e;
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 120_000);

  it("a student answers a course event GOING at 375 px and downloads its .ics", async () => {
    const tab = await openTab(browser, { width: 375, height: 800 }, true);
    const { page } = tab;
    try {
      await signInThroughUi(page, base, classmate);
      await page.goto(`${base}/courses/${courseId}`);
      const event = page.getByRole('listitem', { name: 'Event: Exam prep session' });
      await event.getByText('0 going · 0 maybe · 10 of 10 places left').waitFor({ timeout: 15_000 });
      await event.getByRole('button', { name: 'Going', exact: true }).click();
      await event.getByText('1 going · 0 maybe · 9 of 10 places left').waitFor();
      expect(await event.getByRole('button', { name: 'Going', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await overflowsHorizontally(page)).toBe(false);
      await event.scrollIntoViewIfNeeded();
      await screenshot(page, 'course-event-rsvp-375');

      const [download] = await Promise.all([page.waitForEvent('download'), event.getByRole('button', { name: 'Add to calendar (.ics)' }).click()]);
      expect(download.suggestedFilename()).toBe('Exam prep session.ics');
      const calendar = parseIcs(readFileSync((await download.path())!, 'utf8'));
      expect(calendar.children[0]!.props.get('SUMMARY')).toEqual(['Exam prep session']);
      expect(calendar.children[0]!.props.get('LOCATION')).toEqual(['Room 12']);

      const stored = await ok(t, classmate, `query($c: ID!) { courseEvents(courseId: $c) { edges { node { goingCount viewerRsvp } } } }`, { c: courseId });
      expect(stored.courseEvents.edges[0].node).toEqual({ goingCount: 1, viewerRsvp: 'GOING' });
      expect(tab.errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'course-event-failure');
      throw e;
    } finally {
      await tab.context.close();
    }
  }, 90_000);
});
