import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitAudit } from '../support/audit.ts';
import { askTwice, matrixOf, resultOf, UNKNOWN_ID } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { subscribe, wsClient } from '../support/ws.ts';

// API keys through the running gateway. `owner` is an INSTRUCTOR and an ADMIN who made three keys:
// `readKey` (catalog:read, identity:read, learning:read), `writeKey` (catalog:read, catalog:write)
// and `learnKey` (learning:read only). Each key acts for the owner with exactly its scopes and
// never as ADMIN; `other` is another user. The key's own rate limit is low here (40 a minute),
// so that its budget can be spent quickly; each key has its own.

const callers = ['anonymous', 'owner', 'readKey', 'writeKey', 'learnKey'] as const;
type Caller = (typeof callers)[number];
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  owner: 'the owner (an ADMIN instructor)',
  readKey: 'a catalog, identity and learning read key',
  writeKey: 'a catalog read-write key',
  learnKey: 'a learning read key',
};
const RATE = 40;

let t: TestStack;
let owner: TestUser;
let other: TestUser;
const keys = {} as Record<Exclude<Caller, 'anonymous' | 'owner'>, { id: string; key: string }>;

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix scopes } } }`;
async function createKey(input: Record<string, unknown>, as: TestUser = owner): Promise<{ id: string; key: string }> {
  const res = await t.gql(CREATE, { input: { name: 'integration', ...input } }, { token: as.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { id: res.data!.createApiKey.apiKey.id, key: res.data!.createApiKey.key };
}

const tokenOf = (c: Caller) => (c === 'anonymous' ? undefined : c === 'owner' ? owner.token : keys[c].key);
const as = (c: Caller, query: string, variables: Record<string, unknown> = {}) => askTwice(t.gql, query, variables, tokenOf(c) ? { token: tokenOf(c)! } : {});
const withKey = (key: string, query = '{ courses(first: 1) { totalCount } }', headers: Record<string, string> = {}) => t.gql(query, {}, { token: key, headers });
const codeOf = (res: Awaited<ReturnType<typeof withKey>>) => resultOf(res, () => 'ok');
const matrix = matrixOf({ actors: callers, labels });

beforeAll(async () => {
  t = await startTestStack({ API_KEY_RATE_LIMIT_PER_MINUTE: String(RATE) });
  owner = await signUp(t, ['INSTRUCTOR', 'ADMIN'], 'Key Owner');
  other = await signUp(t, [], 'Key Other');
  keys.readKey = await createKey({ scopes: ['catalog:read', 'identity:read', 'learning:read'] });
  keys.writeKey = await createKey({ scopes: ['catalog:read', 'catalog:write'] });
  keys.learnKey = await createKey({ scopes: ['learning:read'] });
}, 60_000);
afterAll(async () => t?.close());

const COURSE_INPUT = { title: 'Made with a key', summary: 'A summary.', description: 'A description.', category: 'Programming', level: 'BEGINNER', tags: ['api'], priceCents: 0 };

matrix('what a key may do, by its scopes', [
  {
    name: 'courses (a catalog read)',
    run: async (c) => resultOf(await as(c, `{ courses(first: 1) { totalCount } }`), (d) => typeof d.courses.totalCount),
    expect: { anonymous: 'number', owner: 'number', readKey: 'number', writeKey: 'number', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'createCourse (a catalog write, the owner being an instructor)',
    run: async (c) => resultOf(await as(c, `mutation($i: CreateCourseInput!) { createCourse(input: $i) { status } }`, { i: COURSE_INPUT }), (d) => d.createCourse.status),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'DRAFT', readKey: 'FORBIDDEN', writeKey: 'DRAFT', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'me (an identity read): the key speaks for its owner',
    run: async (c) => resultOf(await as(c, `{ me { displayName } }`), (d) => d.me?.displayName ?? null),
    expect: { anonymous: null, owner: 'Key Owner', readKey: 'Key Owner', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: "users (ADMIN only): a key never acts as ADMIN, even its ADMIN owner's",
    run: async (c) => resultOf(await as(c, `{ users(first: 1) { edges { node { id } } } }`), (d) => d.users.edges.length),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 1, readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: "another user's enrolments: the owner reads them as ADMIN, its keys may not",
    run: async (c) => resultOf(await as(c, `query($id: ID!) { user(id: $id) { enrollments(first: 1) { totalCount } } }`, { id: other.id }), (d) => d.user.enrollments?.totalCount ?? null),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 0, readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'myEnrollments (a learning read of its own)',
    run: async (c) => resultOf(await as(c, `{ myEnrollments(first: 1) { totalCount } }`), (d) => d.myEnrollments.totalCount),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 0, readKey: 0, writeKey: 'FORBIDDEN', learnKey: 0 },
  },
  {
    name: 'mySessions (account security): never to a key',
    run: async (c) => resultOf(await as(c, `{ mySessions { id } }`), (d) => d.mySessions.length > 0),
    expect: { anonymous: 'UNAUTHENTICATED', owner: true, readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'apiKeyScopes',
    run: async (c) => resultOf(await as(c, `{ apiKeyScopes }`), (d) => d.apiKeyScopes.includes('catalog:read')),
    expect: { anonymous: true, owner: true, readKey: true, writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'apiKeys: the owner lists their keys, never a key',
    run: async (c) => resultOf(await as(c, `{ apiKeys { prefix } }`), (d) => d.apiKeys.length),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 3, readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'apiKeys(first: 51): past the page bound',
    run: async (c) => resultOf(await as(c, `{ apiKeys(first: 51) { id } }`), (d) => d.apiKeys.length),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'BAD_USER_INPUT', readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'createApiKey: a key cannot mint keys',
    run: async (c) => resultOf(await as(c, CREATE, { input: { name: 'minted', scopes: ['catalog:read'] } }), (d) => d.createApiKey.key.startsWith('lg_')),
    expect: { anonymous: 'UNAUTHENTICATED', owner: true, readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'createApiKey with an unknown scope',
    run: async (c) => resultOf(await as(c, CREATE, { input: { name: 'bad', scopes: ['catalog:admin'] } }), () => 'created'),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'BAD_USER_INPUT', readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'rotateApiKey of an unknown key',
    run: async (c) => resultOf(await as(c, `mutation($id: ID!) { rotateApiKey(id: $id) { key } }`, { id: UNKNOWN_ID }), () => 'rotated'),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'NOT_FOUND', readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
  {
    name: 'revokeApiKey of an unknown key',
    run: async (c) => resultOf(await as(c, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: UNKNOWN_ID }), () => 'revoked'),
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'NOT_FOUND', readKey: 'FORBIDDEN', writeKey: 'FORBIDDEN', learnKey: 'FORBIDDEN' },
  },
]);

describe('a key is only as good as its record', () => {
  it("another user cannot rotate or revoke the owner's key (NOT_FOUND, as an unknown one)", async () => {
    const rotate = await t.gql(`mutation($id: ID!) { rotateApiKey(id: $id) { key } }`, { id: keys.learnKey.id }, { token: other.token });
    const revoke = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: keys.learnKey.id }, { token: other.token });
    expect([codeOf(rotate), codeOf(revoke)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });

  it('a wrong, malformed or unknown key is UNAUTHENTICATED with HTTP 401, through either header', async () => {
    const wrongSecret = `${keys.readKey.key.slice(0, -4)}AAAA`;
    const unknown = `lg_${UNKNOWN_ID}_${'A'.repeat(43)}`;
    const answers = [
      await withKey(wrongSecret), await withKey('lg_not-a-key'), await withKey(unknown),
      await t.gql('{ courses(first: 1) { totalCount } }', {}, { headers: { 'x-api-key': 'lg_not-a-key' } }),
      await t.gql('{ courses(first: 1) { totalCount } }', {}, { headers: { 'x-api-key': 'not even prefixed' } }),
    ];
    expect(answers.map((r) => [r.status, codeOf(r)])).toEqual(answers.map(() => [401, 'UNAUTHENTICATED']));
    const good = await t.gql('{ me { displayName } }', {}, { headers: { 'x-api-key': keys.readKey.key } });
    expect(good.data?.me).toEqual({ displayName: 'Key Owner' });
  });

  it('bad inputs are BAD_USER_INPUT or CONFLICT, and leave no key behind', async () => {
    const create = async (input: Record<string, unknown>, as = other) => codeOf(await t.gql(CREATE, { input: { name: 'k', scopes: ['catalog:read'], ...input } }, { token: as.token }));
    const before = await t.platform.db.collection('identity_api_keys').countDocuments({ userId: other.id });
    expect([
      await create({ name: 'n'.repeat(81) }), await create({ name: '   ' }), await create({ scopes: [] }),
      await create({ expiresAt: new Date(Date.now() - 1000).toISOString() }), await create({ expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }),
      await create({ allowedAddresses: ['not an address'] }), await create({ allowedAddresses: Array.from({ length: 21 }, (_, i) => `10.0.0.${i}`) }),
    ]).toEqual(Array(7).fill('BAD_USER_INPUT'));
    expect(await t.platform.db.collection('identity_api_keys').countDocuments({ userId: other.id })).toBe(before);
    const { id } = await createKey({ scopes: ['catalog:read'] }, other);
    const rotate = (grace: number) => t.gql(`mutation($id: ID!, $g: Int) { rotateApiKey(id: $id, gracePeriodSeconds: $g) { key } }`, { id, g: grace }, { token: other.token });
    expect([codeOf(await rotate(-1)), codeOf(await rotate(604_801)), codeOf(await t.gql(`mutation { rotateApiKey(id: "not an id") { key } }`, {}, { token: other.token }))])
      .toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id }, { token: other.token });
    const again = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id }, { token: other.token });
    expect([codeOf(await rotate(0)), typeof again.data?.revokeApiKey.revokedAt]).toEqual(['CONFLICT', 'string']);
    for (let i = 0; i < 20; i += 1) await createKey({ scopes: ['catalog:read'] }, other);
    expect(await create({})).toBe('CONFLICT');
  });

  it('the stored record holds a hash of the secret, never the secret', async () => {
    const { key, id } = await createKey({ scopes: ['catalog:read'] });
    const secret = key.slice(`lg_${id}_`.length);
    const record = await t.platform.db.collection('identity_api_keys').findOne({ _id: id as never });
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(record?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('an expired key is refused', async () => {
    const { key } = await createKey({ scopes: ['catalog:read'], expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect(codeOf(await withKey(key))).toBe('ok');
    await expect.poll(async () => codeOf(await withKey(key)), { timeout: 5000, interval: 200 }).toBe('UNAUTHENTICATED');
  });

  it('a revoked key is refused within 2 seconds, though the gateway kept its token', async () => {
    const { key, id } = await createKey({ scopes: ['catalog:read'] });
    expect(codeOf(await withKey(key))).toBe('ok');
    const revoked = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id }, { token: owner.token });
    expect(typeof revoked.data?.revokeApiKey.revokedAt).toBe('string');
    const started = Date.now();
    await expect.poll(async () => codeOf(await withKey(key)), { timeout: 2000, interval: 100 }).toBe('UNAUTHENTICATED');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a rotated key: the new secret works, the old one during the grace period only', async () => {
    const { key: old, id } = await createKey({ scopes: ['catalog:read'] });
    expect(codeOf(await withKey(old))).toBe('ok');
    const before = Date.now();
    const rotated = await t.gql(`mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 2) { key apiKey { id previousSecretValidUntil } } }`, { id }, { token: owner.token });
    const fresh = rotated.data!.rotateApiKey.key as string;
    expect([rotated.data!.rotateApiKey.apiKey.id, fresh === old]).toEqual([id, false]);
    // The old secret's end is shown: the grace period from the rotation.
    const oldEnds = Date.parse(rotated.data!.rotateApiKey.apiKey.previousSecretValidUntil as string);
    expect(oldEnds).toBeGreaterThanOrEqual(before + 2000 - 50);
    expect(oldEnds).toBeLessThanOrEqual(Date.now() + 2000 + 50);
    expect([codeOf(await withKey(fresh)), codeOf(await withKey(old))]).toEqual(['ok', 'ok']);
    await expect.poll(async () => codeOf(await withKey(old)), { timeout: 5000, interval: 200 }).toBe('UNAUTHENTICATED');
    expect(codeOf(await withKey(fresh))).toBe('ok');
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id }, { token: owner.token });
    // Created, rotated and revoked: each an entry of the audit log, by the owner, about the owner.
    const audited = await Promise.all(['ApiKeyCreated', 'ApiKeyRotated', 'ApiKeyRevoked'].map(async (action) =>
      (await awaitAudit(t, owner.token, { action, targetId: owner.id })).some((row) => row.actorId === owner.id && row.details.includes(id))));
    expect(audited).toEqual([true, true, true]);
  });

  it("a key is refused (FORBIDDEN, 403) from an address off its allow-list, and accepted from one on it", async () => {
    const elsewhere = await createKey({ scopes: ['catalog:read'], allowedAddresses: ['203.0.113.0/24'] });
    const here = await createKey({ scopes: ['catalog:read'], allowedAddresses: ['127.0.0.1', '::1'] });
    const refused = await withKey(elsewhere.key);
    expect([refused.status, codeOf(refused), codeOf(await withKey(here.key))]).toEqual([403, 'FORBIDDEN', 'ok']);
    const bad = await t.gql(CREATE, { input: { name: 'bad', scopes: ['catalog:read'], allowedAddresses: ['10.0.0.0/99'] } }, { token: owner.token });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('a key cannot subscribe: the socket takes an access token only, and closes', async () => {
    const client = wsClient(t.url, keys.readKey.key);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (e) => resolve(e as { code: number; reason: string })));
    try {
      const sub = subscribe(client, `subscription { notificationAdded { kind } }`);
      await sub.ended;
      const { code, reason } = await closed;
      expect([sub.results.some((r) => r.data), code, reason]).toEqual([false, 4401, expect.stringMatching(/not valid/)]);
    } finally {
      await client.dispose();
    }
  });

  it("a key's own rate limit refuses it with RATE_LIMITED (429) while its owner goes on", async () => {
    const { key } = await createKey({ scopes: ['catalog:read'] });
    const answers = [];
    for (let i = 0; i <= RATE; i += 1) answers.push(await withKey(key));
    const last = answers.at(-1)!;
    expect([answers.slice(0, RATE).every((r) => r.status === 200), last.status, codeOf(last)]).toEqual([true, 429, 'RATE_LIMITED']);
    expect((await t.gql('{ me { id } }', {}, { token: owner.token })).status).toBe(200);
  });
});
