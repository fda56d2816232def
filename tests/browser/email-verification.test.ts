// Email verification, email change and the picture in a real browser: a new user sees the banner,
// cannot resend at once, opens the mailed link (once), changes their address (the banner comes
// back), uploads a picture and removes it. Screenshots land in test-results/browser/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient } from '../support/browser.ts';
import { startTestStack, verificationTokenFor, type TestStack } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let picture: string;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const png = execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=96x96', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  picture = path.join(mkdtempSync(path.join(tmpdir(), 'avatar-')), 'me.png');
  writeFileSync(picture, png);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const seen = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 15_000 });
const banner = (page: Page) => page.getByRole('region', { name: 'Email not verified' });

describe('email verification in the browser', () => {
  it('a new user verifies from the mailed link, changes their address and sets then removes a picture', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      const email = `vera.${Date.now()}@example.com`;
      await page.goto(`${base}/signup`);
      await page.getByLabel('Display name').fill('Vera Verify');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('a long password 42');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      // Unverified: the banner says what waits; the link was mailed moments ago, so no new one yet.
      await banner(page).waitFor();
      await banner(page).getByRole('button', { name: 'Send the link again' }).click();
      await seen(page, 'Too many attempts: wait a moment and try again.');
      await screenshot(page, 'verification-banner-1440');

      // The mailed link verifies; the session refreshes and the banner goes.
      const link = `${base}/verify-email?token=${await verificationTokenFor(t, email)}`;
      await page.goto(link);
      await seen(page, 'Your email address is verified.');
      await banner(page).waitFor({ state: 'detached' });
      await screenshot(page, 'verification-done-1440');
      // Opened again: used.
      await page.goto(link);
      await seen(page, /invalid, expired or already used/);
      await banner(page).waitFor({ state: 'detached' });

      // A new address, confirmed with the password: unverified again, the banner is back.
      const moved = `vera.moved.${Date.now()}@example.com`;
      await page.goto(`${base}/profile`);
      await page.getByLabel('New email address').fill(moved);
      await page.getByLabel('Current password').fill('not my password 1');
      await page.getByRole('button', { name: 'Change email' }).click();
      await seen(page, 'The password is incorrect.');
      await page.getByLabel('Current password').fill('a long password 42');
      await page.getByRole('button', { name: 'Change email' }).click();
      await seen(page, `We sent a verification link to ${moved}.`);
      await banner(page).waitFor();
      await screenshot(page, 'verification-email-changed-1440');
      expect(await verificationTokenFor(t, moved)).toMatch(/^[A-Za-z0-9_-]{43}$/);

      // A picture: the generated initials first, then the uploaded image, then the initials again.
      const avatar = page.getByRole('img', { name: "Vera Verify's picture" });
      expect(await avatar.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      await page.getByLabel('Upload a picture', { exact: true }).setInputFiles(picture);
      await expect.poll(async () => avatar.getAttribute('src'), { timeout: 30_000 }).toMatch(/^http/);
      await expect.poll(async () => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      await screenshot(page, 'avatar-uploaded-1440');
      await page.getByRole('button', { name: 'Remove picture' }).click();
      await expect.poll(async () => avatar.getAttribute('src'), { timeout: 10_000 }).toMatch(/^data:image\/svg\+xml/);

      await page.setViewportSize({ width: 375, height: 812 });
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'account-verification-375');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
