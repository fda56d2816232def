import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let instructor: TestUser;
beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Paula Paid');
});
afterAll(async () => t?.close());

const CART = `{ cart { subtotalCents currency items { id priceCents course { title } } } }`;
const CHECKOUT = `mutation($k: String!, $p: String!) { checkout(idempotencyKey: $k, paymentToken: $p) { id status totalCents currency items { priceCents course { title } } } }`;

describe('a student buying a course through the gateway', () => {
  it('puts a paid course in the cart, checks out with tok_ok, finds it among their enrolments and sees the order', async () => {
    const student = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Paid Masterclass', priceCents: 4900 });
    const added = await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents items { course { title instructor { displayName } } } } }`, { c: course.id }, { token: student.token });
    expect(added.data!.addCourseToCart).toEqual({ subtotalCents: 4900, items: [{ course: { title: 'Paid Masterclass', instructor: { displayName: 'Paula Paid' } } }] });

    const order = await t.gql(CHECKOUT, { k: 'journey-key-0001', p: 'tok_ok' }, { token: student.token });
    expect(order.data!.checkout).toMatchObject({ status: 'PAID', totalCents: 4900, items: [{ priceCents: 4900, course: { title: 'Paid Masterclass' } }] });
    expect((await t.gql(CART, {}, { token: student.token })).data!.cart).toMatchObject({ subtotalCents: 0, items: [] });

    // The order grants the enrolment through the event log; it lands within moments.
    await expect.poll(async () => (await t.gql(`{ myEnrollments { edges { node { course { title } } } } }`, {}, { token: student.token })).data!.myEnrollments.edges, { timeout: 5000 })
      .toEqual([{ node: { course: { title: 'Paid Masterclass' } } }]);
    const orders = await t.gql(`{ myOrders { totalCount edges { node { id status paidAt } } } }`, {}, { token: student.token });
    expect(orders.data!.myOrders.totalCount).toBe(1);
    expect(orders.data!.myOrders.edges[0].node).toMatchObject({ id: order.data!.checkout.id, status: 'PAID' });

    // The same key returns the same order and charges nothing more.
    const again = await t.gql(CHECKOUT, { k: 'journey-key-0001', p: 'tok_ok' }, { token: student.token });
    expect(again.data!.checkout.id).toBe(order.data!.checkout.id);
    expect(await t.platform.db.collection('commerce_test_charges').countDocuments()).toBe(1);
  });

  it('a declined card leaves a FAILED order and the cart as it was', async () => {
    const student = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Declined Course', priceCents: 1900 });
    await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: course.id }, { token: student.token });
    const order = await t.gql(CHECKOUT, { k: 'journey-key-0002', p: 'tok_declined' }, { token: student.token });
    expect(order.data!.checkout.status).toBe('FAILED');
    expect((await t.gql(CART, {}, { token: student.token })).data!.cart.subtotalCents).toBe(1900);
    expect(codeOf(await t.gql(CHECKOUT, { k: 'journey-key-0003', p: 'tok_bogus' }, { token: student.token }))).toBe('BAD_USER_INPUT');
  });
});

describe('a buyer asking for a refund through the gateway', () => {
  it('gets the order REFUNDED, loses the enrolment and its lessons, is told so, and can buy the course again', async () => {
    const student = await signUp(t);
    const as = { token: student.token };
    const course = await createCourse(t, instructor, { title: 'Refunded Course', priceCents: 2900 });
    const lessonId = (await t.gql(`query($c: ID!) { course(id: $c) { sections { lessons { id } } } }`, { c: course.id })).data!.course.sections[0].lessons[0].id;
    const ENROLMENTS = `{ myEnrollments { edges { node { status cancelledAt course { title } } } } }`;
    const COMPLETE = `mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { status progressPercent } }`;
    const ADD = `mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`;
    const enrolments = async () => (await t.gql(ENROLMENTS, {}, as)).data!.myEnrollments.edges.map((e: any) => e.node);

    await t.gql(ADD, { c: course.id }, as);
    const order = (await t.gql(CHECKOUT, { k: 'journey-refund-0001', p: 'tok_ok' }, as)).data!.checkout;
    expect(order.status).toBe('PAID');
    await expect.poll(enrolments, { timeout: 5000 }).toEqual([{ status: 'ACTIVE', cancelledAt: null, course: { title: 'Refunded Course' } }]);
    expect((await t.gql(COMPLETE, { c: course.id, l: lessonId }, as)).data!.completeLesson).toEqual({ status: 'COMPLETED', progressPercent: 100 });

    // Someone else cannot refund it; its buyer can, within 14 days.
    expect(codeOf(await t.gql(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id: order.id }, { token: (await signUp(t)).token }))).toBe('FORBIDDEN');
    const refunded = await t.gql(`mutation($id: ID!) { refundOrder(id: $id, reason: "Changed my mind") { id status paidAt refundedAt refundReason refundableUntil } }`, { id: order.id }, as);
    expect(refunded.data!.refundOrder).toMatchObject({ id: order.id, status: 'REFUNDED', refundReason: 'Changed my mind', refundableUntil: null });
    expect(await t.platform.db.collection('commerce_test_refunds').countDocuments({ idempotencyKey: order.id })).toBe(1);

    // Learning cancels the enrolment within moments: no more lessons, and the course is no longer counted.
    await expect.poll(async () => (await enrolments())[0]?.status, { timeout: 5000 }).toBe('CANCELLED');
    expect(codeOf(await t.gql(COMPLETE, { c: course.id, l: lessonId }, as))).toBe('FORBIDDEN');
    expect((await t.gql(`query($c: ID!) { course(id: $c) { enrollmentCount viewerEnrollment { status } } }`, { c: course.id }, as)).data!.course)
      .toEqual({ enrollmentCount: 0, viewerEnrollment: { status: 'CANCELLED' } });
    await expect.poll(async () => (await t.gql(`query($c: ID!) { isCourseMember(courseId: $c) }`, { c: course.id }, as)).data!.isCourseMember, { timeout: 5000 }).toBe(false);
    await expect.poll(async () => (await t.gql(`{ myNotifications { edges { node { kind } } } }`, {}, as)).data!.myNotifications.edges.map((e: any) => e.node.kind), { timeout: 5000 })
      .toContain('ORDER_REFUNDED');
    expect(codeOf(await t.gql(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id: order.id }, as))).toBe('CONFLICT');

    // The course can be put in the cart and bought again, which gives the enrolment back.
    expect((await t.gql(ADD, { c: course.id }, as)).data!.addCourseToCart).toEqual({ subtotalCents: 2900 });
    expect((await t.gql(CHECKOUT, { k: 'journey-refund-0002', p: 'tok_ok' }, as)).data!.checkout.status).toBe('PAID');
    await expect.poll(async () => (await enrolments())[0]?.status, { timeout: 5000 }).toBe('ACTIVE');
  });
});

describe('a student booking a lab through the gateway', () => {
  it('books a slot shown as available, sees it taken for others, and cancels it to free it again; the host edits the lab and sees who booked', async () => {
    const student = await signUp(t, [], 'Lab Student');
    const other = await signUp(t);
    const lab = await t.gql(`mutation { createLab(input: { title: "Journey Lab", description: "Oscilloscopes.", location: "Room 1", capacity: 4, pricePerHourCents: 0, equipment: ["oscilloscope"], openHoursUtc: [9, 10, 11] }) { id host { displayName } } }`, {}, { token: instructor.token });
    expect(lab.data!.createLab.host).toEqual({ displayName: 'Paula Paid' });
    const labId = lab.data!.createLab.id;
    const day = new Date(Date.now() + 3 * 86_400_000);
    const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString();
    const to = new Date(Date.parse(from) + 86_400_000).toISOString();
    const slot = new Date(Date.parse(from) + 10 * 3_600_000).toISOString();
    const AVAILABILITY = `query($l: ID!, $f: DateTime!, $t: DateTime!) { lab(id: $l) { availability(from: $f, to: $t) { start available } } }`;

    const before = await t.gql(AVAILABILITY, { l: labId, f: from, t: to });
    expect(before.data!.lab.availability.map((s: any) => s.start)).toEqual([9, 10, 11].map((h) => new Date(Date.parse(from) + h * 3_600_000).toISOString()));
    const booked = await t.gql(`mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { id status slotStart lab { title } user { displayName } } }`, { l: labId, s: slot }, { token: student.token });
    expect(booked.data!.bookLab).toMatchObject({ status: 'CONFIRMED', slotStart: slot, lab: { title: 'Journey Lab' }, user: { displayName: 'Lab Student' } });

    expect(codeOf(await t.gql(`mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { id } }`, { l: labId, s: slot }, { token: other.token }))).toBe('CONFLICT');
    expect((await t.gql(AVAILABILITY, { l: labId, f: from, t: to })).data!.lab.availability.find((s: any) => s.start === slot).available).toBe(false);
    expect((await t.gql(`{ myLabBookings { status lab { title } } }`, {}, { token: student.token })).data!.myLabBookings).toEqual([{ status: 'CONFIRMED', lab: { title: 'Journey Lab' } }]);

    const cancelled = await t.gql(`mutation($b: ID!) { cancelLabBooking(id: $b) { status } }`, { b: booked.data!.bookLab.id }, { token: student.token });
    expect(cancelled.data!.cancelLabBooking.status).toBe('CANCELLED');
    const rebooked = await t.gql(`mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { status } }`, { l: labId, s: slot }, { token: other.token });
    expect(rebooked.data!.bookLab.status).toBe('CONFIRMED');

    // The host renames the lab and moves its hours; the bookings stand and the host sees who made them.
    const edited = await t.gql(`mutation($l: ID!) { updateLab(id: $l, input: { title: "Journey Lab II", openHoursUtc: [14, 15] }) { title openHoursUtc } }`, { l: labId }, { token: instructor.token });
    expect(edited.data!.updateLab).toEqual({ title: 'Journey Lab II', openHoursUtc: [14, 15] });
    const seen = await t.gql(`query($l: ID!) { lab(id: $l) { bookings { totalCount edges { node { slotStart status user { id displayName } } } } } }`, { l: labId }, { token: instructor.token });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.lab.bookings.edges.map((e: any) => [e.node.slotStart, e.node.status, e.node.user.displayName])).toEqual([
      [slot, 'CANCELLED', 'Lab Student'], [slot, 'CONFIRMED', other.displayName],
    ]);
    expect(codeOf(await t.gql(`query($l: ID!) { lab(id: $l) { bookings { totalCount } } }`, { l: labId }, { token: student.token }))).toBe('FORBIDDEN');
    expect((await t.gql(`{ myLabBookings { status lab { title } } }`, {}, { token: other.token })).data!.myLabBookings).toEqual([{ status: 'CONFIRMED', lab: { title: 'Journey Lab II' } }]);
  });
});

describe('notifications from commerce and labs', () => {
  it('a paid order notifies its owner of the payment and of the enrolment it granted', async () => {
    const student = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Notified Course', priceCents: 900 });
    await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: course.id }, { token: student.token });
    await t.gql(CHECKOUT, { k: 'journey-key-0004', p: 'tok_ok' }, { token: student.token });
    await expect.poll(async () => (await t.gql(`{ myNotifications { edges { node { kind } } } }`, {}, { token: student.token })).data!.myNotifications.edges.map((e: any) => e.node.kind).sort(), { timeout: 5000 })
      .toEqual(['ENROLLMENT_CONFIRMED', 'ORDER_PAID']);
  });
});
