import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, book, cancel, codeOf, iso, seedLab, slot, startLabs, type Actor, type LabsHarness } from './harness.ts';

let h: LabsHarness;
let host: Actor;
let ana: Actor;
let ben: Actor;
let labId: string;
/** The lab's bookings in slot order: [slot, booker, status]. */
let expected: [Date, Actor, string][];
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'STUDENT', 'INSTRUCTOR');
  ana = actor(h, 'STUDENT');
  ben = actor(h, 'STUDENT');
  labId = (await seedLab(h, host, { title: 'Booked Lab' }))._id;
  // Booked out of order; Ana's 11:00 is cancelled and then booked again by Ben.
  await book(h, ben, labId, slot(3, 9));
  await book(h, ana, labId, slot(2, 14));
  const cancelled = (await book(h, ana, labId, slot(2, 11))).data!.bookLab;
  await cancel(h, ana, cancelled.id);
  await book(h, ben, labId, slot(2, 11));
  await book(h, ana, labId, slot(2, 9));
  expected = [[slot(2, 9), ana, 'CONFIRMED'], [slot(2, 11), ana, 'CANCELLED'], [slot(2, 11), ben, 'CONFIRMED'], [slot(2, 14), ana, 'CONFIRMED'], [slot(3, 9), ben, 'CONFIRMED']];
});
afterAll(async () => h?.close());

const BOOKINGS = `query($id: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  lab(id: $id) { id title bookings(from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slotStart status user { id } lab { id } } } } } }`;
const bookings = (who: Actor | undefined, variables: Record<string, unknown> = {}) => h.gql(BOOKINGS, { id: labId, ...variables }, { token: who?.token });
const rowsOf = (res: any) => res.data.lab.bookings.edges.map((e: any) => [e.node.slotStart, e.node.user.id, e.node.status]);
const rows = (list: [Date, Actor, string][]) => list.map(([at, who, status]) => [iso(at), who.id, status]);

describe("a lab's bookings", () => {
  it('the host sees every booking, cancelled ones too, in slot order with its booker', async () => {
    const res = await bookings(host);
    expect(res.errors).toBeUndefined();
    expect(rowsOf(res)).toEqual(rows(expected));
    expect(res.data!.lab.bookings).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
    expect(res.data!.lab.bookings.edges[0].node.lab).toEqual({ id: labId });
  });

  it('an ADMIN sees them too', async () => {
    const res = await bookings(actor(h, 'ADMIN'));
    expect(rowsOf(res)).toEqual(rows(expected));
  });

  it.each([
    ['a student, even one who booked the lab', () => ana, 'FORBIDDEN'],
    ['another instructor', () => actor(h, 'INSTRUCTOR'), 'FORBIDDEN'],
    ['an anonymous caller', () => undefined, 'UNAUTHENTICATED'],
  ])('%s gets %s for the list, and the rest of the lab', async (_name, who, code) => {
    const res = await bookings(who());
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0]!.path).toEqual(['lab', 'bookings']);
    expect(res.data!.lab).toEqual({ id: labId, title: 'Booked Lab', bookings: null });
  });

  it('pages through the bookings with first and after, each once', async () => {
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const res: any = await bookings(host, { first: 2, after });
      expect(res.errors).toBeUndefined();
      seen.push(...rowsOf(res));
      expect(res.data.lab.bookings.totalCount).toBe(5);
      expect(res.data.lab.bookings.pageInfo.hasNextPage).toBe(page < 2);
      after = res.data.lab.bookings.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows(expected));
  });

  it('keeps to the window [from, to), either bound alone too, and counts only what is inside it', async () => {
    const inside = await bookings(host, { from: iso(slot(2, 10)), to: iso(slot(2, 14)) });
    expect(rowsOf(inside)).toEqual(rows(expected.slice(1, 3)));
    expect(inside.data!.lab.bookings.totalCount).toBe(2);
    expect(rowsOf(await bookings(host, { from: iso(slot(2, 14)) }))).toEqual(rows(expected.slice(3)));
    expect(rowsOf(await bookings(host, { to: iso(slot(2, 11)) }))).toEqual(rows(expected.slice(0, 1)));
  });

  it.each([
    ['first: 101', { first: 101 }, 'first'],
    ['first: -1', { first: -1 }, 'first'],
    ['a cursor that is not one', { after: 'nope' }, 'after'],
    ['from after to', { from: iso(slot(3, 0)), to: iso(slot(2, 0)) }, 'to'],
    ['from equal to to', { from: iso(slot(3, 0)), to: iso(slot(3, 0)) }, 'to'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_name, variables, field) => {
    const res = await bookings(host, variables);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });
});

describe("the bookings of a list of labs", () => {
  const LIST = `query($first: Int) { labs(first: 20, filter: { search: "batched" }) { edges { node { id
    bookings(first: $first) { totalCount pageInfo { hasNextPage } edges { node { slotStart user { id } } } } } } } }`;
  let labs: string[];
  beforeAll(async () => {
    // Created oldest first, so the first lab sorts first by id and its bookings come first in a shared read.
    labs = [];
    for (let i = 0; i < 4; i += 1) labs.push((await seedLab(h, host, { title: `Batched lab ${i}` }))._id);
    for (const hourOf of [9, 10, 11, 12, 13]) await book(h, ana, labs[0]!, slot(4, hourOf));
    await book(h, ben, labs[1]!, slot(4, 9));
    await book(h, ben, labs[1]!, slot(4, 10));
    await book(h, ben, labs[1]!, slot(4, 11));
    await book(h, ben, labs[2]!, slot(4, 9));
  });

  const measured = async (first: number) => {
    let res: any;
    const commands = await h.commandsDuring(async () => void (res = await h.gql(LIST, { first }, { token: host.token })));
    expect(res.errors).toBeUndefined();
    const byLab = new Map(res.data.labs.edges.map((e: any) => [e.node.id, e.node.bookings]));
    return { pages: labs.map((id) => byLab.get(id) as any), commands: commands.filter((c) => c.command[c.commandName] === 'labs_bookings').map((c) => c.commandName) };
  };

  it('costs one find and one count for the whole page of labs when their bookings fit', async () => {
    const { pages, commands } = await measured(5);
    expect(pages.map((p) => [p.totalCount, p.edges.length, p.pageInfo.hasNextPage])).toEqual([[5, 5, false], [3, 3, false], [1, 1, false], [0, 0, false]]);
    expect(pages[0].edges.map((e: any) => e.node.slotStart)).toEqual([9, 10, 11, 12, 13].map((at) => iso(slot(4, at))));
    expect(commands.sort()).toEqual(['aggregate', 'find']);
  });

  // The shared read holds 4 × 2 rows: the first two labs' eight bookings fill it, so the third lab's is read again on its own.
  it('gives every lab its own full page when other labs’ bookings fill the shared read', async () => {
    const { pages } = await measured(1);
    expect(pages.map((p) => [p.totalCount, p.edges.map((e: any) => e.node.slotStart), p.pageInfo.hasNextPage])).toEqual([
      [5, [iso(slot(4, 9))], true], [3, [iso(slot(4, 9))], true], [1, [iso(slot(4, 9))], false], [0, [], false],
    ]);
  });

  it('an instructor who hosts some of the labs gets null with FORBIDDEN for the others only', async () => {
    const other = actor(h, 'INSTRUCTOR');
    const own = (await seedLab(h, other, { title: 'Batched lab of another host' }))._id;
    const res = await h.gql(LIST, { first: 5 }, { token: other.token });
    const byLab = new Map((res.data!.labs.edges as any[]).map((e) => [e.node.id, e.node.bookings]));
    expect(byLab.get(own)).toMatchObject({ totalCount: 0 });
    for (const id of labs) expect(byLab.get(id)).toBeNull();
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(labs.map(() => 'FORBIDDEN'));
  });
});
