// Browser tests: Debian's Chromium driven by playwright-core against the built web client, served
// from the test stack's gateway exactly as tools/dev/start.ts serves it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveWeb, webBuilt, WEB_DIST } from '../../tools/dev/web.ts';
import type { TestStack } from './stack.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(root, 'test-results', 'browser');

/** Builds the client when no build exists (tools/test.sh builds it before the tests). */
export function ensureWebBuilt(): void {
  if (webBuilt()) return;
  execFileSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: root, stdio: 'inherit' });
  execFileSync(path.join(root, 'web/node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web'), stdio: 'inherit' });
}

/**
 * The client on the stack's own origin, with production's security headers (its CSP above all;
 * HSTS over plain HTTP is ignored); returns its URL.
 */
export function serveClient(t: TestStack): string {
  ensureWebBuilt();
  t.stack.gateway.app.use(serveWeb({ production: true }, WEB_DIST));
  return t.url.replace(/\/graphql$/, '');
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash tools/setup.sh (it installs Debian's chromium).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Whether the page scrolls sideways (a layout that does not fit the viewport). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

export interface BrowserTab { context: BrowserContext; page: Page; errors: string[] }

/**
 * A fresh browser context and page whose uncaught page errors and Content-Security-Policy
 * violations are collected in `errors` (journeys end by expecting none).
 */
export async function openTab(browser: Browser, viewport: { width: number; height: number } = { width: 1440, height: 900 }, mobile = false): Promise<BrowserTab> {
  const context = await browser.newContext({ viewport, ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Chromium reports each blocked load or inline script on the console.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

/** Signs `user` in through the sign-in screen and waits until the header shows the session. */
export async function signInThroughUi(page: Page, base: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Waits until the page's live updates are on (its graphql-ws socket acknowledged): subscriptions
 * mounted by then have been sent to the gateway, which listens from the moment it receives them.
 */
export async function liveUpdatesOn(page: Page): Promise<void> {
  await page.getByRole('status', { name: 'Live updates: on' }).first().waitFor({ timeout: 15_000 });
}
