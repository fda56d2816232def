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

  it('lets a person who signs in only through the provider delete their account, signing in again first when their sign-in is old', async () => {
    const email = `dora.${Date.now()}@example.com`;
    idp.addAccount({ login: 'dora', email, emailVerified: true, name: 'Dora Provider' });
    const { context, page, errors } = await openTab(browser);
    const atProvider = async () => {
      // The provider may remember the person (its own session) and send them straight back.
      const form = page.getByRole('heading', { name: 'Test Identity Provider' });
      const back = page.getByRole('heading', { name: 'Your profile' });
      await form.or(back).first().waitFor({ timeout: 20_000 });
      if (await form.isVisible()) {
        await page.getByLabel('Account').fill('dora');
        await page.getByRole('button', { name: 'Continue' }).click();
      }
    };
    try {
      await page.goto(`${base}/signin`);
      await page.getByRole('button', { name: 'Sign in with Local ID' }).click();
      await atProvider();
      await page.getByRole('link', { name: 'Your profile: Dora Provider' }).click();
      const userId = (await t.stack.subgraphs.identity.repository.findUserByEmail(email))!._id;

      // Hours later, in the same open session: its sign-in is older than the confirmation allows.
      await t.platform.db.collection('identity_refresh_tokens').updateMany({ userId }, { $set: { sessionStartedAt: new Date(Date.now() - 3 * 3_600_000) } });
      await page.evaluate(() => {
        const stored = JSON.parse(localStorage.getItem('learning-graph.session')!) as { accessTokenExpiresAt: string };
        localStorage.setItem('learning-graph.session', JSON.stringify({ ...stored, accessTokenExpiresAt: new Date(0).toISOString() }));
      });
      await page.reload();
      const deletion = page.getByRole('form', { name: 'Delete your account' });
      await deletion.getByText('You sign in with Local ID').waitFor();
      expect(await deletion.getByLabel('Your password').count()).toBe(0);
      await deletion.getByRole('button', { name: 'Delete my account' }).click();
      await deletion.getByRole('alert').filter({ hasText: 'Sign in again with your provider' }).waitFor();
      await screenshot(page, 'oidc-6-deletion-needs-a-recent-sign-in');
      expect(await t.platform.db.collection('identity_account_deletions').countDocuments({ _id: userId as never })).toBe(0);

      await deletion.getByRole('button', { name: 'Sign in again with Local ID' }).click();
      await atProvider();
      await page.getByRole('heading', { name: 'Your profile' }).waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/profile');
      await page.getByRole('form', { name: 'Delete your account' }).getByRole('button', { name: 'Delete my account' }).click();
      await page.getByRole('button', { name: 'Keep my account' }).waitFor();
      await page.getByText(/Your account will be deleted on/).waitFor();
      await screenshot(page, 'oidc-7-deletion-scheduled');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
