// Sign-in with OpenID Connect in the browser, against a real provider on loopback: the sign-in
// page's provider button, the provider's own page, back through /auth/callback signed in; then
// the linked accounts on the profile page (linking from a password account, unlinking refused
// while it is the only way in).
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { signUp, startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
let idp: TestOidcProvider;
let browser: Browser;
let base: string;

/** A port free now, for a gateway whose origin the provider and WEB_ORIGINS must know beforehand. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider([`${base}/auth/callback`]);
  t = await startTestStack({ OIDC_PROVIDERS: JSON.stringify([idp.settings('local', 'Local ID')]), WEB_ORIGINS: base }, { port });
  expect(serveClient(t)).toBe(base);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await idp?.stop();
});

describe('sign-in with a provider in the browser', () => {
  it('signs a new person in with the local provider, who then sees it linked and cannot unlink their only way in', async () => {
    idp.addAccount({ login: 'grace', email: `grace.${Date.now()}@example.com`, emailVerified: true, name: 'Grace Provider' });
    const { context, page, errors } = await openTab(browser);
    try {
      await page.goto(`${base}/signin`);
      const button = page.getByRole('button', { name: 'Sign in with Local ID' });
      await button.waitFor();
      await screenshot(page, 'oidc-1-sign-in-page');
      await button.click();

      await page.getByRole('heading', { name: 'Test Identity Provider' }).waitFor();
      expect(page.url().startsWith(idp.issuer)).toBe(true);
      await page.getByLabel('Account').fill('grace');
      await screenshot(page, 'oidc-2-provider-page');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.getByRole('link', { name: 'Your profile: Grace Provider' }).isVisible()).resolves.toBe(true);
      await screenshot(page, 'oidc-3-signed-in');

      await page.getByRole('link', { name: 'Your profile: Grace Provider' }).click();
      const linked = page.getByRole('list', { name: 'Linked accounts' });
      await linked.getByText('Local ID', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Unlink Local ID' }).click();
      await page.getByRole('alert').filter({ hasText: 'only way to sign in' }).waitFor();
      await screenshot(page, 'oidc-4-unlink-refused');
      expect(await linked.getByText('Local ID', { exact: true }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('links the provider to a password account from the profile page, and unlinks it again', async () => {
    const user = await signUp(t, [], 'Lin Password');
    idp.addAccount({ login: 'lin', email: `lin.other.${Date.now()}@example.com`, emailVerified: false, name: 'Lin at the provider' });
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, user);
      await page.getByRole('link', { name: 'Your profile: Lin Password' }).click();
      await page.getByRole('button', { name: 'Link Local ID', exact: true }).click();
      await page.getByRole('heading', { name: 'Test Identity Provider' }).waitFor();
      await page.getByLabel('Account').fill('lin');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { name: 'Your profile' }).waitFor({ timeout: 20_000 });
      const linked = page.getByRole('list', { name: 'Linked accounts' });
      await linked.getByText('Local ID', { exact: true }).waitFor();
      await screenshot(page, 'oidc-5-linked-from-profile');
      await page.getByRole('button', { name: 'Unlink Local ID' }).click();
      await page.getByRole('button', { name: 'Link Local ID', exact: true }).waitFor();
      expect(await linked.getByText('Local ID', { exact: true }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
