// API keys in the browser: a user creates a key in the account's security page, sees it once and
// copies it, uses it with fetch against the gateway (as an integration would), and revokes it.
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
  user = await signUp(t, [], 'Ines Integrator');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** What the page's own fetch of `{ me { displayName } }` with the key answers: its status and name or error code. */
const fetchWithKey = (page: import('playwright-core').Page, key: string) => page.evaluate(async (k) => {
  const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': k }, body: JSON.stringify({ query: '{ me { displayName } }' }) });
  const body = await res.json() as { data?: { me?: { displayName: string } }; errors?: { extensions?: { code?: string } }[] };
  return [res.status, body.data?.me?.displayName ?? body.errors?.[0]?.extensions?.code];
}, key);

describe('API keys in the browser', () => {
  it('creates a key shown once, uses it with fetch, and revokes it', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await signInThroughUi(page, base, user);
      await page.goto(`${base}/account/security`);
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Key name').fill('Reporting');
      await form.getByLabel('identity:read').check();
      await form.getByLabel('catalog:read').check();
      await form.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByLabel('New API key');
      await shown.waitFor();
      const key = (await shown.textContent())!.trim();
      expect(key).toMatch(/^lg_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      const listed = page.getByRole('list', { name: 'API keys' }).getByRole('listitem', { name: 'Reporting' });
      await listed.getByText(key.slice(0, 11)).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'api-keys-created-1440');
      await page.getByRole('button', { name: 'Done' }).click();
      await shown.waitFor({ state: 'detached' });
      // Shown once: the page holds it no more, and nothing the API answers holds it.
      expect(await page.content()).not.toContain(key.slice(-20));

      expect(await fetchWithKey(page, key)).toEqual([200, 'Ines Integrator']);
      await listed.getByRole('button', { name: 'Revoke' }).click();
      await listed.getByText('Revoked').waitFor();
      await expect.poll(() => fetchWithKey(page, key), { timeout: 2000, interval: 100 }).toEqual([401, 'UNAUTHENTICATED']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
