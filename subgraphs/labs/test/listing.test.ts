import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, newId } from '@lg/platform';
import { actor, codeOf, seedLab, startLabs, type Actor, type LabsHarness } from './harness.ts';

let h: LabsHarness;
let host: Actor;
const ids: Record<string, string> = {};
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'INSTRUCTOR');
  // Created in this order, so newest first is the reverse.
  ids.robotics = (await seedLab(h, host, {
    title: 'Robotics Workshop', description: 'Build and program small robots.', location: 'Engineering Hall',
    equipment: ['3D printer', 'Soldering station', 'Oscilloscope'],
  }))._id;
  ids.chem = (await seedLab(h, host, {
    title: 'Chemistry Lab', description: 'Fume hoods, glassware and a centrifuge.', location: 'Science Centre, floor 2',
    equipment: ['Fume hood', 'Centrifuge'],
  }))._id;
  ids.bio = (await seedLab(h, host, {
    title: 'Biologie Labor', description: 'Mikroskope für Zellbiologie; Café next door.', location: 'Zürich Campus',
    equipment: ['Microscope', 'Centrifuge', '3D-Printer'],
  }))._id;
  ids.studio = (await seedLab(h, host, {
    title: 'Sound Studio', description: 'Recording booth.', location: 'Arts Building', equipment: ['3D printer head'],
  }))._id;
});
afterAll(async () => h?.close());

const LABS = `query($filter: LabFilter, $first: Int, $after: String) {
  labs(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } } } }`;
const list = async (variables: Record<string, unknown>) => {
  const res = await h.gql(LABS, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.labs;
};
const idsOf = (connection: any) => connection.edges.map((e: any) => e.node.id);

describe('listing labs', () => {
  it('lists every lab newest first with the total', async () => {
    const labs = await list({});
    expect(idsOf(labs)).toEqual([ids.studio, ids.bio, ids.chem, ids.robotics]);
    expect(labs.totalCount).toBe(4);
    expect(labs.pageInfo.hasNextPage).toBe(false);
  });

  it('pages forward with the cursors until no page is left, each lab once', async () => {
    const first = await list({ first: 3 });
    expect(idsOf(first)).toEqual([ids.studio, ids.bio, ids.chem]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[2].cursor });
    const second = await list({ first: 3, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual([ids.robotics]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(4);
  });

  it('first: 0 answers only the total', async () => {
    const labs = await list({ first: 0 });
    expect(labs).toEqual({ totalCount: 4, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
  });

  it.each([
    ['more than 100 a page', { first: 101 }, 'first'],
    ['a negative page size', { first: -1 }, 'first'],
    ['a cursor that is not one', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['a cursor holding something other than an id', { after: encodeCursor(['x']) }, 'after'],
    ['a search of 101 characters', { filter: { search: 'x'.repeat(101) } }, 'search'],
    ['an equipment filter of 61 characters', { filter: { equipment: 'x'.repeat(61) } }, 'equipment'],
  ])('%s is BAD_USER_INPUT naming %s', async (_name, variables, field) => {
    const res = await h.gql(LABS, variables);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });

  it('a cursor of a lab that does not exist simply pages on from its place in time', async () => {
    // A fresh id is newer than every lab, so every lab comes after it.
    expect(idsOf(await list({ after: encodeCursor([newId()]) }))).toEqual([ids.studio, ids.bio, ids.chem, ids.robotics]);
  });
});

describe('searching labs', () => {
  it.each([
    ['a word of the title', 'robotics', ['robotics']],
    ['a word prefix of the title', 'chem', ['chem']],
    ['a word of the description', 'glassware', ['chem']],
    ['a word of the location', 'engineering', ['robotics']],
    ['a piece of equipment', 'oscilloscope', ['robotics']],
    ['a word shared by two labs', 'centrifuge', ['bio', 'chem']],
    ['every word of the query, wherever it is', 'centri fume', ['chem']],
    ['upper case and accents ignored', 'ZURICH cafe MIKROSKOPE', ['bio']],
    ['punctuation ignored', '3d-print', ['studio', 'bio', 'robotics']],
    ['a word no lab has', 'telescope', []],
    ['a word of one lab and a word of another', 'robots glassware', []],
  ])('%s: "%s"', async (_name, search, expected) => {
    const labs = await list({ filter: { search } });
    expect(idsOf(labs)).toEqual(expected.map((name) => ids[name]));
    expect(labs.totalCount).toBe(expected.length);
  });

  it('a blank search lists everything', async () => {
    expect((await list({ filter: { search: '  ' } })).totalCount).toBe(4);
  });

  it('is answered by the indexed search terms with $all, not by a scan of the texts', async () => {
    const commands = await h.commandsDuring(() => list({ filter: { search: 'Fume Centri' } }));
    const find = commands.find((c) => c.commandName === 'find' && c.command.find === 'labs_labs');
    expect(find!.command.filter).toEqual({ searchTerms: { $all: ['fume', 'centri'] } });
    expect(find!.command.projection).toEqual({ searchTerms: 0, outbox: 0 });
  });
});

describe('filtering by equipment', () => {
  it.each([
    ['the exact item', '3D printer', ['robotics', 'bio']],
    ['in other letter case and punctuation', '3d-PRINTER', ['robotics', 'bio']],
    ['a longer item', '3D printer head', ['studio']],
    ['part of an item matches nothing', 'printer', []],
    ['an item of two labs', 'centrifuge', ['bio', 'chem']],
  ])('%s: "%s"', async (_name, equipment, expected) => {
    const labs = await list({ filter: { equipment } });
    expect(new Set(idsOf(labs))).toEqual(new Set(expected.map((name) => ids[name])));
    expect(labs.totalCount).toBe(expected.length);
  });

  it('combines with search', async () => {
    expect(idsOf(await list({ filter: { equipment: 'Centrifuge', search: 'zellbio' } }))).toEqual([ids.bio]);
  });

  it('a blank equipment filter filters nothing', async () => {
    expect((await list({ filter: { equipment: ' ' } })).totalCount).toBe(4);
  });
});
