import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITY, actor, book, cancel, codeOf, iso, seedLab, slot, startLabs, type Actor, type LabsHarness } from './harness.ts';

let h: LabsHarness;
let host: Actor;
let student: Actor;
beforeAll(async () => {
  // The batching proof asks for more labs' availability at once than the gateway would admit;
  // the subgraph's own cost limit is not what it tests.
  h = await startLabs({ MAX_OPERATION_COST: '1000000', COST_BUDGET_PER_MINUTE: '1000000' });
  host = actor(h, 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
});
afterAll(async () => h?.close());

const availability = async (labId: string, from: Date | string, to: Date | string) => {
  const res = await h.gql(AVAILABILITY, { id: labId, from: typeof from === 'string' ? from : iso(from), to: typeof to === 'string' ? to : iso(to) });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.lab.availability as { start: string; end: string; available: boolean }[];
};
const starts = (slots: { start: string }[]) => slots.map((s) => s.start);
const HOUR = 3_600_000;

describe('the slots of a window', () => {
  it('a day of a lab with the default hours has eight one-hour slots from 09:00 to 17:00 UTC, all available', async () => {
    const lab = await seedLab(h, host);
    const slots = await availability(lab._id, slot(2, 0), slot(3, 0));
    expect(slots).toEqual([9, 10, 11, 12, 13, 14, 15, 16].map((hour) => ({ start: iso(slot(2, hour)), end: iso(slot(2, hour + 1)), available: true })));
  });

  it('only slots wholly inside the window count: from 10:30 to 13:00 holds the 11:00 and 12:00 slots', async () => {
    const lab = await seedLab(h, host);
    expect(starts(await availability(lab._id, slot(2, 10, 30), slot(2, 13)))).toEqual([iso(slot(2, 11)), iso(slot(2, 12))]);
    expect(starts(await availability(lab._id, slot(2, 10), slot(2, 12, 59)))).toEqual([iso(slot(2, 10)), iso(slot(2, 11))]);
  });

  it('follows the lab’s own open hours across midnight', async () => {
    const lab = await seedLab(h, host, { openHoursUtc: [23, 0, 1] });
    expect(starts(await availability(lab._id, slot(2, 20), slot(3, 5)))).toEqual([iso(slot(2, 23)), iso(slot(3, 0)), iso(slot(3, 1))]);
  });

  it('a window shorter than a slot, or between open hours, has no slots', async () => {
    const lab = await seedLab(h, host);
    expect(await availability(lab._id, slot(2, 10), slot(2, 10, 59))).toEqual([]);
    expect(await availability(lab._id, slot(2, 18), slot(3, 8))).toEqual([]);
  });

  it('takes a window of exactly 31 days: 248 slots with the default hours', async () => {
    const lab = await seedLab(h, host);
    const slots = await availability(lab._id, slot(1, 0), slot(32, 0));
    expect(slots).toHaveLength(31 * 8);
    expect(slots.every((s) => s.available)).toBe(true);
  });

  it('accepts times given with an offset and answers in UTC', async () => {
    const lab = await seedLab(h, host);
    const day = iso(slot(2, 0)).slice(0, 10);
    expect(starts(await availability(lab._id, `${day}T11:00:00+02:00`, `${day}T13:00:00+02:00`))).toEqual([iso(slot(2, 9)), iso(slot(2, 10))]);
  });
});

describe('what is available', () => {
  it('a booked slot is not available, and is again once the booking is cancelled', async () => {
    const lab = await seedLab(h, host);
    const booking = (await book(h, student, lab._id, slot(3, 10))).data!.bookLab;
    const booked = await availability(lab._id, slot(3, 9), slot(3, 12));
    expect(booked.map((s) => s.available)).toEqual([true, false, true]);
    await cancel(h, student, booking.id);
    expect((await availability(lab._id, slot(3, 9), slot(3, 12))).map((s) => s.available)).toEqual([true, true, true]);
  });

  it('another lab’s booking of the same hour changes nothing', async () => {
    const lab = await seedLab(h, host);
    const other = await seedLab(h, host);
    await book(h, student, other._id, slot(3, 10));
    expect((await availability(lab._id, slot(3, 10), slot(3, 11)))[0]!.available).toBe(true);
  });

  it('slots in the past are not available, the slot under way neither, and the next one is', async () => {
    const lab = await seedLab(h, host, { openHoursUtc: Array.from({ length: 24 }, (_, i) => i) });
    expect((await availability(lab._id, slot(-2, 0), slot(-1, 0))).every((s) => !s.available)).toBe(true);
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    const around = await availability(lab._id, new Date(thisHour - HOUR), new Date(thisHour + 2 * HOUR));
    expect(around).toEqual([
      { start: iso(new Date(thisHour - HOUR)), end: iso(new Date(thisHour)), available: false },
      { start: iso(new Date(thisHour)), end: iso(new Date(thisHour + HOUR)), available: false },
      { start: iso(new Date(thisHour + HOUR)), end: iso(new Date(thisHour + 2 * HOUR)), available: true },
    ]);
  });

  it('a slot becomes unavailable once its hour has come (the clock moved on)', async () => {
    const lab = await seedLab(h, host);
    const window = [slot(2, 9), slot(2, 11)] as const;
    expect((await availability(lab._id, ...window)).map((s) => s.available)).toEqual([true, true]);
    h.clockOffset = slot(2, 10).getTime() - Date.now();
    try {
      expect((await availability(lab._id, ...window)).map((s) => s.available)).toEqual([false, false]);
    } finally {
      h.clockOffset = 0;
    }
  });
});

describe('windows that are refused', () => {
  it.each([
    ['from equal to to', () => [slot(2, 9), slot(2, 9)], 'to'],
    ['from after to', () => [slot(2, 10), slot(2, 9)], 'to'],
    ['a window of 31 days and one millisecond', () => [slot(2, 0), new Date(slot(33, 0).getTime() + 1)], 'to'],
    ['a window of a year', () => [slot(1, 0), slot(366, 0)], 'to'],
  ])('%s is BAD_USER_INPUT naming %s', async (_name, window, field) => {
    const [from, to] = window();
    const res = await h.gql(AVAILABILITY, { id: (await seedLab(h, host))._id, from: iso(from!), to: iso(to!) });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });

  it.each([
    ['a word', 'tomorrow'],
    ['a date without a time', '2030-01-01'],
    ['a time without a zone', '2030-01-01T10:00:00'],
    ['month 13', '2030-13-01T00:00:00Z'],
    ['the 30th of February', '2030-02-30T10:00:00Z'],
    ['the 31st of April', '2030-04-31T10:00:00Z'],
    ['hour 24', '2030-01-01T24:00:00Z'],
    ['minute 60', '2030-01-01T10:60:00Z'],
    ['an empty string', ''],
  ])('%s as a date (%s) is BAD_USER_INPUT', async (_name, value) => {
    const lab = await seedLab(h, host);
    expect(codeOf(await h.gql(AVAILABILITY, { id: lab._id, from: value, to: iso(slot(2, 0)) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(AVAILABILITY, { id: lab._id, from: iso(slot(1, 0)), to: value }))).toBe('BAD_USER_INPUT');
  });

  it('the service checks the window itself, for callers that do not come through GraphQL', async () => {
    const lab = await seedLab(h, host);
    await expect(h.labs.service.availability(lab, 'not a date', slot(2, 0))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    await expect(h.labs.service.availability(lab, slot(2, 0), slot(40, 0))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
  });
});

describe('the cost of availability', () => {
  it('a page of labs asked for the same window costs one query of their bookings', async () => {
    for (let i = 0; i < 5; i += 1) await book(h, student, (await seedLab(h, host, { title: `Batch lab ${i}` }))._id, slot(4, 9 + i));
    const query = `query($from: DateTime!, $to: DateTime!) { labs(first: 30, filter: { search: "batch" }) { edges { node { id availability(from: $from, to: $to) { available } } } } }`;
    let res: any;
    const commands = await h.commandsDuring(async () => void (res = await h.gql(query, { from: iso(slot(4, 0)), to: iso(slot(5, 0)) })));
    expect(res.errors).toBeUndefined();
    expect(res.data.labs.edges).toHaveLength(5);
    expect(res.data.labs.edges.map((e: any) => e.node.availability.filter((s: any) => !s.available).length)).toEqual([1, 1, 1, 1, 1]);
    expect(commands.filter((c) => c.command.find === 'labs_bookings')).toHaveLength(1);
  });
});
