// "Your data" in the browser: a student asks for an export, watches it complete and downloads the
// JSON file; then schedules the deletion of their account, sees the date, and keeps the account.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let user: TestUser;

beforeAll(async () => {
  t = await startTestStack({ ACCOUNT_DELETION_GRACE_SECONDS: String(14 * 86_400) });
  base = serveClient(t);
  browser = await launchChromium();
  user = await signUp(t, [], 'Dana Data');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('your data in the browser', () => {
  it('requests an export, downloads it, then schedules and cancels the account deletion', async () => {
    const { context, page, errors } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await signInThroughUi(page, base, user);
      await page.getByRole('link', { name: 'Your profile: Dana Data' }).click();
      await page.getByRole('heading', { name: 'Your data' }).waitFor();
      await page.getByRole('button', { name: 'Request an export' }).click();
      const link = page.getByRole('link', { name: 'Download your data' });
      await link.waitFor({ timeout: 30_000 });
      await screenshot(page, 'your-data-export-ready-375');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
      expect(file.userId).toBe(user.id);
      expect(file.parts.identity.account.email).toBe(user.email);
      expect(Object.keys(file.parts)).toHaveLength(10);

      await page.getByLabel('Your password').fill(user.password);
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await page.getByText(/Your account will be deleted on/).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'your-data-deletion-scheduled-375');
      const scheduled = await t.gql(`{ myAccountDeletion { deleteAt } }`, {}, { token: user.token });
      expect(Date.parse(scheduled.data!.myAccountDeletion.deleteAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);

      await page.getByRole('button', { name: 'Keep my account' }).click();
      await page.getByRole('button', { name: 'Delete my account' }).waitFor();
      expect((await t.gql(`{ myAccountDeletion { deleteAt } }`, {}, { token: user.token })).data!.myAccountDeletion).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
