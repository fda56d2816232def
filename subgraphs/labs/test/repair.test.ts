import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { labBookingCancelled } from '../src/events.ts';
import { claimIdOf, type LabBookingModel, type LabModel, type SlotClaimDocument } from '../src/index.ts';
import { AVAILABILITY, MY_BOOKINGS, actor, book, cancel, codeOf, iso, labsEvents, seedLab, slot, startLabs, type Actor, type LabsHarness } from './harness.ts';
import { LabBookingConfirmed } from '@lg/events';

let h: LabsHarness;
let host: Actor;
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const HOUR = 3_600_000;
/** What a booking left behind when its process died right after claiming the slot. */
function danglingClaim(lab: LabModel, userId: string, start: Date): SlotClaimDocument {
  return {
    _id: claimIdOf(lab._id, start), labId: lab._id, hostId: lab.hostId, labTitle: lab.title, userId, bookingId: newId(),
    slotStart: start, slotEnd: new Date(start.getTime() + HOUR), claimedAt: new Date(),
  };
}
/** The event the service records when it cancels, for a test that runs only that first step. */
const cancelledEvent = (booking: LabBookingModel, by: string) =>
  labBookingCancelled({
    bookingId: booking._id, labId: booking.labId, labTitle: booking.labTitle, slotStart: iso(booking.slotStart),
    slotEnd: iso(booking.slotEnd), userId: booking.userId, hostId: booking.hostId, cancelledBy: by,
  });
const leaveClaim = (claim: SlotClaimDocument) => h.labs.repository.claims.insertOne(claim);
const available = async (labId: string, start: Date) =>
  (await h.gql(AVAILABILITY, { id: labId, from: iso(start), to: iso(new Date(start.getTime() + HOUR)) })).data!.lab.availability[0].available as boolean;
const confirmedEvents = (bookingId: string) => labsEvents(h, 'LabBookingConfirmed', { aggregateId: bookingId });

describe('a crash between claiming a slot and writing its booking', () => {
  it('leaves a claim that start-up completes: the claim’s user holds a CONFIRMED booking, announced once', async () => {
    const lab = await seedLab(h, host, { title: 'Crash Lab' });
    const student = actor(h, 'STUDENT');
    const claim = danglingClaim(lab, student.id, slot(2, 10));
    await h.restart(() => leaveClaim(claim));
    expect(h.labs.repaired).toMatchObject({ completed: 1 });
    expect(await h.labs.repository.bookings.findOne({ _id: claim.bookingId })).toMatchObject({
      userId: student.id, labId: lab._id, status: 'CONFIRMED', claimId: claim._id, slotStart: slot(2, 10), createdAt: claim.claimedAt, outbox: [],
    });
    expect(await confirmedEvents(claim.bookingId)).toEqual([expect.objectContaining({ userId: student.id, data: expect.objectContaining({ labTitle: 'Crash Lab', slotStart: iso(slot(2, 10)) }) })]);
    expect((await h.gql(MY_BOOKINGS, {}, { token: student.token })).data!.myLabBookings.map((b: any) => b.id)).toEqual([claim.bookingId]);
    expect(await available(lab._id, slot(2, 10))).toBe(false);
  });

  it('a second start-up repairs nothing more', async () => {
    await h.restart();
    expect(h.labs.repaired).toEqual({ completed: 0, released: 0, pruned: 0 });
  });

  it('the next user to book the slot completes the booking for the claim’s user and gets CONFLICT', async () => {
    const lab = await seedLab(h, host);
    const claimant = actor(h, 'STUDENT');
    const claim = danglingClaim(lab, claimant.id, slot(2, 11));
    await leaveClaim(claim);
    expect(codeOf(await book(h, actor(h, 'STUDENT'), lab._id, slot(2, 11)))).toBe('CONFLICT');
    expect(await h.labs.repository.bookings.findOne({ _id: claim.bookingId })).toMatchObject({ userId: claimant.id, status: 'CONFIRMED' });
    expect(await confirmedEvents(claim.bookingId)).toHaveLength(1);
  });

  it('the claim’s user retrying gets the booking the claim stood for', async () => {
    const lab = await seedLab(h, host);
    const claimant = actor(h, 'STUDENT');
    const claim = danglingClaim(lab, claimant.id, slot(2, 12));
    await leaveClaim(claim);
    const res = await book(h, claimant, lab._id, slot(2, 12));
    expect(res.errors).toBeUndefined();
    expect(res.data!.bookLab).toMatchObject({ id: claim.bookingId, status: 'CONFIRMED', user: { id: claimant.id } });
    expect(await confirmedEvents(claim.bookingId)).toHaveLength(1);
  });

  it('racing repairs and bookings write the booking once', async () => {
    const lab = await seedLab(h, host);
    const claim = danglingClaim(lab, actor(h, 'STUDENT').id, slot(2, 13));
    await leaveClaim(claim);
    const results = await Promise.allSettled([
      h.labs.service.repairClaims(), h.labs.service.repairClaims(),
      ...Array.from({ length: 5 }, () => h.labs.service.bookLab(actor(h, 'STUDENT').viewer, lab._id, slot(2, 13))),
    ]);
    expect(results.slice(0, 2).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(results.slice(2).map((r) => r.status === 'rejected' && (r.reason as any).extensions.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(await h.labs.repository.bookings.countDocuments({ labId: lab._id })).toBe(1);
    expect(await confirmedEvents(claim.bookingId)).toHaveLength(1);
  });
});

describe('a crash between cancelling a booking and freeing its slot', () => {
  /** Books a slot, then runs only the first step of cancelling it, as a process dying there would. */
  async function halfCancelled(lab: LabModel, start: Date) {
    const student = actor(h, 'STUDENT');
    const booking = await h.labs.service.bookLab(student.viewer, lab._id, start);
    await h.labs.repository.cancelBooking(booking._id, new Date(), student.id, cancelledEvent(booking, student.id));
    expect(await h.labs.repository.claims.findOne({ _id: booking.claimId })).not.toBeNull();
    return { student, booking };
  }

  it('leaves a claim that start-up frees, and the cancellation reaches the log', async () => {
    const lab = await seedLab(h, host);
    const { booking } = await halfCancelled(lab, slot(3, 10));
    expect(await available(lab._id, slot(3, 10))).toBe(true);
    await h.restart();
    expect(h.labs.repaired).toMatchObject({ released: 1 });
    expect(await h.labs.repository.claims.findOne({ _id: booking.claimId })).toBeNull();
    expect(await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking._id })).toHaveLength(1);
    expect((await book(h, actor(h, 'STUDENT'), lab._id, slot(3, 10))).errors).toBeUndefined();
  });

  it('the next user to book the slot frees the claim and gets the slot', async () => {
    const lab = await seedLab(h, host);
    const { booking } = await halfCancelled(lab, slot(3, 11));
    const next = actor(h, 'STUDENT');
    const res = await book(h, next, lab._id, slot(3, 11));
    expect(res.errors).toBeUndefined();
    expect(res.data!.bookLab).toMatchObject({ status: 'CONFIRMED', user: { id: next.id } });
    expect(await h.labs.repository.bookings.findOne({ _id: booking._id })).toMatchObject({ status: 'CANCELLED', outbox: [] });
    expect(await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking._id })).toHaveLength(1);
  });

  it('cancelling again frees the slot and answers the booking unchanged', async () => {
    const lab = await seedLab(h, host);
    const { student, booking } = await halfCancelled(lab, slot(3, 12));
    const res = await cancel(h, student, booking._id);
    expect(res.data!.cancelLabBooking).toMatchObject({ id: booking._id, status: 'CANCELLED' });
    expect(await h.labs.repository.claims.findOne({ _id: booking.claimId })).toBeNull();
    expect(await labsEvents(h, 'LabBookingCancelled', { aggregateId: booking._id })).toHaveLength(1);
  });
});

describe('start-up', () => {
  it('sends on an event a crash left in a booking’s outbox', async () => {
    const lab = await seedLab(h, host);
    const booking = (await book(h, actor(h, 'STUDENT'), lab._id, slot(4, 10))).data!.bookLab;
    const stranded = LabBookingConfirmed.build({
      bookingId: booking.id, labId: lab._id, labTitle: lab.title, slotStart: slot(4, 10).toISOString(), slotEnd: slot(4, 11).toISOString(), userId: newId(), hostId: host.id,
    });
    await h.restart(() => h.labs.repository.bookings.updateOne({ _id: booking.id }, { $push: { outbox: stranded } }));
    expect(await h.platform.db.collection('platform_events').findOne({ _id: stranded._id as never })).not.toBeNull();
    expect((await h.labs.repository.bookings.findOne({ _id: booking.id }))!.outbox).toEqual([]);
  });

  it('prunes the claims of slots that ended over a day ago and keeps their bookings', async () => {
    const lab = await seedLab(h, host);
    const student = actor(h, 'STUDENT');
    // Booked three days ago (the clock turned back), for the day before yesterday.
    h.clockOffset = -3 * 24 * HOUR;
    const booking = await h.labs.service.bookLab(student.viewer, lab._id, slot(-2, 10));
    h.clockOffset = 0;
    await h.restart();
    expect(h.labs.repaired).toMatchObject({ pruned: 1 });
    expect(await h.labs.repository.claims.findOne({ _id: booking.claimId })).toBeNull();
    expect(await h.labs.repository.bookings.findOne({ _id: booking._id })).toMatchObject({ status: 'CONFIRMED' });
    expect((await h.gql(MY_BOOKINGS, {}, { token: student.token })).data!.myLabBookings).toEqual([expect.objectContaining({ id: booking._id, status: 'CONFIRMED' })]);
    expect(codeOf(await book(h, actor(h, 'STUDENT'), lab._id, slot(-2, 10)))).toBe('BAD_USER_INPUT');
  });
});
