// Moderation in two browsers at once: a member edits their own chat message (the staff browser
// sees it marked edited, live) and reports someone else's; staff hides that message with a reason
// and it disappears live from the member's browser; the report waits in staff's moderation queue.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi, type BrowserTab } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let course: { id: string };
let instructor: TestUser;
let spammer: TestUser;
let member: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Mira Moderator');
  course = await createCourse(t, instructor, { title: 'Moderated Chat 101', category: 'Science' });
  spammer = await signUp(t, [], 'Sam Spammer');
  member = await signUp(t, [], 'Mel Member');
  await enrol(t, spammer, course.id);
  await enrol(t, member, course.id);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function onCourse(user: TestUser, width: number): Promise<BrowserTab> {
  const tab = await openTab(browser, { width, height: 900 });
  await signInThroughUi(tab.page, base, user);
  await tab.page.goto(`${base}/courses/${course.id}`);
  await tab.page.getByRole('heading', { name: 'Course chat' }).waitFor();
  await liveUpdatesOn(tab.page);
  return tab;
}

describe('moderation in two browsers', () => {
  it('staff hides a message and it disappears live for the member; the member edits and reports; the report is in the queue', async () => {
    const spam = await t.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Cheap watches at example.test") { id } }`, { c: course.id }, { token: spammer.token });
    expect(spam.errors).toBeUndefined();
    const staff = await onCourse(instructor, 1440);
    const mel = await onCourse(member, 375);
    try {
      const melChat = mel.page.getByRole('list', { name: 'Chat messages' });
      const staffChat = staff.page.getByRole('list', { name: 'Chat messages' });
      await melChat.getByText('Cheap watches at example.test').waitFor();

      // Mel writes, then corrects her message; staff sees the new text marked edited without a reload.
      await mel.page.getByLabel('Message', { exact: true }).fill('Helo everyone');
      await mel.page.getByRole('button', { name: 'Send' }).click();
      const mine = melChat.getByRole('listitem', { name: 'Message by Mel Member' });
      await mine.getByText('Helo everyone').waitFor();
      await mine.getByRole('button', { name: 'Edit message by Mel Member' }).click();
      await mine.getByLabel('Text').fill('Hello everyone');
      await mine.getByRole('button', { name: 'Save' }).click();
      await mine.getByText('(edited)').waitFor();
      await staffChat.getByText('Hello everyone').waitFor({ timeout: 15_000 });
      await staffChat.getByRole('listitem', { name: 'Message by Mel Member' }).getByText('(edited)').waitFor();

      // Mel reports the spam with a reason.
      const spamForMel = melChat.getByRole('listitem', { name: 'Message by Sam Spammer' });
      await spamForMel.getByRole('button', { name: 'Report message by Sam Spammer' }).click();
      await spamForMel.getByLabel('What is wrong with it?').fill('Advertising');
      await spamForMel.getByRole('button', { name: 'Send report' }).click();
      await spamForMel.getByText("Reported to the course's staff. Thank you.").waitFor();
      expect(await overflowsHorizontally(mel.page)).toBe(false);
      await screenshot(mel.page, 'moderation-reported-375');

      // Staff hides it with a reason: it leaves Mel's chat live, and stays for staff marked hidden.
      const spamForStaff = staffChat.getByRole('listitem', { name: 'Message by Sam Spammer' });
      await spamForStaff.getByRole('button', { name: 'Hide message by Sam Spammer' }).click();
      await spamForStaff.getByLabel('Reason (shown to the author)').fill('Spam');
      await spamForStaff.getByRole('button', { name: 'Hide it' }).click();
      await spamForStaff.getByText('Hidden: Spam').waitFor();
      await screenshot(staff.page, 'moderation-hidden-staff-1440');
      await melChat.getByText('Cheap watches at example.test').waitFor({ state: 'detached', timeout: 15_000 });
      await melChat.getByText('Hello everyone').waitFor();
      expect(await overflowsHorizontally(mel.page)).toBe(false);
      await screenshot(mel.page, 'moderation-gone-live-375');

      // The report waits in the queue with the post's text; staff dismisses it (the post is hidden already).
      await staff.page.getByRole('link', { name: 'Moderation' }).click();
      const report = staff.page.getByRole('listitem', { name: 'Report: Advertising' });
      await report.getByText('Cheap watches at example.test').waitFor();
      await report.getByText('Hidden', { exact: true }).waitFor();
      await screenshot(staff.page, 'moderation-queue-1440');
      await report.getByRole('button', { name: 'Dismiss' }).click();
      await staff.page.getByText('No open reports.').waitFor();

      const stored = await t.gql(`query($c: ID!) { course(id: $c) { chatMessages { edges { node { body } } } } }`, { c: course.id }, { token: member.token });
      expect(stored.data?.course.chatMessages.edges.map((e: any) => e.node.body)).toEqual(['Hello everyone']);
      expect([...staff.errors, ...mel.errors]).toEqual([]);
    } catch (e) {
      await screenshot(staff.page, 'moderation-failure-staff');
      await screenshot(mel.page, 'moderation-failure-member');
      throw e;
    } finally {
      await staff.context.close();
      await mel.context.close();
    }
  }, 120_000);

  it('the moderation queue fits a 375 px screen', async () => {
    const sent = await t.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Another doubtful message with a long unbroken word: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") { id } }`, { c: course.id }, { token: spammer.token });
    const reported = await t.gql(`mutation($id: ID!) { reportPost(input: { kind: CHAT_MESSAGE, id: $id, reason: "Looks odd" }) { id } }`, { id: sent.data!.sendChatMessage.id }, { token: member.token });
    expect(reported.errors).toBeUndefined();
    const tab = await openTab(browser, { width: 375, height: 900 });
    try {
      await signInThroughUi(tab.page, base, instructor);
      await tab.page.goto(`${base}/moderation`);
      await tab.page.getByRole('listitem', { name: 'Report: Looks odd' }).waitFor();
      expect(await overflowsHorizontally(tab.page)).toBe(false);
      await screenshot(tab.page, 'moderation-queue-375');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  }, 60_000);
});
