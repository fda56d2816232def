import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { LAB_TITLES, seedTwoActivePeople, type ActivePeople } from '../support/user-data.ts';

let t: TestStack;
let people: ActivePeople;

beforeAll(async () => {
  t = await startTestStack();
  people = await seedTwoActivePeople(t);
}, 180_000);
afterAll(async () => t?.close());

const REQUEST = `mutation { requestDataExport { id status parts expectedParts downloadUrl } }`;
const EXPORT = `query($id: ID!) { dataExport(id: $id) { id status requestedAt completedAt parts expectedParts expiresAt downloadUrl } }`;

async function readyExport(token: string): Promise<{ id: string; downloadUrl: string; parts: string[] }> {
  const requested = await t.gql(REQUEST, {}, { token });
  expect(requested.errors).toBeUndefined();
  const id = requested.data!.requestDataExport.id as string;
  for (let i = 0; i < 300; i += 1) {
    const res = await t.gql(EXPORT, { id }, { token });
    if (res.data?.dataExport?.status === 'READY') return res.data.dataExport;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the export never became READY');
}

describe('a data export gathers what every subgraph holds about its requester', () => {
  let doc: { exportId: string; userId: string; parts: Record<string, any> };
  let exported: { id: string; downloadUrl: string; parts: string[] };

  beforeAll(async () => {
    exported = await readyExport(people.alpha.token);
    const res = await fetch(new URL(exported.downloadUrl, t.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    doc = (await res.json()) as typeof doc;
  }, 60_000);

  it('completes once all ten subgraphs have stored their part, and names its requester', () => {
    expect(exported.parts.sort()).toEqual(['analytics', 'assessment', 'assistant', 'catalog', 'commerce', 'engagement', 'identity', 'labs', 'learning', 'media']);
    expect(doc.userId).toBe(people.alpha.id);
    expect(Object.keys(doc.parts).sort()).toEqual(exported.parts);
  });

  it("holds each subgraph's records of the requester", () => {
    const { parts } = doc;
    const words = people.marker.alpha;
    expect(parts.identity.account).toMatchObject({ id: people.alpha.id, email: people.alpha.email, displayName: 'Alpha Person' });
    expect(parts.identity.sessions.length).toBeGreaterThan(0);
    expect(parts.identity.sessions.every((s: any) => !('secretHash' in s))).toBe(true);
    expect(parts.identity.apiKeys.map((k: any) => [k.name, 'secretHash' in k || 'previousSecretHash' in k])).toEqual([['Integration', false]]);
    expect(parts.identity.documentManifests.map((m: any) => [m.name, m.version, m.documents.length])).toEqual([['reports', '1', 1]]);
    expect(parts.catalog.catalog_members.map((m: any) => m.courseId)).toContain(people.courseId);
    expect(parts.learning.learning_enrollments.map((e: any) => e.courseId)).toContain(people.courseId);
    expect(parts.learning.learning_wishlist.length).toBe(1);
    expect(parts.assessment.assessment_submissions).toHaveLength(1);
    expect(parts.assessment.assessment_grades).toHaveLength(1);
    expect(parts.engagement.engagement_questions.map((q: any) => q.title)).toEqual([`${words} question`]);
    expect(parts.engagement.engagement_chat_messages.map((m: any) => m.body)).toEqual([`${words} chat`]);
    expect(parts.engagement.engagement_threads.map((m: any) => m.title)).toEqual([`${words} thread`]);
    expect(parts.engagement.engagement_direct_messages.map((m: any) => m.body)).toEqual([`${words} direct`]);
    expect(parts.engagement.engagement_study_groups.map((g: any) => [g.name, g.owner])).toEqual([[`${words} group`, true]]);
    expect(parts.labs.labs_labs.map((l: any) => l.title)).toEqual([LAB_TITLES.alpha]);
    expect(parts.labs.labs_bookings.map((b: any) => b.labTitle)).toEqual([LAB_TITLES.bravo]);
    expect(parts.media.media_assets.map((a: any) => a.fileName)).toEqual([`${words}.png`]);
    expect(parts.commerce.commerce_orders.map((o: any) => [o.status, o.totalCents])).toEqual([['PAID', 1500]]);
    expect(parts.commerce.commerce_orders[0]).not.toHaveProperty('paymentToken');
    expect(parts.assistant.assistant_conversations).toHaveLength(1);
    expect(JSON.stringify(parts.assistant.assistant_conversations)).toContain(words);
    expect(parts.analytics.analytics_users.map((u: any) => u._id)).toEqual([people.alpha.id]);
  });

  it("holds nothing of the other person: not their id, name, email or words", () => {
    for (const [name, part] of Object.entries(doc.parts)) {
      const text = JSON.stringify(part);
      expect({ name, id: text.includes(people.bravo.id) }).toEqual({ name, id: false });
      const withWords = Object.entries(part as Record<string, unknown>).filter(([, records]) => JSON.stringify(records).includes(people.marker.bravo)).map(([key]) => key);
      expect({ name, withWords }).toEqual({ name, withWords: [] });
      expect({ name, person: text.includes('Bravo Person') || text.includes(people.bravo.email) }).toEqual({ name, person: false });
    }
  });

  it('is readable by its requester and an ADMIN only; another user gets NOT_FOUND, as for an unknown id', async () => {
    const other = await t.gql(EXPORT, { id: exported.id }, { token: people.bravo.token });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await t.gql(EXPORT, { id: '0190a0a0-0000-7000-8000-000000000000' }, { token: people.alpha.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await t.gql(EXPORT, { id: 'x'.repeat(5000) }, { token: people.alpha.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('downloads only with an intact, unexpired link: a tampered signature, id or expiry is a 404', async () => {
    const url = new URL(exported.downloadUrl, t.url);
    const tampered = new URL(url);
    tampered.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(0, -1)}${url.searchParams.get('signature')!.endsWith('A') ? 'B' : 'A'}`);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 60_000));
    const expired = new URL(url);
    expired.searchParams.set('expires', String(Date.now() - 1000));
    const otherId = new URL(url.toString().replace(exported.id, '0190a0a0-0000-7000-8000-000000000000'));
    for (const link of [tampered, later, expired, otherId]) expect((await fetch(link)).status).toBe(404);
  });

  it('asked again while one is pending answers the pending one', async () => {
    const first = await t.gql(REQUEST, {}, { token: people.bravo.token });
    const second = await t.gql(REQUEST, {}, { token: people.bravo.token });
    const ids = [first.data!.requestDataExport, second.data!.requestDataExport].filter((e: any) => e.status === 'PENDING').map((e: any) => e.id);
    if (ids.length === 2) expect(ids[0]).toBe(ids[1]);
    expect(first.data!.requestDataExport.downloadUrl ?? null).toBeNull();
  });

  it('is refused to an anonymous caller', async () => {
    expect((await t.gql(REQUEST)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
