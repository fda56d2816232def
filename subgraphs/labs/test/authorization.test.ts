import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKING_FIELDS, LAB_FIELDS, actor, codeOf, iso, labInput, seedLab, slot, snapshot, startLabs, type Actor, type LabsHarness } from './harness.ts';

// Every labs field, asked by each of the six callers of the matrix. `host` created the lab;
// `booker` holds a booking of it; `student` has booked nothing.
type Caller = 'anonymous' | 'student' | 'booker' | 'host' | 'otherInstructor' | 'admin';
const callers: Caller[] = ['anonymous', 'student', 'booker', 'host', 'otherInstructor', 'admin'];

let h: LabsHarness;
let people: Record<Exclude<Caller, 'anonymous'>, Actor>;
let labId: string;
let bookingId: string;
beforeAll(async () => {
  h = await startLabs();
  people = {
    student: actor(h, 'STUDENT'),
    booker: actor(h, 'STUDENT'),
    host: actor(h, 'STUDENT', 'INSTRUCTOR'),
    otherInstructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
  labId = (await seedLab(h, people.host, { title: 'Matrix Lab', openHoursUtc: Array.from({ length: 24 }, (_, i) => i) }))._id;
  bookingId = (await h.labs.service.bookLab(people.booker.viewer, labId, slot(2, 10)))._id;
});
afterAll(async () => h?.close());

const person = (who: Caller) => (who === 'anonymous' ? undefined : people[who]);
const ask = (who: Caller, query: string, variables: Record<string, unknown> = {}) => h.gql(query, variables, { token: person(who)?.token });
const OK = undefined;

describe('queries', () => {
  it.each(callers)('labs as %s: open to everyone', async (who) => {
    const res = await ask(who, `{ labs { totalCount edges { node { ${LAB_FIELDS} } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.labs.edges.map((e: any) => e.node.id)).toEqual([labId]);
  });

  it.each(callers)('lab as %s: open to everyone', async (who) => {
    const res = await ask(who, `query($id: ID!) { lab(id: $id) { ${LAB_FIELDS} } }`, { id: labId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.lab).toMatchObject({ id: labId, title: 'Matrix Lab', host: { id: people.host.id } });
  });

  it.each(callers)('Lab.availability as %s: open to everyone, without saying who booked', async (who) => {
    const res = await ask(who, `query($id: ID!, $from: DateTime!, $to: DateTime!) { lab(id: $id) { availability(from: $from, to: $to) { start end available } } }`,
      { id: labId, from: iso(slot(2, 9)), to: iso(slot(2, 12)) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.lab.availability.map((s: any) => s.available)).toEqual([true, false, true]);
  });

  it.each(callers)("myLabBookings as %s: the caller's own bookings, UNAUTHENTICATED when anonymous", async (who) => {
    const res = await ask(who, `{ myLabBookings { ${BOOKING_FIELDS} } }`);
    expect(codeOf(res)).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : OK);
    if (who !== 'anonymous') expect(res.data!.myLabBookings.map((b: any) => b.id)).toEqual(who === 'booker' ? [bookingId] : []);
  });

  const readsBooking: Record<Caller, boolean> = { anonymous: false, student: false, booker: true, host: true, otherInstructor: false, admin: true };
  it.each(callers)('a LabBooking reference as %s: its booker, the lab’s host and ADMIN read it, anyone else gets null', async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on LabBooking { ${BOOKING_FIELDS} } } }`,
      { r: [{ __typename: 'LabBooking', id: bookingId }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual(readsBooking[who]
      ? expect.objectContaining({ id: bookingId, status: 'CONFIRMED', user: { id: people.booker.id }, lab: { id: labId, title: 'Matrix Lab' } })
      : null);
  });

  const readsLabBookings: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', booker: 'FORBIDDEN', host: OK, otherInstructor: 'FORBIDDEN', admin: OK,
  };
  it.each(callers)("Lab.bookings as %s: the lab's host and ADMIN, anyone else null with an error and the rest of the lab", async (who) => {
    const res = await ask(who, `query($id: ID!) { lab(id: $id) { title bookings { edges { node { id user { id } } } } } }`, { id: labId });
    expect(codeOf(res)).toBe(readsLabBookings[who]);
    expect(res.data!.lab).toEqual({
      title: 'Matrix Lab', bookings: readsLabBookings[who] ? null : { edges: [{ node: { id: bookingId, user: { id: people.booker.id } } }] },
    });
  });

  it.each(callers)('a Lab reference as %s: open to everyone', async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Lab { id title host { id } } } }`,
      { r: [{ __typename: 'Lab', id: labId }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual({ id: labId, title: 'Matrix Lab', host: { id: people.host.id } });
  });
});

describe('mutations', () => {
  const createLab: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', booker: 'FORBIDDEN', host: OK, otherInstructor: OK, admin: OK,
  };
  it.each(callers)('createLab called by %s: INSTRUCTOR or ADMIN only, and the caller becomes the host', async (who) => {
    const before = await snapshot(h);
    const res = await ask(who, `mutation($input: CreateLabInput!) { createLab(input: $input) { id host { id } } }`, { input: labInput({ title: `Created by ${who}` }) });
    expect(codeOf(res)).toBe(createLab[who]);
    if (createLab[who]) expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.createLab.host).toEqual({ id: person(who)!.id });
  });

  it.each(callers.map((who, i) => [who, i] as const))('bookLab called by %s: any signed-in user', async (who, i) => {
    const before = await snapshot(h);
    const res = await ask(who, `mutation($labId: ID!, $slotStart: DateTime!) { bookLab(labId: $labId, slotStart: $slotStart) { id status user { id } } }`,
      { labId, slotStart: iso(slot(3, i)) });
    expect(codeOf(res)).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : OK);
    if (who === 'anonymous') expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.bookLab).toMatchObject({ status: 'CONFIRMED', user: { id: person(who)!.id } });
  });

  const cancelLabBooking: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', booker: OK, host: OK, otherInstructor: 'FORBIDDEN', admin: OK,
  };
  it.each(callers.map((who, i) => [who, i] as const))('cancelLabBooking of the booker’s booking called by %s: the booker, the lab’s host and ADMIN', async (who, i) => {
    const booking = await h.labs.service.bookLab(people.booker.viewer, labId, slot(4, i));
    const before = await snapshot(h);
    const res = await ask(who, `mutation($id: ID!) { cancelLabBooking(id: $id) { id status } }`, { id: booking._id });
    expect(codeOf(res)).toBe(cancelLabBooking[who]);
    if (cancelLabBooking[who]) expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.cancelLabBooking).toEqual({ id: booking._id, status: 'CANCELLED' });
  });

  const updateLab: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', booker: 'FORBIDDEN', host: OK, otherInstructor: 'FORBIDDEN', admin: OK,
  };
  it.each(callers)("updateLab called by %s: the lab's host and ADMIN", async (who) => {
    const before = await snapshot(h);
    const res = await ask(who, `mutation($id: ID!, $input: UpdateLabInput!) { updateLab(id: $id, input: $input) { id capacity } }`, { id: labId, input: { capacity: 20 } });
    expect(codeOf(res)).toBe(updateLab[who]);
    if (updateLab[who]) expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.updateLab).toEqual({ id: labId, capacity: 20 });
  });

  it('the service refuses an anonymous viewer on every use case, for callers that do not come through GraphQL', async () => {
    const service = h.labs.service;
    for (const call of [
      () => service.createLab(null, labInput()),
      () => service.bookLab(null, labId, slot(5, 10)),
      () => service.cancelLabBooking(null, bookingId),
      () => service.myLabBookings(null),
      () => service.updateLab(null, labId, { capacity: 5 }),
      async () => service.labBookings(null, (await service.lab(labId))!, {}),
    ]) await expect(call()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
