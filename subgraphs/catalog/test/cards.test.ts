import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let owner: Actor;
beforeAll(async () => {
  h = await startCatalog();
  owner = actor(h, 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const listing = async () => (await h.gql(`{ categories courses(first: 100) { totalCount edges { node { id title category } } } }`)).data!;

describe('course cards, the small documents lists read', () => {
  it("follow every change of their course, so a list shows it at once, and a card never holds the course's long parts", async () => {
    const { course } = await seedCourse(h, owner, { publish: true });
    await h.subgraph.service.updateCourse(owner.viewer, course._id, { title: 'Renamed Right Away' });
    expect((await listing()).courses.edges).toContainEqual({ node: expect.objectContaining({ id: course._id, title: 'Renamed Right Away' }) });
    const card = await h.subgraph.repository.cards.findOne({ _id: course._id });
    expect(card).toMatchObject({ title: 'Renamed Right Away', version: (await h.subgraph.repository.courses.findOne({ _id: course._id }))!.version });
    expect(Object.keys(card!)).not.toEqual(expect.arrayContaining(['sections']));
    expect(card).not.toHaveProperty('description');
    expect(card).not.toHaveProperty('outbox');
  });

  it('a list asking for sections and descriptions still gets them, read from the whole course', async () => {
    const { course } = await seedCourse(h, owner, { publish: true });
    const res = await h.gql(`{ courses(first: 1) { edges { node { id description sections { title lessons { title } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.courses.edges).toContainEqual({ node: { id: course._id, description: expect.any(String), sections: [{ title: 'Getting started', lessons: [{ title: 'Welcome' }] }] } });
  });

  it('an older write finishing late does not overwrite a newer card', async () => {
    const { course } = await seedCourse(h, owner, { publish: true });
    const older = (await h.subgraph.repository.courses.findOne({ _id: course._id }))!;
    await h.subgraph.service.updateCourse(owner.viewer, course._id, { title: 'The Newer Title' });
    await h.subgraph.repository.saveCard({ ...older, title: 'The Older Title' });
    expect(await h.subgraph.repository.cards.findOne({ _id: course._id })).toMatchObject({ title: 'The Newer Title' });
  });

  it('a card a crash left behind its course, or one missing, is rewritten at start-up', async () => {
    const { course } = await seedCourse(h, owner, { publish: true });
    // The course changed, and the process died before its card did.
    await h.subgraph.repository.courses.updateOne({ _id: course._id }, { $set: { title: 'Changed Before The Crash' }, $inc: { version: 1 } });
    const other = (await seedCourse(h, owner, { publish: true })).course;
    await h.subgraph.repository.cards.deleteOne({ _id: other._id });
    expect(await h.subgraph.repository.syncCards()).toBe(2);
    expect(await h.subgraph.repository.cards.findOne({ _id: course._id })).toMatchObject({ title: 'Changed Before The Crash' });
    expect(await h.subgraph.repository.cards.findOne({ _id: other._id })).toMatchObject({ title: other.title });
  });
});

describe('the published catalog facets: categories and the total', () => {
  it('follow publishing and a change of category at once', async () => {
    const { course } = await seedCourse(h, owner, { input: { category: 'Freshly Published' } });
    expect((await listing()).categories).not.toContain('Freshly Published');
    const before = (await listing()).courses.totalCount;
    await h.subgraph.service.publishCourse(owner.viewer, course._id);
    let now = await listing();
    expect(now.categories).toContain('Freshly Published');
    expect(now.courses.totalCount).toBe(before + 1);
    await h.subgraph.service.updateCourse(owner.viewer, course._id, { category: 'Moved Elsewhere' });
    now = await listing();
    expect(now.categories).toContain('Moved Elsewhere');
    expect(now.categories).not.toContain('Freshly Published');
  });

  it('ten courses published at once leave the total exact, equal to a count of the cards', async () => {
    const drafts = await Promise.all(Array.from({ length: 10 }, () => seedCourse(h, owner)));
    await Promise.all(drafts.map(({ course }) => h.subgraph.service.publishCourse(owner.viewer, course._id)));
    const counted = await h.subgraph.repository.cards.countDocuments({ status: 'PUBLISHED' });
    expect((await listing()).courses.totalCount).toBe(counted);
    expect((await h.subgraph.repository.publishedFacets())!.count).toBe(counted);
  });

  it('are recomputed at start-up', async () => {
    await h.subgraph.repository.facets.deleteMany({});
    await h.subgraph.repository.syncCards();
    expect((await h.subgraph.repository.publishedFacets())!.count).toBe(await h.subgraph.repository.cards.countDocuments({ status: 'PUBLISHED' }));
  });
});
