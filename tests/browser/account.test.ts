// The account in the browser: editing the profile (the header follows), a forgotten password
// reset through the mailed link `/reset-password?token=…`, then signing in with the new one; and an
// API key created in the security page, seen once and copied, used with fetch as an integration
// would, pinned to the integrator's document manifest (listed there), then revoked.
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
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

/** What the page's own fetch of `{ me { displayName } }` with the key answers: its status and name or error code. */
const fetchWithKey = (page: Page, key: string) => page.evaluate(async (k) => {
  const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': k }, body: JSON.stringify({ query: '{ me { displayName } }' }) });
  const body = await res.json() as { data?: { me?: { displayName: string } }; errors?: { extensions?: { code?: string } }[] };
  return [res.status, body.data?.me?.displayName ?? body.errors?.[0]?.extensions?.code];
}, key);

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

  it('creates an API key shown once, uses it with fetch against the gateway, sees it pinned to a listed manifest, and revokes it', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      const integrator = await signUp(t, [], 'Ines Integrator');
      const text = '{ me { displayName } }';
      const manifest = await t.gql(`mutation($d: [ManifestDocumentInput!]!) { registerDocumentManifest(input: { name: "reports", version: "1", documents: $d }) { ref } }`,
        { d: [{ id: `sha256:${createHash('sha256').update(text).digest('hex')}`, text }] }, { token: integrator.token });
      expect(manifest.data?.registerDocumentManifest).toEqual({ ref: 'reports@1' });
      await signInThroughUi(page, base, integrator);
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
      await page.getByRole('list', { name: 'Document manifests' }).getByText('reports@1').waitFor();
      const id = (await t.gql(`{ apiKeys { id } }`, {}, { token: integrator.token })).data!.apiKeys[0].id;
      await t.gql(`mutation($id: ID!) { pinApiKeyToManifest(id: $id, manifest: "reports@1") { id } }`, { id }, { token: integrator.token });
      await page.reload();
      await listed.getByText('runs reports@1 only').waitFor();
      await listed.getByRole('button', { name: 'Revoke' }).click();
      await listed.getByText('Revoked').waitFor();
      await expect.poll(() => fetchWithKey(page, key), { timeout: 2000, interval: 100 }).toEqual([401, 'UNAUTHENTICATED']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
