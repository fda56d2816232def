// Trusted documents in production: the web client sends its queries and mutations by document id, its
// subscriptions as registered text, and the gateway (TRUSTED_DOCUMENTS=require) runs for a browser
// caller only what a registered manifest holds — over HTTP and over WebSocket.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { apiKeyCallers } from '@lg/gateway';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { subscribe, wsClient } from '../support/ws.ts';

// The test's own setup runs raw documents through the policy's seam (a header only it sends);
// integrators' API keys are let through by the default policy, kept beside it.
const SETUP = 'trusted-documents-setup';
const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../web/src/gql/persisted-documents.json'), 'utf8')) as Record<string, string>;
const idOf = (operation: string) => Object.keys(manifest).find((id) => new RegExp(`^(query|mutation|subscription) ${operation}\\b`, 'm').test(manifest[id]!.replace(/^fragment .*?(?=(query|mutation|subscription) )/s, '')))!;

let t: TestStack;
let setup: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let student: TestUser;
let course: { id: string };

const post = async (body: unknown, token?: string) => {
  const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, ...(await response.json()) as { data?: Record<string, any>; errors?: { extensions: { code: string; reason?: string } }[] } };
};
const refusalOf = (answer: { errors?: { extensions: { code: string; reason?: string } }[] }) => answer.errors?.[0]?.extensions;

beforeAll(async () => {
  t = await startTestStack({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'require' }, { mayRunArbitraryDocuments: (req) => req.headers['x-test-setup'] === SETUP || apiKeyCallers(req) });
  setup = { ...t, gql: (query, variables, options = {}) => t.gql(query, variables, { ...options, headers: { ...options.headers, 'x-test-setup': SETUP } }) };
  instructor = await signUp(setup, ['INSTRUCTOR'], 'Tess Trusted');
  student = await signUp(setup, [], 'Sam Safelist');
  course = await createCourse(setup, instructor, { title: 'Safelisted Botany' });
  base = serveClient(t);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('trusted documents, in production', () => {
  it('run a registered document by documentId or APQ hash, and refuse an unknown id with PERSISTED_DOCUMENT_NOT_FOUND', async () => {
    const catalog = idOf('Catalog');
    const byId = await post({ documentId: catalog, variables: { first: 5 } });
    expect(byId.errors).toBeUndefined();
    expect(JSON.stringify(byId.data)).toContain('Safelisted Botany');
    const byHash = await post({ variables: { first: 5 }, extensions: { persistedQuery: { version: 1, sha256Hash: catalog.slice('sha256:'.length) } } });
    expect(byHash.data).toEqual(byId.data);

    const unknown = await post({ documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(refusalOf(unknown)).toEqual({ code: 'BAD_USER_INPUT', reason: 'PERSISTED_DOCUMENT_NOT_FOUND' });
  });

  it("refuse a browser client's unregistered document with DOCUMENT_NOT_TRUSTED, run a registered one sent as text, and let an allowed caller run anything", async () => {
    const raw = await post({ query: '{ courses(first: 5) { totalCount } }' }, student.token);
    expect(raw.status).toBe(400);
    expect(refusalOf(raw)).toEqual({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_NOT_TRUSTED' });
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ categories }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);

    const asText = await post({ query: manifest[idOf('Catalog')], variables: { first: 5 } });
    expect(asText.errors).toBeUndefined();
    expect(JSON.stringify(asText.data)).toContain('Safelisted Botany');

    const allowed = await setup.gql('{ courses(first: 5) { totalCount } }');
    expect(allowed.data?.courses.totalCount).toBe(1);
  });

  it("let an integrator's API key run its own operations, which its owner's browser token may not", async () => {
    const created = await setup.gql('mutation { createApiKey(input: { name: "Catalog sync", scopes: ["catalog:read"] }) { key } }', {}, { token: instructor.token });
    const key = created.data!.createApiKey.key as string;
    const own = '{ courses(first: 5) { totalCount } }';
    const byKey = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: own }) });
    expect(((await byKey.json()) as { data: { courses: { totalCount: number } } }).data.courses.totalCount).toBe(1);
    expect(refusalOf(await post({ query: own }, instructor.token))).toEqual({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_NOT_TRUSTED' });
    // A made-up key passes the safelist's look at the header, and is refused as a key.
    const forged = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `lg_${'0'.repeat(8)}` }, body: JSON.stringify({ query: own }) });
    expect(forged.status).toBe(401);
  });

  it("run the assistant's tool operations and session check, which it sends as text with its user's token", async () => {
    const dir = path.resolve(import.meta.dirname, '../../subgraphs/assistant');
    const texts = [...readdirSync(`${dir}/operations`).filter((f) => f.endsWith('.graphql') && f !== 'navigate_to_route.graphql').map((f) => `${dir}/operations/${f}`), `${dir}/session-check.graphql`]
      .map((file) => readFileSync(file, 'utf8'));
    const answers = await Promise.all(texts.map((query) => post({ query, variables: {} }, student.token)));
    // Missing variables are refused by validation, after the safelist let the document through.
    expect(answers.filter((a) => refusalOf(a)?.reason === 'DOCUMENT_NOT_TRUSTED')).toEqual([]);
    expect(answers.at(-1)!.data).toEqual({ __typename: 'Query' });
  });

  it('refuse an unregistered subscription over WebSocket, and run a registered one', async () => {
    const client = wsClient(t.url, student.token);
    try {
      const raw = subscribe(client, 'subscription { notificationAdded { id } }');
      expect((await raw.nth(1)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_NOT_TRUSTED' });
      const registered = subscribe(client, manifest[idOf('NotificationAdded')]!);
      await expect.poll(() => t.stack.gateway.activeSubscriptions()).toBe(1);
      expect(registered.results).toEqual([]);
      registered.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it('leave the web client working: sign-in, catalog, a mutation and a live page, all by registered documents and without console errors', async () => {
    const tab = await openTab(browser);
    const { page, errors } = tab;
    // (The client has no favicon: Chromium's own request for one is no error of the page's.)
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
    });
    const sentText: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/graphql') && (request.postDataJSON() as { query?: string }).query) sentText.push(request.postData()!);
    });
    try {
      await signInThroughUi(page, base, student);
      await page.goto(base);
      await page.getByRole('link', { name: 'Safelisted Botany' }).click();
      await page.getByRole('button', { name: 'Enrol for free' }).click();
      await page.getByRole('progressbar', { name: 'Course progress' }).waitFor();
      await page.getByRole('heading', { name: 'Questions & answers' }).waitFor();
      await liveUpdatesOn(page);
      // A question asked elsewhere arrives through the page's subscription.
      const asked = await setup.gql(`mutation($i: AskQuestionInput!) { askQuestion(input: $i) { id } }`, { i: { courseId: course.id, title: 'Do ferns flower?', body: 'Asking for a fern.' } }, { token: instructor.token });
      expect(asked.errors).toBeUndefined();
      await page.getByRole('listitem', { name: 'Do ferns flower?' }).waitFor({ timeout: 15_000 });
      expect(sentText).toEqual([]);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'trusted-documents-failure');
      throw e;
    } finally {
      await tab.context.close();
    }
  });
});
