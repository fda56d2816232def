// Two-step sign-in and sessions in the browser: a student signs another device out, sets up an
// authenticator app from the QR code's key (the test computes the codes as the app would), keeps
// the recovery codes, signs out, and signs in again with a code; then changes the password.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { totp } from '../support/mfa.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let user: TestUser;
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  user = await signUp(t, [], 'Morgan Mfa');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('two-step sign-in and sessions in the browser', () => {
  it('signs another device out, sets up an authenticator app, then signs in with a code from it', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      // Another device, signed in before the journey.
      const other = (await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: user.email, p: user.password },
        { headers: { 'user-agent': WINDOWS_FIREFOX } })).data!.login.accessToken as string;
      await signInThroughUi(page, base, user);
      await page.goto(`${base}/account/security`);
      const sessions = page.getByRole('list', { name: 'Sessions' });
      const firefox = sessions.getByRole('listitem', { name: 'Firefox on Windows' });
      await firefox.waitFor();
      await expect.poll(() => sessions.getByRole('listitem').count(), { timeout: 10_000 }).toBe(3);
      await sessions.getByText('This device').waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'security-sessions-1440');
      await firefox.getByRole('button', { name: 'Sign out' }).click();
      await firefox.waitFor({ state: 'detached' });
      await expect.poll(async () => (await t.gql('{ me { id } }', {}, { token: other })).status, { timeout: 2000, interval: 50 }).toBe(401);

      await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const qr = page.getByRole('img', { name: 'QR code to add this account to an authenticator app' });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
      await screenshot(page, 'mfa-enrolment-qr-1440');
      // The current period's code; signing in below uses the next one (an app a little ahead), which
      // stays valid even if a period ends while a slow machine works.
      await page.getByLabel('Code from the app').fill(await totp(secret));
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await page.getByText(/^Two-step sign-in is on\./).waitFor();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      expect(await codes.count()).toBe(10);
      expect(await codes.first().textContent()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await screenshot(page, 'mfa-recovery-codes-1440');
      await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
      await page.getByText(/On since .*; 10 recovery codes left\./).waitFor();
      // The sign-up's own session was signed out with the enrolment ("Sign out my other sessions").
      await expect.poll(() => sessions.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1);

      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.goto(`${base}/signin`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
      await page.getByLabel('Code from the app').fill('000000' === (await totp(secret, 1)) ? '111111' : '000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('The code is incorrect.').waitFor();
      await screenshot(page, 'mfa-challenge-1440');
      await page.getByLabel('Code from the app').fill(await totp(secret, 1));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.goto(`${base}/account/security`);
      await page.getByLabel('Current password').fill(user.password);
      await page.getByLabel('New password').fill('a fresh password 2026');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed.').waitFor();
      await screenshot(page, 'security-after-1440');
      const login = await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: user.email, p: 'a fresh password 2026' });
      expect(login.errors![0]!.extensions!.mfaRequired).toBe(true);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'mfa-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);

  it('on a phone, the second step offers a recovery code instead', async () => {
    const phoneUser = await signUp(t, [], 'Riley Recovery');
    const started = await t.gql('mutation { startMfaEnrollment { secret } }', {}, { token: phoneUser.token });
    const secret = started.data!.startMfaEnrollment.secret as string;
    const confirmed = await t.gql('mutation($c: String!) { confirmMfaEnrollment(code: $c) { recoveryCodes } }', { c: await totp(secret) }, { token: phoneUser.token });
    const recovery = confirmed.data!.confirmMfaEnrollment.recoveryCodes[0] as string;
    const { context, page, errors } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await page.goto(`${base}/signin`);
      await page.getByLabel('Email').fill(phoneUser.email);
      await page.getByLabel('Password').fill(phoneUser.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recovery);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'mfa-recovery-code-375');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect((await t.gql('{ myMfa { recoveryCodesLeft } }', {}, { token: phoneUser.token })).data!.myMfa.recoveryCodesLeft).toBe(9);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'mfa-recovery-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);
});
