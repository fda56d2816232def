import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitAudit } from '../support/audit.ts';
import { askTwice, matrixOf, resultOf, UNKNOWN_ID } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Integrators' own document manifests through the running gateway. `owner` (an ADMIN, to read the
// audit log) registers manifests and pins keys to them; `other` is another user; `key` is one of
// the owner's keys (catalog and identity read), unpinned. A key pinned to a manifest runs that
// manifest's documents only, by documentId or as text; the stack's TRUSTED_DOCUMENTS mode is off,
// so an unpinned key and people run anything.

const callers = ['anonymous', 'owner', 'other', 'key'] as const;
type Caller = (typeof callers)[number];
const labels: Record<Caller, string> = { anonymous: 'an anonymous caller', owner: 'the owner', other: 'another user', key: "one of the owner's API keys" };

let t: TestStack;
let owner: TestUser;
let other: TestUser;
let key: { id: string; key: string };
let spare: { id: string; key: string };

const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const COUNT = 'query Count { courses(first: 1) { totalCount } }';
const OTHER = 'query Other { courses(first: 2) { totalCount } }';

const REGISTER = `mutation($input: RegisterDocumentManifestInput!) { registerDocumentManifest(input: $input) { name version ref documentCount createdAt } }`;
const register = (input: Record<string, unknown>, as: TestUser = owner) => t.gql(REGISTER, { input }, { token: as.token });
const PIN = `mutation($id: ID!, $m: String) { pinApiKeyToManifest(id: $id, manifest: $m) { id manifest } }`;
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id manifest } } }`;
async function createKey(input: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const res = await t.gql(CREATE, { input: { name: 'integration', scopes: ['catalog:read', 'identity:read'], ...input } }, { token: owner.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { id: res.data!.createApiKey.apiKey.id, key: res.data!.createApiKey.key };
}

/** POSTs a body as an integration would (a documentId needs no query). */
async function post(body: Record<string, unknown>, apiKey: string): Promise<{ status: number; data?: any; errors?: any[] }> {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}
const outcome = (res: Awaited<ReturnType<typeof post>>) =>
  res.errors ? `${res.status} ${res.errors[0].extensions?.reason ?? res.errors[0].extensions?.code}` : `${res.status} ${typeof res.data?.courses?.totalCount}`;

const tokenOf = (c: Caller) => ({ anonymous: undefined, owner: owner.token, other: other.token, key: key.key })[c];
const as = (c: Caller, query: string, variables: Record<string, unknown> = {}) => askTwice(t.gql, query, variables, tokenOf(c) ? { token: tokenOf(c)! } : {});
const matrix = matrixOf({ actors: callers, labels });

beforeAll(async () => {
  t = await startTestStack();
  owner = await signUp(t, ['ADMIN'], 'Manifest Owner');
  other = await signUp(t, [], 'Manifest Other');
  key = await createKey();
  spare = await createKey();
  const res = await register({ name: 'reports', version: '1.0.0', documents: [{ id: idOf(COUNT), text: COUNT }] });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}, 60_000);
afterAll(async () => t?.close());

matrix('document manifests: their owner registers, lists and pins, never a key', [
  {
    name: 'documentManifests',
    run: async (c) => resultOf(await as(c, `{ documentManifests { ref documentCount } }`), (d) => d.documentManifests.map((m: { ref: string }) => m.ref).join()),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'reports@1.0.0', other: '', key: 'FORBIDDEN' },
  },
  {
    name: 'documentManifests(first: 51): past the page bound',
    run: async (c) => resultOf(await as(c, `{ documentManifests(first: 51) { ref } }`), (d) => d.documentManifests.length),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'BAD_USER_INPUT', other: 'BAD_USER_INPUT', key: 'FORBIDDEN' },
  },
  {
    name: 'registerDocumentManifest: each person registers their own',
    run: async (c) => resultOf(await as(c, REGISTER, { input: { name: 'matrix', version: '1', documents: [{ id: idOf(OTHER), text: OTHER }] } }), (d) => d.registerDocumentManifest.ref),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'matrix@1', other: 'matrix@1', key: 'FORBIDDEN' },
  },
  {
    name: "pinApiKeyToManifest of the owner's key",
    run: async (c) => resultOf(await as(c, PIN, { id: spare.id, m: 'reports@1.0.0' }), (d) => d.pinApiKeyToManifest.manifest),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'reports@1.0.0', other: 'NOT_FOUND', key: 'FORBIDDEN' },
  },
  {
    name: 'pinApiKeyToManifest of an unknown key',
    run: async (c) => resultOf(await as(c, PIN, { id: UNKNOWN_ID, m: null }), () => 'pinned'),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'NOT_FOUND', other: 'NOT_FOUND', key: 'FORBIDDEN' },
  },
]);

describe('registering a manifest', () => {
  it('is idempotent with the same documents, a CONFLICT with others, and audited once', async () => {
    const documents = [{ id: idOf(COUNT), text: COUNT }, { id: idOf(OTHER), text: OTHER }];
    const first = await register({ name: 'twice', version: '2', documents });
    const again = await register({ name: 'twice', version: '2', documents: [...documents].reverse() });
    expect(first.data?.registerDocumentManifest).toMatchObject({ ref: 'twice@2', documentCount: 2 });
    expect(again.data?.registerDocumentManifest).toEqual(first.data?.registerDocumentManifest);
    const changed = await register({ name: 'twice', version: '2', documents: documents.slice(0, 1) });
    expect(changed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const rows = await awaitAudit(t, owner.token, { action: 'DocumentManifestRegistered', targetId: owner.id });
    expect(rows.filter((row) => row.details.includes('twice@2')).length).toBe(1);
  });

  it('refuses bad ids, bad names and too much with BAD_USER_INPUT, and keeps nothing', async () => {
    const code = async (input: Record<string, unknown>) => (await register({ name: 'bad', version: '1', documents: [{ id: idOf(COUNT), text: COUNT }], ...input }, other)).errors?.[0]?.extensions?.code;
    const big = 'x'.repeat(130 * 1024);
    expect([
      await code({ documents: [{ id: idOf(OTHER), text: COUNT }] }),
      await code({ documents: [{ id: 'sha256:abc', text: COUNT }] }),
      await code({ documents: [{ id: '__proto__', text: COUNT }] }),
      await code({ documents: [] }),
      await code({ documents: Array.from({ length: 201 }, (_, i) => ({ id: idOf(`{ a${i} }`), text: `{ a${i} }` })) }),
      await code({ documents: [big, `${big}y`].map((text) => ({ id: idOf(text), text })) }),
      await code({ name: 'has space' }), await code({ version: '1@2' }), await code({ name: 'n'.repeat(65) }),
    ]).toEqual(Array(9).fill('BAD_USER_INPUT'));
    expect(await t.platform.db.collection('identity_document_manifests').countDocuments({ userId: other.id, name: 'bad' })).toBe(0);
  });
});

describe('a key pinned to a manifest', () => {
  it("runs that manifest's documents by documentId and as text, and is refused any other", async () => {
    const pinned = await createKey({ manifest: 'reports@1.0.0' });
    expect([
      outcome(await post({ documentId: idOf(COUNT) }, pinned.key)),
      outcome(await post({ query: 'query Count {\n  courses(first: 1) {\n    totalCount\n  }\n}' }, pinned.key)),
      outcome(await post({ query: OTHER }, pinned.key)),
      outcome(await post({ documentId: idOf(OTHER) }, pinned.key)),
    ]).toEqual(['200 number', '200 number', '400 DOCUMENT_NOT_TRUSTED', '400 PERSISTED_DOCUMENT_NOT_FOUND']);
  });

  it('an unpinned key runs anything; pinned, within seconds, it runs its manifest only; unpinned again, anything', async () => {
    const fresh = await createKey();
    expect(outcome(await post({ query: OTHER }, fresh.key))).toBe('200 number');
    const pin = async (m: string | null) => (await t.gql(PIN, { id: fresh.id, m }, { token: owner.token })).data?.pinApiKeyToManifest.manifest;
    expect(await pin('reports@1.0.0')).toBe('reports@1.0.0');
    await expect.poll(async () => outcome(await post({ query: OTHER }, fresh.key)), { timeout: 3000, interval: 100 }).toBe('400 DOCUMENT_NOT_TRUSTED');
    expect(outcome(await post({ query: COUNT }, fresh.key))).toBe('200 number');
    expect(await pin(null)).toBeNull();
    await expect.poll(async () => outcome(await post({ query: OTHER }, fresh.key)), { timeout: 3000, interval: 100 }).toBe('200 number');
    expect(outcome(await post({ query: OTHER }, key.key))).toBe('200 number');
  });

  it("may be pinned only to its owner's manifests", async () => {
    const codes = await Promise.all([
      t.gql(PIN, { id: key.id, m: 'reports@9' }, { token: owner.token }),
      t.gql(PIN, { id: key.id, m: 'no version' }, { token: owner.token }),
      t.gql(CREATE, { input: { name: 'k', scopes: ['catalog:read'], manifest: 'nothing@1' } }, { token: other.token }),
    ]);
    expect(codes.map((res) => res.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const otherOwn = await t.gql(PIN, { id: key.id, m: 'matrix@1' }, { token: owner.token });
    expect(otherOwn.data?.pinApiKeyToManifest.manifest).toBe('matrix@1');
    await t.gql(PIN, { id: key.id, m: null }, { token: owner.token });
  });
});
