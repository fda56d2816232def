import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { CREATE, LAB_FIELDS, actor, codeOf, labInput, labsEvents, snapshot, startLabs, type Actor, type LabsHarness } from './harness.ts';

let h: LabsHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startLabs();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const create = (input: object, who: Actor = instructor) => h.gql(CREATE, { input }, { token: who.token });
const LAB = `query($id: ID!) { lab(id: $id) { ${LAB_FIELDS} } }`;

describe('creating a lab', () => {
  it('an instructor creates a lab and becomes its host, open 09:00 to 17:00 UTC with no equipment by default', async () => {
    const res = await create({ title: 'Wet Lab', description: 'Fume hoods and sinks.', location: 'Building C', capacity: 8, pricePerHourCents: 4000 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createLab).toEqual({
      id: expect.any(String), title: 'Wet Lab', description: 'Fume hoods and sinks.', location: 'Building C', capacity: 8,
      pricePerHourCents: 4000, equipment: [], openHoursUtc: [9, 10, 11, 12, 13, 14, 15, 16], host: { id: instructor.id },
    });
  });

  it('an admin creates a lab too and becomes its host', async () => {
    const admin = actor(h, 'ADMIN');
    const res = await create(labInput(), admin);
    expect(res.data!.createLab.host).toEqual({ id: admin.id });
  });

  it('trims the texts, collapses spaces in the location, drops repeated equipment in any letter case and sorts the open hours', async () => {
    const res = await create(labInput({
      title: '  Maker Space ', location: ' Hall   B,  level 2 ', equipment: [' 3D printer ', '3d Printer', 'Laser  cutter', 'Oscilloscope'],
      openHoursUtc: [14, 8, 22, 0],
    }));
    expect(res.data!.createLab).toMatchObject({
      title: 'Maker Space', location: 'Hall B, level 2', equipment: ['3D printer', 'Laser cutter', 'Oscilloscope'], openHoursUtc: [0, 8, 14, 22],
    });
  });

  it('accepts the bounds themselves: 3 and 120 character titles, capacity 1 and 500, a free lab and the top price, 30 items, every hour', async () => {
    for (const input of [
      labInput({ title: 'abc', capacity: 1, pricePerHourCents: 0, description: '' }),
      labInput({ title: 'x'.repeat(120), capacity: 500, pricePerHourCents: 1_000_000, description: 'd'.repeat(5000), location: 'l'.repeat(200) }),
      labInput({ equipment: Array.from({ length: 30 }, (_, i) => `${'e'.repeat(58)}${String(i).padStart(2, '0')}`), openHoursUtc: Array.from({ length: 24 }, (_, i) => i) }),
    ]) {
      const res = await create(input);
      expect(res.errors).toBeUndefined();
    }
  });

  it('stores normalised equipment keys and search terms, and records LabCreated with the host as its user', async () => {
    const lab = (await create(labInput({ title: 'Optics Bench', equipment: ['Laser (class 2)', 'Lenses'], openHoursUtc: [10, 11] }))).data!.createLab;
    const stored = await h.labs.repository.labs.findOne({ _id: lab.id });
    expect(stored).toMatchObject({ equipmentKeys: ['laser class 2', 'lenses'], outbox: [] });
    expect(stored!.searchTerms).toEqual(expect.arrayContaining(['optics', 'op', 'opt', 'bench', 'laser', 'lenses', 'building', 'room', 'benches']));
    const [event] = await labsEvents(h, 'LabCreated', { aggregateId: lab.id });
    expect(event).toMatchObject({
      userId: instructor.id,
      data: {
        labId: lab.id, hostId: instructor.id, title: 'Optics Bench', location: 'Building A, room 1', capacity: 12, pricePerHourCents: 2500,
        equipment: ['Laser (class 2)', 'Lenses'], openHoursUtc: [10, 11],
      },
    });
  });

  it.each([
    ['a title of 2 characters', { title: 'ab' }, 'title'],
    ['a title of 121 characters', { title: 'x'.repeat(121) }, 'title'],
    ['a blank title', { title: '     ' }, 'title'],
    ['a description of 5001 characters', { description: 'x'.repeat(5001) }, 'description'],
    ['an empty location', { location: '  ' }, 'location'],
    ['a location of 201 characters', { location: 'x'.repeat(201) }, 'location'],
    ['a capacity of 0', { capacity: 0 }, 'capacity'],
    ['a negative capacity', { capacity: -5 }, 'capacity'],
    ['a capacity of 501', { capacity: 501 }, 'capacity'],
    ['a capacity of a million', { capacity: 1_000_000 }, 'capacity'],
    ['a negative price', { pricePerHourCents: -1 }, 'pricePerHourCents'],
    ['a price above 1000000 cents', { pricePerHourCents: 1_000_001 }, 'pricePerHourCents'],
    ['the largest Int as a price', { pricePerHourCents: 2_147_483_647 }, 'pricePerHourCents'],
    ['31 equipment items', { equipment: Array.from({ length: 31 }, (_, i) => `item ${i}`) }, 'equipment'],
    ['an equipment item of 61 characters', { equipment: ['x'.repeat(61)] }, 'equipment'],
    ['a blank equipment item', { equipment: ['Microscope', '   '] }, 'equipment'],
    ['an equipment item of punctuation only', { equipment: ['--'] }, 'equipment'],
    ['no open hours', { openHoursUtc: [] }, 'openHoursUtc'],
    ['hour 24', { openHoursUtc: [9, 24] }, 'openHoursUtc'],
    ['a negative hour', { openHoursUtc: [-1] }, 'openHoursUtc'],
    ['a repeated hour', { openHoursUtc: [9, 10, 9] }, 'openHoursUtc'],
    ['25 hours', { openHoursUtc: [...Array.from({ length: 24 }, (_, i) => i), 5] }, 'openHoursUtc'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, overrides, field) => {
    const before = await snapshot(h);
    const res = await create(labInput(overrides));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(res.data).toBeNull();
    expect(await snapshot(h)).toEqual(before);
  });

  it.each([
    ['a capacity beyond a 32-bit Int', { capacity: 2 ** 40 }],
    ['a fractional price', { pricePerHourCents: 10.5 }],
    ['a text as capacity', { capacity: 'ten' }],
    ['an hour given as text', { openHoursUtc: ['nine'] }],
    ['a missing title', { title: undefined }],
  ])('%s is rejected as BAD_USER_INPUT before anything runs', async (_name, overrides) => {
    const before = await snapshot(h);
    const res = await create({ ...labInput(), ...overrides });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(await snapshot(h)).toEqual(before);
  });

  it('the service refuses a student and an anonymous viewer, for callers that do not come through GraphQL', async () => {
    await expect(h.labs.service.createLab(actor(h, 'STUDENT').viewer, labInput())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(h.labs.service.createLab(null, labInput())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('finding one lab', () => {
  it('answers a lab by its id', async () => {
    const lab = (await create(labInput({ title: 'Findable Lab', equipment: ['Soldering iron'] }))).data!.createLab;
    const res = await h.gql(LAB, { id: lab.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.lab).toEqual(lab);
  });

  it('answers null for an unknown id', async () => {
    const res = await h.gql(LAB, { id: newId() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.lab).toBeNull();
  });

  it('a malformed id is BAD_USER_INPUT naming the id', async () => {
    const res = await h.gql(LAB, { id: 'lab-1' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('id');
  });
});
