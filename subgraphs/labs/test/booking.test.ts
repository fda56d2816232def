import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { claimIdOf } from '../src/index.ts';
import {
  AVAILABILITY, MY_BOOKINGS, actor, book, cancel, codeOf, iso, labsEvents, seedLab, slot, snapshot, startLabs, type Actor, type LabsHarness,
} from './harness.ts';

let h: LabsHarness;
let host: Actor;
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const stored = (id: string) => h.labs.repository.bookings.findOne({ _id: id });
const claimOf = (labId: string, start: Date) => h.labs.repository.claims.findOne({ _id: claimIdOf(labId, start) });

describe('booking a slot', () => {
  it('a student books a future slot: CONFIRMED for one hour, theirs, of that lab', async () => {
    const lab = await seedLab(h, host, { title: 'Electronics Lab' });
    const student = actor(h, 'STUDENT');
    const res = await book(h, student, lab._id, slot(2, 10));
    expect(res.errors).toBeUndefined();
    const booking = res.data!.bookLab;
    expect(booking).toEqual({
      id: expect.any(String), slotStart: iso(slot(2, 10)), slotEnd: iso(slot(2, 11)), status: 'CONFIRMED', createdAt: expect.any(String),
      cancelledAt: null, user: { id: student.id }, lab: { id: lab._id, title: 'Electronics Lab' },
    });
    expect(Date.parse(booking.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('the booking records the claim of its slot, and the claim names the booking', async () => {
    const lab = await seedLab(h, host);
    const booking = (await book(h, actor(h, 'STUDENT'), lab._id, slot(2, 11))).data!.bookLab;
    const claimId = `${lab._id}:${iso(slot(2, 11))}`;
    expect(await stored(booking.id)).toMatchObject({ claimId, hostId: host.id, outbox: [] });
    expect(await h.labs.repository.claims.findOne({ _id: claimId })).toMatchObject({ bookingId: booking.id, labId: lab._id });
  });

  it('records LabBookingConfirmed for the booker, with the lab’s title and the slot as ISO strings', async () => {
    const lab = await seedLab(h, host, { title: 'Physics Lab' });
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(2, 12))).data!.bookLab;
    const events = await labsEvents(h, 'LabBookingConfirmed', { aggregateId: booking.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      userId: student.id,
      data: {
        bookingId: booking.id, labId: lab._id, labTitle: 'Physics Lab', slotStart: iso(slot(2, 12)), slotEnd: iso(slot(2, 13)),
        userId: student.id, hostId: host.id,
      },
    });
  });

  it('an instructor and an admin book slots like anyone else, also of their own lab', async () => {
    const lab = await seedLab(h, host);
    expect((await book(h, host, lab._id, slot(2, 9))).data!.bookLab.user).toEqual({ id: host.id });
    const admin = actor(h, 'ADMIN');
    expect((await book(h, admin, lab._id, slot(2, 10))).data!.bookLab.user).toEqual({ id: admin.id });
  });

  it('a slot someone else holds is CONFLICT and nothing changes', async () => {
    const lab = await seedLab(h, host);
    await book(h, actor(h, 'STUDENT'), lab._id, slot(2, 13));
    const before = await snapshot(h);
    const res = await book(h, actor(h, 'STUDENT'), lab._id, slot(2, 13));
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await snapshot(h)).toEqual(before);
  });

  it('booking a slot one already holds returns that booking again, with one event', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const first = (await book(h, student, lab._id, slot(2, 14))).data!.bookLab;
    const second = (await book(h, student, lab._id, slot(2, 14))).data!.bookLab;
    expect(second).toEqual(first);
    expect(await h.labs.repository.bookings.countDocuments({ labId: lab._id })).toBe(1);
    expect(await labsEvents(h, 'LabBookingConfirmed', { 'data.labId': lab._id })).toHaveLength(1);
  });

  it('the last open hour and a slot almost a year ahead can be booked', async () => {
    const lab = await seedLab(h, host);
    expect((await book(h, actor(h, 'STUDENT'), lab._id, slot(2, 16))).errors).toBeUndefined();
    expect((await book(h, actor(h, 'STUDENT'), lab._id, slot(365, 9))).errors).toBeUndefined();
  });

  it('accepts a slot given with an offset and keeps it in UTC', async () => {
    const lab = await seedLab(h, host);
    const day = iso(slot(2, 0)).slice(0, 10);
    expect((await book(h, actor(h, 'STUDENT'), lab._id, `${day}T12:00:00+02:00`)).data!.bookLab.slotStart).toBe(iso(slot(2, 10)));
  });
});

describe('slots that cannot be booked', () => {
  let labId: string;
  beforeAll(async () => {
    labId = (await seedLab(h, host))._id;
  });

  const HOUR = 3_600_000;
  it.each([
    ['a slot at 10:30', () => iso(slot(2, 10, 30)), 'slotStart'],
    ['a slot at 10:00:01', () => iso(new Date(slot(2, 10).getTime() + 1000)), 'slotStart'],
    ['a slot at 10:00:00.001', () => iso(new Date(slot(2, 10).getTime() + 1)), 'slotStart'],
    ['a slot yesterday', () => iso(slot(-1, 10)), 'slotStart'],
    ['the slot under way', () => iso(new Date(Math.floor(Date.now() / HOUR) * HOUR)), 'slotStart'],
    ['a slot before opening (08:00)', () => iso(slot(2, 8)), 'slotStart'],
    ['a slot at closing time (17:00)', () => iso(slot(2, 17)), 'slotStart'],
    ['a slot at night (03:00)', () => iso(slot(2, 3)), 'slotStart'],
    ['a slot more than a year ahead', () => iso(slot(367, 10)), 'slotStart'],
    ['a slot in the year 9999', () => '9999-12-31T10:00:00Z', 'slotStart'],
    ['a slot in the year 1970', () => '1970-01-01T10:00:00Z', 'slotStart'],
  ])('%s is BAD_USER_INPUT naming the slot, and nothing changes', async (_name, slotStart, field) => {
    const before = await snapshot(h);
    const res = await book(h, actor(h, 'STUDENT'), labId, slotStart());
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  });

  it.each([
    ['a malformed date', () => ({ labId, slotStart: 'next tuesday' })],
    ['an impossible date', () => ({ labId, slotStart: '2030-02-30T10:00:00Z' })],
    ['a number as the date', () => ({ labId, slotStart: 1_900_000_000_000 })],
  ])('%s is BAD_USER_INPUT and nothing changes', async (_name, variables) => {
    const before = await snapshot(h);
    const res = await h.gql(`mutation($labId: ID!, $slotStart: DateTime!) { bookLab(labId: $labId, slotStart: $slotStart) { id } }`, variables(), { token: actor(h, 'STUDENT').token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(await snapshot(h)).toEqual(before);
  });

  it('a malformed lab id is BAD_USER_INPUT naming labId, an unknown lab NOT_FOUND, and nothing changes', async () => {
    const before = await snapshot(h);
    const malformed = await book(h, actor(h, 'STUDENT'), 'lab-7', slot(2, 10));
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('labId');
    expect(codeOf(await book(h, actor(h, 'STUDENT'), newId(), slot(2, 10)))).toBe('NOT_FOUND');
    expect(await snapshot(h)).toEqual(before);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing changes', async () => {
    const before = await snapshot(h);
    expect(codeOf(await book(h, undefined, labId, slot(2, 10)))).toBe('UNAUTHENTICATED');
    await expect(h.labs.service.bookLab(null, labId, slot(2, 10))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await snapshot(h)).toEqual(before);
  });
});

describe('racing for one slot', () => {
  it('50 users booking one slot at the same moment: exactly one CONFIRMED, 49 CONFLICT', async () => {
    const lab = await seedLab(h, host);
    const users = Array.from({ length: 50 }, () => actor(h, 'STUDENT'));
    const results = await Promise.all(users.map((user) => book(h, user, lab._id, slot(5, 10))));
    const winners = results.filter((r) => r.errors === undefined);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(49);
    const winner = winners[0]!.data!.bookLab;
    expect(winner.status).toBe('CONFIRMED');
    expect(await h.labs.repository.bookings.find({ labId: lab._id }).toArray()).toEqual([expect.objectContaining({ _id: winner.id, status: 'CONFIRMED' })]);
    expect(await claimOf(lab._id, slot(5, 10))).toMatchObject({ bookingId: winner.id, userId: winner.user.id });
    expect(await labsEvents(h, 'LabBookingConfirmed', { 'data.labId': lab._id })).toHaveLength(1);
  });

  it('ten users booking ten different slots of one lab at the same moment all get theirs', async () => {
    const lab = await seedLab(h, host, { openHoursUtc: Array.from({ length: 24 }, (_, i) => i) });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => book(h, actor(h, 'STUDENT'), lab._id, slot(5, i))));
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(await h.labs.repository.bookings.countDocuments({ labId: lab._id, status: 'CONFIRMED' })).toBe(10);
  });

  it('one user booking one slot ten times at once gets one booking, returned to every call', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const results = await Promise.all(Array.from({ length: 10 }, () => book(h, student, lab._id, slot(5, 11))));
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(new Set(results.map((r) => r.data!.bookLab.id)).size).toBe(1);
    expect(await labsEvents(h, 'LabBookingConfirmed', { 'data.labId': lab._id })).toHaveLength(1);
  });
});

describe('cancelling a booking', () => {
  it('the booker cancels: CANCELLED with its time, the claim gone, LabBookingCancelled recorded', async () => {
    const lab = await seedLab(h, host, { title: 'Cancel Lab' });
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(3, 10))).data!.bookLab;
    const res = await cancel(h, student, booking.id);
    expect(res.errors).toBeUndefined();
    const cancelled = res.data!.cancelLabBooking;
    expect(cancelled).toEqual({ ...booking, status: 'CANCELLED', cancelledAt: expect.any(String) });
    expect(Date.parse(cancelled.cancelledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await claimOf(lab._id, slot(3, 10))).toBeNull();
    expect(await stored(booking.id)).toMatchObject({ status: 'CANCELLED', cancelledBy: student.id, outbox: [] });
    const events = await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      userId: student.id,
      data: { bookingId: booking.id, labId: lab._id, labTitle: 'Cancel Lab', slotStart: iso(slot(3, 10)), userId: student.id, hostId: host.id, cancelledBy: student.id },
    });
  });

  it('frees the slot: another user can book it, and the first booking stays CANCELLED', async () => {
    const lab = await seedLab(h, host);
    const first = actor(h, 'STUDENT');
    const second = actor(h, 'STUDENT');
    const booking = (await book(h, first, lab._id, slot(3, 11))).data!.bookLab;
    expect(codeOf(await book(h, second, lab._id, slot(3, 11)))).toBe('CONFLICT');
    await cancel(h, first, booking.id);
    const rebooked = await book(h, second, lab._id, slot(3, 11));
    expect(rebooked.errors).toBeUndefined();
    expect(rebooked.data!.bookLab).toMatchObject({ status: 'CONFIRMED', user: { id: second.id } });
    expect(rebooked.data!.bookLab.id).not.toBe(booking.id);
    expect(await stored(booking.id)).toMatchObject({ status: 'CANCELLED' });
    const slots = (await h.gql(AVAILABILITY, { id: lab._id, from: iso(slot(3, 11)), to: iso(slot(3, 12)) })).data!.lab.availability;
    expect(slots).toEqual([{ start: iso(slot(3, 11)), end: iso(slot(3, 12)), available: false }]);
  });

  it('the booker can book the slot again after cancelling it: a new booking', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(3, 12))).data!.bookLab;
    await cancel(h, student, booking.id);
    const again = (await book(h, student, lab._id, slot(3, 12))).data!.bookLab;
    expect(again).toMatchObject({ status: 'CONFIRMED' });
    expect(again.id).not.toBe(booking.id);
  });

  it('cancelling twice returns the CANCELLED booking unchanged, with one event', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(3, 13))).data!.bookLab;
    const first = (await cancel(h, student, booking.id)).data!.cancelLabBooking;
    const before = await snapshot(h);
    const second = await cancel(h, student, booking.id);
    expect(second.errors).toBeUndefined();
    expect(second.data!.cancelLabBooking).toEqual(first);
    expect(await snapshot(h)).toEqual(before);
    expect(await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking.id })).toHaveLength(1);
  });

  it('the booker and the host cancelling at the same moment cancel once', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(3, 14))).data!.bookLab;
    const results = await Promise.all([cancel(h, student, booking.id), cancel(h, host, booking.id), cancel(h, student, booking.id)]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(results.map((r) => r.data!.cancelLabBooking.cancelledAt)).size).toBe(1);
    expect(await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking.id })).toHaveLength(1);
  });

  it('the lab’s host and an admin may cancel a student’s booking; the event says who did', async () => {
    const lab = await seedLab(h, host);
    const admin = actor(h, 'ADMIN');
    for (const [who, hour] of [[host, 15], [admin, 16]] as const) {
      const booking = (await book(h, actor(h, 'STUDENT'), lab._id, slot(3, hour))).data!.bookLab;
      expect((await cancel(h, who, booking.id)).data!.cancelLabBooking.status).toBe('CANCELLED');
      expect((await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking.id }))[0]!.data.cancelledBy).toBe(who.id);
    }
  });

  it('another student and another instructor are FORBIDDEN and nothing changes', async () => {
    const lab = await seedLab(h, host);
    const booking = (await book(h, actor(h, 'STUDENT'), lab._id, slot(4, 9))).data!.bookLab;
    const before = await snapshot(h);
    expect(codeOf(await cancel(h, actor(h, 'STUDENT'), booking.id))).toBe('FORBIDDEN');
    expect(codeOf(await cancel(h, actor(h, 'INSTRUCTOR'), booking.id))).toBe('FORBIDDEN');
    expect(await snapshot(h)).toEqual(before);
  });

  it('an unknown booking is NOT_FOUND, a malformed id BAD_USER_INPUT naming the id, and nothing changes', async () => {
    const before = await snapshot(h);
    expect(codeOf(await cancel(h, host, newId()))).toBe('NOT_FOUND');
    const malformed = await cancel(h, host, 'booking-1');
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('id');
    expect(await snapshot(h)).toEqual(before);
  });

  it('a booking whose slot has started can no longer be cancelled: BAD_USER_INPUT and nothing changes', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(2, 10))).data!.bookLab;
    h.clockOffset = slot(2, 10).getTime() - Date.now();
    try {
      const before = await snapshot(h);
      const res = await cancel(h, student, booking.id);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe('id');
      expect(await snapshot(h)).toEqual(before);
    } finally {
      h.clockOffset = 0;
    }
  });
});

describe('my lab bookings', () => {
  it('lists the viewer’s own bookings, the latest slot first, cancelled ones with their status', async () => {
    const lab = await seedLab(h, host);
    const other = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    const early = (await book(h, student, lab._id, slot(6, 9))).data!.bookLab;
    const late = (await book(h, student, other._id, slot(8, 9))).data!.bookLab;
    const middle = (await book(h, student, lab._id, slot(7, 15))).data!.bookLab;
    await cancel(h, student, middle.id);
    await book(h, actor(h, 'STUDENT'), lab._id, slot(6, 10)); // someone else's
    const res = await h.gql(MY_BOOKINGS, {}, { token: student.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.myLabBookings.map((b: any) => [b.id, b.status])).toEqual([[late.id, 'CONFIRMED'], [middle.id, 'CANCELLED'], [early.id, 'CONFIRMED']]);
    expect(res.data!.myLabBookings[0]).toMatchObject({ lab: { id: other._id }, user: { id: student.id } });
  });

  it('is empty for someone who never booked, and UNAUTHENTICATED for an anonymous caller', async () => {
    expect((await h.gql(MY_BOOKINGS, {}, { token: actor(h, 'STUDENT').token })).data!.myLabBookings).toEqual([]);
    expect(codeOf(await h.gql(MY_BOOKINGS))).toBe('UNAUTHENTICATED');
    await expect(h.labs.service.myLabBookings(null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
