// Preferences in the browser: the settings page (language, time zone, a table of notification
// kinds × channel with a daily digest), then a notification mail's unsubscribe link opened signed
// out, which stops that mail with one button; an altered link is refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let user: TestUser;
let writer: TestUser;

const MINE = `{ myPreferences { locale timeZone notifications { kind channel dailyDigest } } }`;
const settingOf = async (kind: string) =>
  ((await t.gql(MINE, {}, { token: user.token })).data!.myPreferences.notifications as { kind: string }[]).find((n) => n.kind === kind);

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR']);
  [user, writer] = [await signUp(t, [], 'Prue Preferences'), await signUp(t, [], 'Wes Writer')];
  const { id } = await createCourse(t, instructor);
  for (const who of [user, writer]) await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: id }, { token: who.token });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The unsubscribe link of the latest notification mail to `email`, relative to the served client. */
async function mailedUnsubscribePath(email: string): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const mail = await t.stack.subgraphs.engagement.mail.repository.mail.collection.find({ to: email }).sort({ createdAt: -1 }).limit(1).next();
    const link = /\/unsubscribe\?token=[A-Za-z0-9_.-]+/.exec(String(mail?.text ?? ''));
    if (link) return link[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no notification mail to ${email}`);
}

describe('preferences in the browser', () => {
  it('sets the language, the time zone and how each kind of notification arrives', async () => {
    const { context, page, errors } = await openTab(browser, { width: 1280, height: 900 });
    try {
      await signInThroughUi(page, base, user);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Preferences and notifications' }).waitFor();
      await page.getByLabel('Language').selectOption('fr');
      await page.getByLabel('Time zone').selectOption('Europe/Paris');
      const digest = page.getByLabel('Direct messages: daily digest');
      expect(await digest.isDisabled()).toBe(true);
      await page.getByLabel('Direct messages: Email').check();
      await digest.check();
      await page.getByLabel('Mentions of me: Both').check();
      await page.getByLabel('Event reminders: Off').check();
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByText('Preferences saved.').waitFor();
      await screenshot(page, 'preferences-1280');
      const prefs = (await t.gql(MINE, {}, { token: user.token })).data!.myPreferences;
      expect(prefs).toMatchObject({ locale: 'fr', timeZone: 'Europe/Paris' });
      expect(prefs.notifications).toEqual(expect.arrayContaining([
        { kind: 'DIRECT_MESSAGE', channel: 'EMAIL', dailyDigest: true },
        { kind: 'MENTIONED', channel: 'BOTH', dailyDigest: false },
        { kind: 'EVENT_REMINDER', channel: 'NONE', dailyDigest: false },
      ]));
      // Back on the page later, the saved choices are what it shows.
      await page.reload();
      expect(await page.getByLabel('Direct messages: Email').isChecked()).toBe(true);
      expect(await page.getByLabel('Direct messages: daily digest').isChecked()).toBe(true);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'preferences-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);

  it('fits a phone: the table scrolls inside the page, not the page sideways', async () => {
    const { context, page, errors } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await signInThroughUi(page, base, user);
      await page.goto(`${base}/settings/preferences`);
      await page.getByRole('heading', { name: 'Preferences and notifications' }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'preferences-375');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("opens a mail's unsubscribe link signed out and stops that mail with one button; an altered link is refused", async () => {
    await t.gql(`mutation { updatePreferences(input: { notifications: [{ kind: DIRECT_MESSAGE, channel: BOTH }] }) { locale } }`, {}, { token: user.token });
    const sent = await t.gql(`mutation($to: [ID!]!) { sendDirectMessage(input: { recipientIds: $to, body: "Hello Prue" }) { id } }`, { to: [user.id] }, { token: writer.token });
    expect(sent.errors).toBeUndefined();
    const link = await mailedUnsubscribePath(user.email);
    const { context, page, errors } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      const altered = link.replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`);
      await page.goto(`${base}${altered}`);
      await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
      await screenshot(page, 'unsubscribe-invalid-375');
      await page.goto(`${base}${link}`);
      await page.getByRole('heading', { name: 'Stop these emails?' }).waitFor();
      await page.getByText('Direct messages').first().waitFor();
      await screenshot(page, 'unsubscribe-375');
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
      await screenshot(page, 'unsubscribed-375');
      expect(await settingOf('DIRECT_MESSAGE')).toEqual({ kind: 'DIRECT_MESSAGE', channel: 'IN_APP', dailyDigest: false });
      // The refused token is a GraphQL error the page shows, not a crash.
      expect(errors.filter((e) => !/400|not valid/i.test(e))).toEqual([]);
    } catch (e) {
      await screenshot(page, 'unsubscribe-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);
});
