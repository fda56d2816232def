import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import {
  AVAILABILITY, LAB_FIELDS, actor, book, codeOf, iso, labsEvents, seedLab, slot, snapshot, startLabs, type Actor, type LabsHarness,
} from './harness.ts';

let h: LabsHarness;
let host: Actor;
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const UPDATE = `mutation($id: ID!, $input: UpdateLabInput!) { updateLab(id: $id, input: $input) { ${LAB_FIELDS} } }`;
const update = (who: Actor | undefined, id: string, input: object) => h.gql(UPDATE, { id, input }, { token: who?.token });
const SEARCH = `query($search: String) { labs(first: 100, filter: { search: $search }) { edges { node { id } } } }`;
const found = async (search: string) => ((await h.gql(SEARCH, { search })).data!.labs.edges as any[]).map((e) => e.node.id);

describe('updating a lab', () => {
  it('the host changes the fields given and the others stay as they were', async () => {
    const lab = await seedLab(h, host, { title: 'Old Title', equipment: ['Microscope'], openHoursUtc: [9, 10] });
    const res = await update(host, lab._id, { title: '  New Title ', capacity: 30, location: ' Hall   C ' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateLab).toEqual({
      id: lab._id, title: 'New Title', description: lab.description, location: 'Hall C', capacity: 30, pricePerHourCents: lab.pricePerHourCents,
      equipment: ['Microscope'], openHoursUtc: [9, 10], host: { id: host.id },
    });
  });

  it('an admin changes any lab, and the host stays the host', async () => {
    const lab = await seedLab(h, host);
    const res = await update(actor(h, 'ADMIN'), lab._id, { pricePerHourCents: 0, equipment: ['Lathe', ' lathe ', 'Drill  press'], openHoursUtc: [20, 8] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateLab).toMatchObject({ pricePerHourCents: 0, equipment: ['Lathe', 'Drill press'], openHoursUtc: [8, 20], host: { id: host.id } });
    expect(await h.labs.repository.labs.findOne({ _id: lab._id })).toMatchObject({ equipmentKeys: ['lathe', 'drill press'] });
  });

  it('records LabUpdated with the lab as it now is, the fields changed and who changed them', async () => {
    const lab = await seedLab(h, host);
    const admin = actor(h, 'ADMIN');
    await update(admin, lab._id, { title: 'Renamed by admin', equipment: ['Kiln'] });
    const events = await labsEvents(h, 'LabUpdated', { aggregateId: lab._id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      userId: host.id,
      data: { labId: lab._id, hostId: host.id, title: 'Renamed by admin', equipment: ['Kiln'], capacity: lab.capacity, changed: ['title', 'equipment'], by: admin.id },
    });
    expect(await h.labs.repository.labs.findOne({ _id: lab._id })).toMatchObject({ outbox: [], version: 1 });
  });

  it('search finds the lab by its new title, location and equipment, and no longer by the old ones', async () => {
    const lab = await seedLab(h, host, { title: 'Pottery Corner', location: 'Annex', equipment: ['Wheel'] });
    expect(await found('pottery')).toEqual([lab._id]);
    await update(host, lab._id, { title: 'Glassblowing Studio', location: 'Riverside', equipment: ['Furnace'] });
    for (const term of ['glassbl', 'riverside', 'furnace']) expect(await found(term)).toEqual([lab._id]);
    for (const term of ['pottery', 'annex', 'wheel']) expect(await found(term)).toEqual([]);
  });

  it('racing updates of different fields all land, with search terms that match every new text', async () => {
    const lab = await seedLab(h, host, { title: 'Race Lab' });
    const inputs = [
      { title: 'Racetrack Lab' }, { description: 'Sprockets everywhere.' }, { location: 'Velodrome' }, { capacity: 77 },
      { pricePerHourCents: 999 }, { equipment: ['Dynamometer'] }, { openHoursUtc: [6, 7] },
    ];
    const results = await Promise.all(inputs.map((input) => update(host, lab._id, input)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const res = await h.gql(`query($id: ID!) { lab(id: $id) { ${LAB_FIELDS} } }`, { id: lab._id });
    expect(res.data!.lab).toMatchObject({
      title: 'Racetrack Lab', description: 'Sprockets everywhere.', location: 'Velodrome', capacity: 77, pricePerHourCents: 999,
      equipment: ['Dynamometer'], openHoursUtc: [6, 7],
    });
    for (const term of ['racetrack', 'sprockets', 'velodrome', 'dynamometer']) expect(await found(term)).toEqual([lab._id]);
    expect(await h.labs.repository.labs.findOne({ _id: lab._id })).toMatchObject({ version: inputs.length });
    expect(await labsEvents(h, 'LabUpdated', { aggregateId: lab._id })).toHaveLength(inputs.length);
  });

  it('a lab stored before labs had versions is updated, and gets one', async () => {
    const lab = await seedLab(h, host);
    await h.labs.repository.labs.updateOne({ _id: lab._id }, { $unset: { version: '' } });
    const res = await update(host, lab._id, { capacity: 3 });
    expect(res.data!.updateLab.capacity).toBe(3);
    expect(await h.labs.repository.labs.findOne({ _id: lab._id })).toMatchObject({ version: 1, capacity: 3 });
  });

  it('new open hours change availability, and a booking of an hour no longer open stays CONFIRMED', async () => {
    const lab = await seedLab(h, host, { openHoursUtc: [9, 10, 11] });
    const student = actor(h, 'STUDENT');
    const booking = (await book(h, student, lab._id, slot(2, 10))).data!.bookLab;
    await update(host, lab._id, { openHoursUtc: [14, 15] });
    const slots = (await h.gql(AVAILABILITY, { id: lab._id, from: iso(slot(2, 0)), to: iso(slot(3, 0)) })).data!.lab.availability;
    expect(slots).toEqual([
      { start: iso(slot(2, 14)), end: iso(slot(2, 15)), available: true },
      { start: iso(slot(2, 15)), end: iso(slot(2, 16)), available: true },
    ]);
    expect(await h.labs.repository.bookings.findOne({ _id: booking.id })).toMatchObject({ status: 'CONFIRMED' });
    expect(codeOf(await book(h, student, lab._id, slot(2, 11)))).toBe('BAD_USER_INPUT');
    expect((await book(h, student, lab._id, slot(2, 14))).data!.bookLab.status).toBe('CONFIRMED');
  });

  it('accepts the bounds themselves', async () => {
    const lab = await seedLab(h, host);
    for (const input of [
      { title: 'abc', capacity: 1, pricePerHourCents: 0, description: '' },
      { title: 'x'.repeat(120), capacity: 500, pricePerHourCents: 1_000_000, description: 'd'.repeat(5000), location: 'l'.repeat(200) },
      { equipment: Array.from({ length: 30 }, (_, i) => `${'e'.repeat(58)}${String(i).padStart(2, '0')}`), openHoursUtc: Array.from({ length: 24 }, (_, i) => i) },
      { equipment: [] },
    ]) {
      const res = await update(host, lab._id, input);
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('refused updates change nothing', () => {
  let lab: Awaited<ReturnType<typeof seedLab>>;
  beforeAll(async () => {
    lab = await seedLab(h, host);
  });

  it.each([
    ['a student', () => actor(h, 'STUDENT'), 'FORBIDDEN'],
    ['another instructor', () => actor(h, 'INSTRUCTOR'), 'FORBIDDEN'],
    ['an anonymous caller', () => undefined, 'UNAUTHENTICATED'],
  ])('%s is %s', async (_name, who, code) => {
    const before = await snapshot(h);
    const res = await update(who(), lab._id, { title: 'Taken over' });
    expect(codeOf(res)).toBe(code);
    expect(await snapshot(h)).toEqual(before);
  });

  it('an unknown lab is NOT_FOUND and a malformed id BAD_USER_INPUT', async () => {
    const before = await snapshot(h);
    expect(codeOf(await update(host, newId(), { title: 'Nowhere' }))).toBe('NOT_FOUND');
    expect(codeOf(await update(host, 'lab-1', { title: 'Nowhere' }))).toBe('BAD_USER_INPUT');
    expect(await snapshot(h)).toEqual(before);
  });

  it.each([
    ['no field at all', {}, 'input'],
    ['only null fields', { title: null, capacity: null }, 'input'],
    ['a title of 2 characters', { title: 'ab' }, 'title'],
    ['a title of 121 characters', { title: 'x'.repeat(121) }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a description of 5001 characters', { description: 'x'.repeat(5001) }, 'description'],
    ['an empty location', { location: ' ' }, 'location'],
    ['a location of 201 characters', { location: 'x'.repeat(201) }, 'location'],
    ['a capacity of 0', { capacity: 0 }, 'capacity'],
    ['a capacity of 501', { capacity: 501 }, 'capacity'],
    ['a negative price', { pricePerHourCents: -1 }, 'pricePerHourCents'],
    ['a price above 1000000 cents', { pricePerHourCents: 1_000_001 }, 'pricePerHourCents'],
    ['31 equipment items', { equipment: Array.from({ length: 31 }, (_, i) => `item ${i}`) }, 'equipment'],
    ['an equipment item of 61 characters', { equipment: ['x'.repeat(61)] }, 'equipment'],
    ['an equipment item of punctuation only', { equipment: ['--'] }, 'equipment'],
    ['no open hours', { openHoursUtc: [] }, 'openHoursUtc'],
    ['hour 24', { openHoursUtc: [9, 24] }, 'openHoursUtc'],
    ['a repeated hour', { openHoursUtc: [9, 10, 9] }, 'openHoursUtc'],
    ['a good title with a bad capacity', { title: 'Fine title', capacity: 0 }, 'capacity'],
  ])('%s is BAD_USER_INPUT naming the field', async (_name, input, field) => {
    const before = await snapshot(h);
    const res = await update(host, lab._id, input);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  });

  it('the service refuses an anonymous viewer and a student, for callers that do not come through GraphQL', async () => {
    await expect(h.labs.service.updateLab(null, lab._id, { title: 'Nope' })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(h.labs.service.updateLab(actor(h, 'STUDENT').viewer, lab._id, { title: 'Nope' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
