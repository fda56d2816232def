// The account in the browser: editing the profile (the header follows), and a forgotten password
// reset through the mailed link `/reset-password?token=…`, then signing in with the new one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let user: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  user = await signUp(t, [], 'Pat Profile');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The reset link of the latest mail to `email`, made relative to the served client. */
async function mailedResetPath(email: string): Promise<string> {
  for (let i = 0; i < 50; i += 1) {
    const mail = await t.platform.db.collection('identity_mail_outbox').find({ to: email }).sort({ createdAt: -1 }).limit(1).next();
    const link = /\/reset-password\?token=[^\s]+/.exec(String(mail?.text ?? ''));
    if (link) return link[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset mail to ${email}`);
}

describe('the account in the browser', () => {
  it('edits the profile, then resets a forgotten password from the mailed link and signs in with it', async () => {
    const { context, page, errors } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await signInThroughUi(page, base, user);
      await page.getByRole('link', { name: 'Your profile: Pat Profile' }).click();
      await page.getByLabel('Display name').fill('Patricia Profile');
      await page.getByLabel('Bio').fill('Learns about gardens.');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile saved.').waitFor();
      await page.getByRole('link', { name: 'Your profile: Patricia Profile' }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'profile-375');
      const me = await t.gql(`{ me { displayName bio } }`, {}, { token: user.token });
      expect(me.data?.me).toEqual({ displayName: 'Patricia Profile', bio: 'Learns about gardens.' });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.goto(`${base}/signin`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Email').fill(user.email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByText(/a mail with a link is on its way/).waitFor();
      await page.goto(`${base}${await mailedResetPath(user.email)}`);
      await page.getByLabel('New password', { exact: true }).fill('a brand new password 7');
      await screenshot(page, 'reset-password-375');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Your password is changed.').waitFor();
      await page.getByRole('link', { name: 'Sign in', exact: true }).last().click();
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill('a brand new password 7');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Your profile: Patricia Profile' }).waitFor();
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'account-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);
});
