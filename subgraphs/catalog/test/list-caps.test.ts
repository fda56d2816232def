import { newId, textKey } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/inputs.ts';
import { actor, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

// The schema sizes these unpaginated lists for the gateway's cost estimate (@listSize(assumedSize: 100));
// the subgraph must never answer more, however much data there is.
let h: CatalogHarness;
let prolific: Actor;

beforeAll(async () => {
  h = await startCatalog();
  prolific = actor(h, 'INSTRUCTOR');
  const { course } = await seedCourse(h, prolific, { publish: true });
  // 120 more published courses of one instructor, each in its own category, written directly: quicker than 120 creations.
  const copies = Array.from({ length: 120 }, (_, i) => {
    const category = `Category ${String(i).padStart(3, '0')}`;
    return { ...course, _id: newId(), slug: `${course.slug}-${i}`, category, categoryKey: textKey(category), outbox: [] };
  });
  await h.subgraph.repository.courses.insertMany(copies);
  // Written past the service, so their list cards are made as start-up makes missing ones.
  await h.subgraph.repository.syncCards();
});
afterAll(async () => h?.close());

describe('unpaginated lists stop at their hard maximum', () => {
  it('an instructor with 121 courses shows the newest 100 as taughtCourses', async () => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { taughtCourses { id } } } }`,
      { r: [{ __typename: 'User', id: prolific.viewer.id }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0].taughtCourses).toHaveLength(LIMITS.taughtCourses);
  });

  it('121 categories are listed as their first 100, alphabetically', async () => {
    const res = await h.gql(`{ categories }`);
    expect(res.data!.categories).toHaveLength(LIMITS.categories);
    expect(res.data!.categories[0]).toBe('Category 000');
  });
});
