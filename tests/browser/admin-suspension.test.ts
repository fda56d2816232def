// An ADMIN suspends a learner from the users screen while the learner's page is open in another
// browser context: that page is signed out within seconds, the learner's sign-in is refused with
// the reason, the audit log shows the suspension, and after reactivation the learner signs in again.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let admin: TestUser;
let learner: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  admin = await signUp(t, ['ADMIN'], 'Ada Admin');
  learner = await signUp(t, [], 'Sam Suspended');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('suspending a user from the admin screen', () => {
  it("signs the user's open page out, refuses their sign-in, audits it, and reactivation lets them back", async () => {
    const learnerTab = await openTab(browser);
    const adminTab = await openTab(browser);
    try {
      // The learner's page is open, listening (their dashboard has live updates).
      await signInThroughUi(learnerTab.page, base, learner);
      await learnerTab.page.getByRole('link', { name: 'Dashboard' }).click();
      await liveUpdatesOn(learnerTab.page);
      await screenshot(learnerTab.page, 'admin-suspension-learner-signed-in');

      await signInThroughUi(adminTab.page, base, admin);
      await adminTab.page.getByRole('link', { name: 'Users' }).click();
      await adminTab.page.getByLabel('Search by name or email').fill('Sam Susp');
      const card = adminTab.page.getByRole('listitem', { name: 'User Sam Suspended' });
      await card.waitFor();
      await card.getByText('Sessions (').click();
      await screenshot(adminTab.page, 'admin-suspension-users-screen');
      await card.getByLabel('Reason to suspend Sam Suspended').fill('Posting spam in every course chat');
      await card.getByRole('button', { name: 'Suspend' }).click();
      await card.getByText(/by Ada Admin: Posting spam in every course chat/).waitFor();
      const suspendedAt = Date.now();
      await screenshot(adminTab.page, 'admin-suspension-suspended');

      // The learner's page, untouched, signs out by itself.
      await learnerTab.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor({ timeout: 5000 });
      expect(Date.now() - suspendedAt).toBeLessThan(5000);
      expect(await learnerTab.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      await screenshot(learnerTab.page, 'admin-suspension-learner-signed-out');

      // Signing in again is refused with the reason.
      await learnerTab.page.goto(`${base}/signin`);
      await learnerTab.page.getByLabel('Email').fill(learner.email);
      await learnerTab.page.getByLabel('Password').fill(learner.password);
      await learnerTab.page.getByRole('button', { name: 'Sign in' }).click();
      await learnerTab.page.getByText('This account is suspended').waitFor();
      await screenshot(learnerTab.page, 'admin-suspension-sign-in-refused');

      // The audit log shows who suspended whom.
      await adminTab.page.getByRole('link', { name: 'Audit log' }).click();
      await adminTab.page.getByLabel('Action').fill('UserSuspended');
      await adminTab.page.getByRole('button', { name: 'Filter' }).click();
      const row = adminTab.page.getByRole('row').filter({ hasText: 'UserSuspended' }).filter({ hasText: 'Sam Suspended' });
      await row.waitFor();
      expect(await row.innerText()).toContain('Ada Admin');
      // Only suspensions are listed once the filter applies (a header row and this one).
      await expect.poll(() => adminTab.page.getByRole('row').count(), { timeout: 5000 }).toBe(2);
      await screenshot(adminTab.page, 'admin-suspension-audit-log');

      // Reactivated, the learner signs in again.
      await adminTab.page.getByRole('link', { name: 'Users' }).click();
      await adminTab.page.getByLabel('Status', { exact: true }).selectOption('SUSPENDED');
      const suspended = adminTab.page.getByRole('listitem', { name: 'User Sam Suspended' });
      await suspended.getByRole('button', { name: 'Reactivate' }).click();
      // Reactivated, they leave the list of suspended users and appear among the active ones.
      await suspended.waitFor({ state: 'detached' });
      await adminTab.page.getByLabel('Status', { exact: true }).selectOption('ACTIVE');
      await adminTab.page.getByRole('listitem', { name: 'User Sam Suspended' }).getByText('Active', { exact: true }).waitFor();
      await signInThroughUi(learnerTab.page, base, learner);
      expect([...learnerTab.errors, ...adminTab.errors]).toEqual([]);
    } finally {
      await learnerTab.context.close();
      await adminTab.context.close();
    }
  });
});
