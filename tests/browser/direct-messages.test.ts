// Direct messages in two browsers: a student sees a classmate online on the course page and
// messages them from there; the classmate's header counts the unread conversation live, they open
// it, and the sender sees the read receipt and the classmate typing, live; the reply arrives live.
// Ada then edits and deletes her first message, and Ben's open conversation follows live.
// The second browser is a 375 px phone throughout. Screenshots in test-results/browser.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi, type BrowserTab } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let courseId: string;
let ada: TestUser;
let ben: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Teacher');
  courseId = (await createCourse(t, instructor, { title: 'Messaging 101' })).id;
  ada = await signUp(t, [], 'Ada Sender');
  ben = await signUp(t, [], 'Ben Reader');
  for (const user of [ada, ben]) await enrol(t, user, courseId);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function onCourse(user: TestUser, width: number): Promise<BrowserTab> {
  const tab = await openTab(browser, { width, height: 900 }, width < 500);
  await signInThroughUi(tab.page, base, user);
  await tab.page.goto(`${base}/courses/${courseId}`);
  await tab.page.getByRole('heading', { name: 'Course chat' }).waitFor();
  await liveUpdatesOn(tab.page);
  return tab;
}

describe('a direct message between two browsers', () => {
  it('goes from the course page to a conversation, with the unread count, read receipt and typing indicator live', async () => {
    const b = await onCourse(ben, 375);
    const a = await onCourse(ada, 1440);
    try {
      // Ben is online: his socket is open. Ada messages him from the course's "Online now".
      const online = a.page.getByRole('group', { name: 'Online now' });
      await online.getByText('Ben Reader').waitFor({ timeout: 15_000 });
      await expect(online.getByRole('img', { name: 'online' }).count()).resolves.toBeGreaterThanOrEqual(2);
      await b.page.getByRole('group', { name: 'Online now' }).getByText('Ada Sender').waitFor({ timeout: 15_000 });
      await screenshot(a.page, 'dm-1-course-online-now');
      await online.getByRole('link', { name: 'Message Ben Reader' }).click();
      await a.page.getByRole('heading', { name: 'Message Ben Reader' }).waitFor();
      await a.page.getByLabel('Message', { exact: true }).fill('Hi Ben, shall we study chapter 2 together?');
      await a.page.getByRole('button', { name: 'Send', exact: true }).click();
      await a.page.getByRole('heading', { name: 'Ben Reader' }).waitFor();
      await liveUpdatesOn(a.page);

      // Ben's header counts one unread conversation without a reload.
      await b.page.getByRole('link', { name: 'Messages, 1 unread' }).waitFor({ timeout: 15_000 });
      await screenshot(b.page, 'dm-2-unread-in-header-375');
      await b.page.getByRole('link', { name: 'Messages, 1 unread' }).click();
      const row = b.page.getByRole('list', { name: 'Conversations' }).getByRole('link').first();
      await row.getByText('Ada Sender', { exact: true }).waitFor();
      await expect(row.getByLabel('1 unread').count()).resolves.toBe(1);
      await row.click();
      await b.page.getByText('Hi Ben, shall we study chapter 2 together?').waitFor();
      await liveUpdatesOn(b.page);

      // Opening it marks it read: Ada sees the receipt, and Ben's count goes.
      await a.page.getByText('Seen by Ben Reader').waitFor({ timeout: 15_000 });
      await b.page.getByRole('link', { name: 'Messages', exact: true }).waitFor({ timeout: 15_000 });

      // Ben types: Ada sees it; then his reply arrives live.
      await b.page.getByLabel('Message', { exact: true }).pressSequentially('Sure, see you', { delay: 30 });
      await a.page.getByText('Ben Reader is typing…').waitFor({ timeout: 10_000 });
      await screenshot(a.page, 'dm-3-read-receipt-and-typing');
      await b.page.getByRole('button', { name: 'Send', exact: true }).click();
      await a.page.getByRole('list', { name: 'Direct messages' }).getByText('Sure, see you').waitFor({ timeout: 15_000 });
      await a.page.getByText('Ben Reader is typing…').waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => undefined);
      await screenshot(b.page, 'dm-4-conversation-375');
      expect(await overflowsHorizontally(b.page)).toBe(false);

      // Ada edits her first message, then deletes it: Ben's conversation follows live.
      const bensLog = b.page.getByRole('list', { name: 'Direct messages' });
      await a.page.getByRole('button', { name: 'Edit message by you' }).first().click();
      await a.page.getByRole('form', { name: 'Edit message by you' }).getByLabel('Text').fill('Hi Ben, shall we study chapter 3 instead?');
      await a.page.getByRole('button', { name: 'Save' }).click();
      await bensLog.getByText('Hi Ben, shall we study chapter 3 instead?').waitFor({ timeout: 15_000 });
      await bensLog.getByText('(edited)').waitFor();
      expect(await b.page.getByRole('button', { name: 'Edit message by Ada Sender' }).count()).toBe(0);
      await b.page.getByRole('button', { name: 'Report message by Ada Sender' }).waitFor();
      await a.page.getByRole('button', { name: 'Delete message by you' }).first().click();
      await a.page.getByRole('button', { name: 'Yes, delete' }).click();
      await bensLog.getByText('Hi Ben, shall we study chapter 3 instead?').waitFor({ state: 'detached', timeout: 15_000 });
      await bensLog.getByText('Sure, see you').waitFor();

      // Ben blocks Ada: no more messages here, either way.
      await b.page.getByRole('button', { name: 'Block Ada Sender' }).click();
      await b.page.getByText('No new messages can be sent here').waitFor();
      await a.page.reload();
      await a.page.getByText('No new messages can be sent here').waitFor();
      await screenshot(b.page, 'dm-5-blocked-375');
      // No error shown anywhere along the way (a payload that failed would show here).
      expect(await a.page.getByRole('alert').count()).toBe(0);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 120_000);
});
