import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_ID, askTwice, later, matrixOf, resultOf } from '../support/matrix.ts';
import { uploadThroughGateway, waitUntilReady } from '../support/media.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every labs field of the API, asked through the running gateway by each of six callers. `host`
// created the matrix's lab (open 09:00 to 17:00 UTC); `booker` holds its 10:00 slot two days
// ahead; `student` has booked nothing. The reads see the set-up only; the bad inputs come next and
// change nothing; the writes come last, each on slots of its own (one hour per caller).

const callers = ['anonymous', 'student', 'booker', 'host', 'otherInstructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const matrix = matrixOf<Caller>({
  actors: callers,
  labels: {
    anonymous: 'an anonymous caller',
    student: 'a student',
    booker: 'the booker',
    host: "the lab's host",
    otherInstructor: 'another instructor',
    admin: 'an ADMIN',
  },
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const midnight = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
})();
/** `days` after today (UTC) at `hour`:`minutes`:`seconds`, as the API writes it. */
const at = (days: number, hour: number, minutes = 0, seconds = 0) => new Date(midnight + days * DAY + hour * HOUR + minutes * 60_000 + seconds * 1_000).toISOString();
/** The hour of each caller's slot in the writes. */
const hourOf: Record<Caller, number> = { anonymous: 9, student: 10, booker: 11, host: 12, otherInstructor: 13, admin: 14 };

const LAB_INPUT = {
  title: 'Labs matrix lab', description: 'A bench for every pair of students.', location: 'Building 4, room 101',
  capacity: 12, pricePerHourCents: 2_500, equipment: ['Oscilloscope', 'Soldering station'],
};
const LAB_FIELDS = 'id title description host { id displayName } location capacity pricePerHourCents equipment openHoursUtc';
const BOOKING_FIELDS = 'id lab { id title host { displayName } } user { id displayName } slotStart slotEnd status createdAt cancelledAt';
const CREATE = `mutation($input: CreateLabInput!) { createLab(input: $input) { id host { id } } }`;
const BOOK = `mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { ${BOOKING_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelLabBooking(id: $id) { ${BOOKING_FIELDS} } }`;
const AVAILABILITY = `query($id: ID!, $from: DateTime!, $to: DateTime!) { lab(id: $id) { availability(from: $from, to: $to) { start end available } } }`;
const MINE = `{ myLabBookings { id slotStart status } }`;

let t: TestStack;
let people: Record<Person, TestUser>;
let labId: string;
let booking: { id: string; createdAt: string };
/** READY LAB_PHOTO assets of the lab: `a` (shown from the set-up) and `b` uploaded by the host, `admin` by the ADMIN; `pending` has no bytes yet. */
const photos = { a: '', b: '', admin: '', pending: '' };
const SET_PHOTOS = `mutation($l: ID!, $m: [ID!]!) { setLabPhotos(labId: $l, mediaIds: $m) { id photos { id } } }`;
const photoIdsOf = async () => (await t.gql(`query($id: ID!) { lab(id: $id) { photos { id } } }`, { id: labId })).data!.lab.photos.map((p: { id: string }) => p.id) as string[];

const as = (a: Caller, query: string, variables: Record<string, unknown> = {}) =>
  askTwice(t.gql, query, variables, a === 'anonymous' ? {} : { token: people[a].token });
async function ok(a: Person, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await as(a, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

beforeAll(async () => {
  t = await startTestStack();
  people = {
    student: await signUp(t, [], 'Labs Student'),
    booker: await signUp(t, [], 'Labs Booker'),
    host: await signUp(t, ['INSTRUCTOR'], 'Labs Host'),
    otherInstructor: await signUp(t, ['INSTRUCTOR'], 'Labs Other Instructor'),
    admin: await signUp(t, ['ADMIN'], 'Labs Admin'),
  };
  labId = (await ok('host', CREATE, { input: LAB_INPUT })).createLab.id;
  booking = (await ok('booker', BOOK, { l: labId, s: at(2, 10) })).bookLab;
  const png = execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const photo = { purpose: 'LAB_PHOTO', labId, fileName: 'bench.png', contentType: 'image/png' };
  photos.a = await uploadThroughGateway(t, people.host.token, photo, png);
  photos.b = await uploadThroughGateway(t, people.host.token, photo, png);
  photos.admin = await uploadThroughGateway(t, people.admin.token, photo, png);
  for (const [who, id] of [['host', photos.a], ['host', photos.b], ['admin', photos.admin]] as const) await waitUntilReady(t, people[who].token, id);
  const pending = await t.gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id } }`, { input: { ...photo, byteSize: png.length } }, { token: people.host.token });
  photos.pending = pending.data!.createUpload.id;
  await ok('host', SET_PHOTOS, { l: labId, m: [photos.a] });
}, 120_000);
afterAll(async () => t?.close());

const each = <T>(value: T) => Object.fromEntries(callers.map((a) => [a, value])) as Record<Caller, T>;
const forSignedIn = (signedIn: unknown) => ({ ...each(signedIn), anonymous: 'UNAUTHENTICATED' });
const everyone = (words: string) => each(words);
const signedInWords = (words: string) => ({ student: words, booker: words, host: words, otherInstructor: words, admin: words });
const slotOf = (days: number, hour: number, available: boolean) => ({ start: at(days, hour), end: at(days, hour + 1), available });

matrix('labs reads through the gateway, for each caller', [
  {
    name: 'labs lists every lab with its host, to anyone',
    run: async (a) => resultOf(await as(a, `{ labs { totalCount edges { node { title host { displayName } } } } }`), (d) => d.labs),
    expect: each({ totalCount: 1, edges: [{ node: { title: 'Labs matrix lab', host: { displayName: 'Labs Host' } } }] }),
    words: everyone('the one lab'),
  },
  {
    name: 'lab(id) shows every field of a lab to anyone, its open hours 09:00 to 16:00 by default',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { lab(id: $id) { ${LAB_FIELDS} } }`, { id: labId }), (d) => d.lab),
    expect: each(later(() => ({
      ...LAB_INPUT, id: labId, host: { id: people.host.id, displayName: 'Labs Host' }, openHoursUtc: [9, 10, 11, 12, 13, 14, 15, 16],
    }))),
    words: everyone('every field of the lab'),
  },
  {
    name: 'Lab.availability shows to anyone which slots are free, without saying who holds the others',
    run: async (a) => resultOf(await as(a, AVAILABILITY, { id: labId, from: at(2, 9), to: at(2, 12) }), (d) => d.lab.availability),
    expect: each([slotOf(2, 9, true), slotOf(2, 10, false), slotOf(2, 11, true)]),
    words: everyone("the booker's 10:00 slot taken, 09:00 and 11:00 free"),
  },
  {
    name: 'Lab.availability of yesterday has only whole slots at open hours, none available since they have started',
    run: async (a) => resultOf(await as(a, AVAILABILITY, { id: labId, from: at(-1, 7, 30), to: at(-1, 11, 30) }), (d) => d.lab.availability),
    expect: each([slotOf(-1, 9, false), slotOf(-1, 10, false)]),
    words: everyone('the 09:00 and 10:00 slots, not available'),
  },
  {
    name: "myLabBookings lists the caller's own bookings only",
    run: async (a) => resultOf(await as(a, `{ myLabBookings { id status } }`), (d) => d.myLabBookings),
    expect: { ...forSignedIn([]), booker: later(() => [{ id: booking.id, status: 'CONFIRMED' }]) },
    words: { booker: 'their booking', student: 'none', host: 'none', otherInstructor: 'none', admin: 'none' },
  },
  {
    name: 'LabBooking fields read through myLabBookings are those of the booker, for the booker only',
    run: async (a) => resultOf(await as(a, `{ myLabBookings { ${BOOKING_FIELDS} } }`), (d) => d.myLabBookings),
    expect: {
      ...forSignedIn([]),
      booker: later(() => [{
        id: booking.id, lab: { id: labId, title: 'Labs matrix lab', host: { displayName: 'Labs Host' } }, user: { id: people.booker.id, displayName: 'Labs Booker' },
        slotStart: at(2, 10), slotEnd: at(2, 11), status: 'CONFIRMED', createdAt: booking.createdAt, cancelledAt: null,
      }]),
    },
    words: { booker: 'every field of their booking', student: 'none', host: 'none', otherInstructor: 'none', admin: 'none' },
  },
  {
    name: "Lab.bookings shows the lab's host and an ADMIN who booked which slot, with the booker's name; anyone else gets an error for that field and the rest of the lab",
    run: async (a) => {
      const res = await as(a, `query($id: ID!) { lab(id: $id) { title bookings { totalCount edges { node { id slotStart status user { id displayName } } } } } }`, { id: labId });
      return [resultOf(res, (d) => d.lab.bookings), res.data?.lab?.title];
    },
    expect: {
      ...each(['FORBIDDEN', 'Labs matrix lab']),
      anonymous: ['UNAUTHENTICATED', 'Labs matrix lab'],
      ...Object.fromEntries((['host', 'admin'] as const).map((a) => [a, later(() => [{
        totalCount: 1, edges: [{ node: { id: booking.id, slotStart: at(2, 10), status: 'CONFIRMED', user: { id: people.booker.id, displayName: 'Labs Booker' } } }],
      }, 'Labs matrix lab'])])),
    } as Record<Caller, unknown>,
    words: {
      anonymous: 'UNAUTHENTICATED for the list, the title still read', student: 'FORBIDDEN for the list, the title still read',
      booker: 'FORBIDDEN for the list, the title still read', otherInstructor: 'FORBIDDEN for the list, the title still read',
      host: "the booker's booking with the booker's name", admin: "the booker's booking with the booker's name",
    },
  },
  {
    name: "Lab.photos shows the lab's READY photos, with their signed URLs, to anyone",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { lab(id: $id) { photos { id kind status url } } }`, { id: labId }), (d) =>
      d.lab.photos.map((p: any) => ({ ...p, url: typeof p.url }))),
    expect: each(later(() => [{ id: photos.a, kind: 'IMAGE', status: 'READY', url: 'string' }])),
    words: everyone('the one photo, with a URL'),
  },
  {
    name: 'lab(id) of an unknown id is null for anyone',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { lab(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.lab),
    expect: each(null),
  },
  {
    name: 'lab(id) of a malformed id is BAD_USER_INPUT for anyone',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { lab(id: $id) { id } }`, { id: 'not-an-id' }), (d) => d.lab),
    expect: each('BAD_USER_INPUT'),
  },
]);

// ------------------------------------------------------------------------------------ bad inputs

/** What a refused call must leave as it was, seen through the gateway: the labs, the booker's bookings, the lab's slots. */
async function state() {
  return {
    labs: (await t.gql(`{ labs(first: 100) { totalCount edges { node { id } } } }`)).data,
    lab: (await t.gql(`query($id: ID!) { lab(id: $id) { ${LAB_FIELDS} } }`, { id: labId })).data,
    bookings: await ok('booker', MINE),
    slots: (await t.gql(AVAILABILITY, { id: labId, from: at(1, 0), to: at(4, 0) })).data,
    photos: await photoIdsOf(),
  };
}

interface BadInput {
  name: string;
  who: Caller;
  query: string;
  variables: () => Record<string, unknown>;
  code: string;
  /** Another bearer token than the caller's. */
  token?: string;
}

const create = (name: string, input: Record<string, unknown>): BadInput =>
  ({ name: `createLab with ${name}`, who: 'host', query: CREATE, variables: () => ({ input: { ...LAB_INPUT, ...input } }), code: 'BAD_USER_INPUT' });
const list = (name: string, variables: Record<string, unknown>): BadInput => ({
  name: `labs ${name}`, who: 'anonymous', code: 'BAD_USER_INPUT', variables: () => variables,
  query: `query($f: Int, $a: String, $filter: LabFilter) { labs(first: $f, after: $a, filter: $filter) { totalCount } }`,
});
const windowOf = (name: string, from: string, to: string): BadInput =>
  ({ name: `Lab.availability ${name}`, who: 'anonymous', query: AVAILABILITY, variables: () => ({ id: labId, from, to }), code: 'BAD_USER_INPUT' });
const book = (name: string, slotStart: string, code = 'BAD_USER_INPUT', lab = () => labId): BadInput =>
  ({ name: `bookLab ${name}`, who: 'booker', query: BOOK, variables: () => ({ l: lab(), s: slotStart }), code });
const UPDATE = `mutation($id: ID!, $input: UpdateLabInput!) { updateLab(id: $id, input: $input) { ${LAB_FIELDS} } }`;
const update = (name: string, input: Record<string, unknown>, code = 'BAD_USER_INPUT', lab = () => labId): BadInput =>
  ({ name: `updateLab ${name}`, who: 'host', query: UPDATE, variables: () => ({ id: lab(), input }), code });
const setPhotos = (name: string, ids: () => string[], code = 'BAD_USER_INPUT', lab = () => labId, who: Caller = 'host'): BadInput =>
  ({ name: `setLabPhotos ${name}`, who, query: SET_PHOTOS, variables: () => ({ l: lab(), m: ids() }), code });
const cancel = (name: string, id: string, code: string): BadInput =>
  ({ name: `cancelLabBooking ${name}`, who: 'booker', query: CANCEL, variables: () => ({ id }), code });

const badInputs: BadInput[] = [
  create('a title of 2 characters', { title: 'ab' }),
  create('a title of spaces only', { title: '      ' }),
  create('a title of 121 characters', { title: 't'.repeat(121) }),
  create('a description of 5001 characters', { description: 'd'.repeat(5_001) }),
  create('an empty location', { location: '' }),
  create('a location of 201 characters', { location: 'l'.repeat(201) }),
  create('a capacity of 0', { capacity: 0 }),
  create('a capacity of -1', { capacity: -1 }),
  create('a capacity of 501', { capacity: 501 }),
  create('a capacity of 3000000000, beyond a GraphQL Int', { capacity: 3_000_000_000 }),
  create('a price of -1 cent', { pricePerHourCents: -1 }),
  create('a price of 1000001 cents', { pricePerHourCents: 1_000_001 }),
  create('31 pieces of equipment', { equipment: Array.from({ length: 31 }, (_, i) => `Tool ${i}`) }),
  create('an empty piece of equipment', { equipment: [''] }),
  create('a piece of equipment of punctuation only', { equipment: ['!!!'] }),
  create('a piece of equipment of 61 characters', { equipment: ['e'.repeat(61)] }),
  create('no open hour', { openHoursUtc: [] }),
  create('the open hour 24', { openHoursUtc: [24] }),
  create('the open hour -1', { openHoursUtc: [-1] }),
  create('an open hour twice', { openHoursUtc: [9, 9] }),
  list('with first: -1', { f: -1 }),
  list('with first: 101', { f: 101 }),
  list('after a cursor that is not one', { a: '!!!not a cursor' }),
  list('with a search of 101 characters', { filter: { search: 's'.repeat(101) } }),
  list('with an equipment filter of 61 characters', { filter: { equipment: 'e'.repeat(61) } }),
  windowOf('over 31 days and an hour', at(2, 0), at(33, 1)),
  windowOf('from a time to the same time', at(2, 9), at(2, 9)),
  windowOf('from a time to an earlier one', at(2, 12), at(2, 9)),
  book('of a slot at half past the hour', at(2, 11, 30)),
  book('of a slot a second past the hour', at(2, 11, 0, 1)),
  book("of yesterday's slot", at(-1, 10)),
  book('of a slot more than a year ahead', at(367, 10)),
  book('of a slot at 03:00, when the lab is closed', at(2, 3)),
  book('of an unknown lab', at(2, 11), 'NOT_FOUND', () => UNKNOWN_ID),
  book('with a malformed lab id', at(2, 11), 'BAD_USER_INPUT', () => 'not-an-id'),
  { ...book('with an unknown bearer token', at(2, 11), 'UNAUTHENTICATED'), token: 'not.a.token' },
  update('with no field', {}),
  update('with a title of 2 characters', { title: 'ab' }),
  update('with a good title and a capacity of 501', { title: 'A fine new title', capacity: 501 }),
  update('with a price of -1 cent', { pricePerHourCents: -1 }),
  update('with 31 pieces of equipment', { equipment: Array.from({ length: 31 }, (_, i) => `Tool ${i}`) }),
  update('with the open hour 24', { openHoursUtc: [9, 24] }),
  update('of an unknown lab', { title: 'Nowhere lab' }, 'NOT_FOUND', () => UNKNOWN_ID),
  update('with a malformed lab id', { title: 'Nowhere lab' }, 'BAD_USER_INPUT', () => 'not-an-id'),
  setPhotos('with 11 photos', () => Array.from({ length: 11 }, () => UNKNOWN_ID)),
  setPhotos('naming a photo twice', () => [photos.b, photos.b]),
  setPhotos('with a malformed media id', () => ['not-an-id']),
  setPhotos('with an id no asset has', () => [UNKNOWN_ID]),
  setPhotos('with a photo whose bytes have not arrived (UPLOADING)', () => [photos.pending]),
  setPhotos("with a photo the ADMIN uploaded (not the host's)", () => [photos.admin], 'FORBIDDEN'),
  setPhotos('of an unknown lab', () => [photos.b], 'NOT_FOUND', () => UNKNOWN_ID),
  setPhotos('with a malformed lab id', () => [photos.b], 'BAD_USER_INPUT', () => 'not-an-id'),
  cancel('of an unknown booking', UNKNOWN_ID, 'NOT_FOUND'),
  cancel('with a malformed id', 'not-an-id', 'BAD_USER_INPUT'),
  book('with a slotStart that is not a date and time ("tomorrow at ten")', 'tomorrow at ten'),
  book('with an impossible date (2026-02-30T10:00:00Z)', '2026-02-30T10:00:00Z'),
  windowOf('from a date that is not one ("yesterday")', 'yesterday', at(2, 0)),
];

describe('labs bad inputs through the gateway: each answered with its code, and labs, bookings and slots stay as they were', () => {
  for (const row of badInputs) {
    it(`${row.name}: ${row.code}`, async () => {
      const before = await state();
      const token = row.token ?? (row.who === 'anonymous' ? undefined : people[row.who].token);
      const res = await t.gql(row.query, row.variables(), token ? { token } : {});
      expect(resultOf(res, (d) => d)).toBe(row.code);
      if (row.code === 'UNAUTHENTICATED') expect(res.status).toBe(401);
      expect(await state()).toEqual(before);
    });
  }
});

// ---------------------------------------------------------------------------------------- writes

/** The lab's labs count as anyone sees it. */
const labCount = async () => (await t.gql(`{ labs { totalCount } }`)).data!.labs.totalCount as number;
/** Whether the one-hour slot at `start` is free, as anyone sees it. */
const isFree = async (start: string) =>
  (await t.gql(AVAILABILITY, { id: labId, from: start, to: new Date(Date.parse(start) + HOUR).toISOString() })).data!.lab.availability[0].available as boolean;
/** The status of one of the booker's bookings, as the booker sees it. */
const statusOf = async (id: string) => (await ok('booker', MINE)).myLabBookings.find((b: any) => b.id === id)?.status as string | undefined;

matrix('labs writes through the gateway, for each caller', [
  {
    name: 'createLab is for an INSTRUCTOR or ADMIN, who becomes its host, and a refused call stores nothing',
    run: async (a) => {
      const outcome = resultOf(await as(a, CREATE, { input: { ...LAB_INPUT, title: `Lab created by ${a}` } }), (d) => ({ hostIsCaller: d.createLab.host.id === people[a as Person].id }));
      return [outcome, await labCount()];
    },
    // Asked in order: each lab created adds one to the count.
    expect: {
      anonymous: ['UNAUTHENTICATED', 1], student: ['FORBIDDEN', 1], booker: ['FORBIDDEN', 1],
      host: [{ hostIsCaller: true }, 2], otherInstructor: [{ hostIsCaller: true }, 3], admin: [{ hostIsCaller: true }, 4],
    },
    words: {
      anonymous: 'UNAUTHENTICATED, no lab stored', student: 'FORBIDDEN, no lab stored', booker: 'FORBIDDEN, no lab stored',
      host: 'a lab of their own is stored', otherInstructor: 'a lab of their own is stored', admin: 'a lab of their own is stored',
    },
  },
  {
    name: 'bookLab of a free slot books it for any signed-in caller, the same booking the second time, and a refused call leaves it free',
    run: async (a) => {
      const start = at(3, hourOf[a]);
      const res = await as(a, BOOK, { l: labId, s: start });
      if (res.errors) return [resultOf(res, () => null), await isFree(start)];
      const first = res.data!.bookLab;
      const again = (await ok(a as Person, BOOK, { l: labId, s: start })).bookLab;
      return {
        status: first.status, mine: first.user.id === people[a as Person].id, lab: first.lab.title, slot: [first.slotStart, first.slotEnd],
        sameTwice: again.id === first.id, free: await isFree(start),
      };
    },
    expect: {
      ...Object.fromEntries(callers.map((a) => [a, { status: 'CONFIRMED', mine: true, lab: 'Labs matrix lab', slot: [at(3, hourOf[a]), at(3, hourOf[a] + 1)], sameTwice: true, free: false }])),
      anonymous: ['UNAUTHENTICATED', true],
    } as Record<Caller, unknown>,
    words: { anonymous: 'UNAUTHENTICATED, and the slot stays free', ...signedInWords('a CONFIRMED booking of their own, the same one twice, and the slot taken') },
  },
  {
    name: "bookLab of the booker's slot gives the booker their booking back and is CONFLICT for anyone else, and the booker keeps it",
    run: async (a) => {
      const outcome = resultOf(await as(a, BOOK, { l: labId, s: at(2, 10) }), (d) => (d.bookLab.id === booking.id ? 'their booking' : d.bookLab.id));
      return [outcome, await statusOf(booking.id)];
    },
    expect: { ...each(['CONFLICT', 'CONFIRMED']), anonymous: ['UNAUTHENTICATED', 'CONFIRMED'], booker: ['their booking', 'CONFIRMED'] },
    words: {
      anonymous: 'UNAUTHENTICATED, the booker keeps it', booker: 'their booking back', student: 'CONFLICT, the booker keeps it',
      host: 'CONFLICT, the booker keeps it', otherInstructor: 'CONFLICT, the booker keeps it', admin: 'CONFLICT, the booker keeps it',
    },
  },
  {
    name: "cancelLabBooking of the booker's booking is for the booker, the lab's host and an ADMIN: it frees the slot, and a second call changes nothing",
    // The booker books a slot of its own for each caller, who then cancels it.
    run: async (a) => {
      const start = at(4, hourOf[a]);
      const mine = (await ok('booker', BOOK, { l: labId, s: start })).bookLab;
      const res = await as(a, CANCEL, { id: mine.id });
      if (res.errors) return [resultOf(res, () => null), await statusOf(mine.id), await isFree(start)];
      const cancelled = res.data!.cancelLabBooking;
      const again = (await ok(a as Person, CANCEL, { id: mine.id })).cancelLabBooking;
      return {
        same: cancelled.id === mine.id, status: cancelled.status, user: cancelled.user.displayName, slot: [cancelled.slotStart, cancelled.slotEnd],
        createdAt: cancelled.createdAt === mine.createdAt, cancelledAt: typeof cancelled.cancelledAt, unchangedTwice: JSON.stringify(again) === JSON.stringify(cancelled),
        free: await isFree(start),
      };
    },
    expect: {
      ...Object.fromEntries(callers.map((a) => [a, {
        same: true, status: 'CANCELLED', user: 'Labs Booker', slot: [at(4, hourOf[a]), at(4, hourOf[a] + 1)], createdAt: true, cancelledAt: 'string', unchangedTwice: true, free: true,
      }])),
      anonymous: ['UNAUTHENTICATED', 'CONFIRMED', false], student: ['FORBIDDEN', 'CONFIRMED', false], otherInstructor: ['FORBIDDEN', 'CONFIRMED', false],
    } as Record<Caller, unknown>,
    words: {
      anonymous: 'UNAUTHENTICATED, the booking stays CONFIRMED and the slot taken',
      student: 'FORBIDDEN, the booking stays CONFIRMED and the slot taken', otherInstructor: 'FORBIDDEN, the booking stays CONFIRMED and the slot taken',
      booker: 'the CANCELLED booking, the same twice, and the slot free', host: 'the CANCELLED booking, the same twice, and the slot free',
      admin: 'the CANCELLED booking, the same twice, and the slot free',
    },
  },
  {
    name: "cancelLabBooking of the caller's own booking is for any signed-in caller",
    // Each cancels the booking the second row made; the anonymous caller tries the booker's.
    run: async (a) => {
      const start = at(3, hourOf[a === 'anonymous' ? 'booker' : a]);
      const id = (await ok(a === 'anonymous' ? 'booker' : a, MINE)).myLabBookings.find((b: any) => b.slotStart === start).id;
      const outcome = resultOf(await as(a, CANCEL, { id }), (d) => d.cancelLabBooking.status);
      return [outcome, await isFree(start)];
    },
    expect: { ...each(['CANCELLED', true]), anonymous: ['UNAUTHENTICATED', false] },
    words: { anonymous: "UNAUTHENTICATED, and the booker's slot stays taken", ...signedInWords('CANCELLED, and the slot is free') },
  },
  {
    name: "updateLab is for the lab's host and an ADMIN, and a refused call changes nothing",
    // Asked in order: each caller tries to set the capacity to a number of its own.
    run: async (a) => {
      const capacity = 20 + hourOf[a];
      const outcome = resultOf(await as(a, UPDATE, { id: labId, input: { capacity } }), (d) => d.updateLab.capacity === capacity && d.updateLab.host.id === people.host.id);
      return [outcome, (await t.gql(`query($id: ID!) { lab(id: $id) { capacity } }`, { id: labId })).data!.lab.capacity];
    },
    expect: {
      anonymous: ['UNAUTHENTICATED', 12], student: ['FORBIDDEN', 12], booker: ['FORBIDDEN', 12], host: [true, 32], otherInstructor: ['FORBIDDEN', 32], admin: [true, 34],
    },
    words: {
      anonymous: 'UNAUTHENTICATED, the capacity unchanged', student: 'FORBIDDEN, the capacity unchanged', booker: 'FORBIDDEN, the capacity unchanged',
      otherInstructor: 'FORBIDDEN, the capacity unchanged', host: 'the new capacity, the host unchanged', admin: 'the new capacity, the host unchanged',
    },
  },
  {
    name: "setLabPhotos is for the lab's host and an ADMIN, each with photos they uploaded, and a refused call changes nothing",
    // Asked in order: the host puts b before a, the ADMIN then sets their own; the others try b alone.
    run: async (a) => {
      const want = a === 'host' ? [photos.b, photos.a] : a === 'admin' ? [photos.admin] : [photos.b];
      const outcome = resultOf(await as(a, SET_PHOTOS, { l: labId, m: want }), (d) => d.setLabPhotos.photos.map((p: { id: string }) => p.id));
      return [outcome, await photoIdsOf()];
    },
    expect: {
      anonymous: later(() => ['UNAUTHENTICATED', [photos.a]]), student: later(() => ['FORBIDDEN', [photos.a]]), booker: later(() => ['FORBIDDEN', [photos.a]]),
      host: later(() => [[photos.b, photos.a], [photos.b, photos.a]]), otherInstructor: later(() => ['FORBIDDEN', [photos.b, photos.a]]),
      admin: later(() => [[photos.admin], [photos.admin]]),
    },
    words: {
      anonymous: 'UNAUTHENTICATED, the photos unchanged', student: 'FORBIDDEN, the photos unchanged', booker: 'FORBIDDEN, the photos unchanged',
      otherInstructor: 'FORBIDDEN, the photos unchanged', host: 'the two photos in the new order', admin: 'their own photo instead',
    },
  },
  {
    name: "myLabBookings after the writes lists each caller's own bookings only, the latest slot first",
    run: async (a) => resultOf(await as(a, MINE), (d) => d.myLabBookings.map((b: any) => [b.slotStart, b.status])),
    expect: {
      ...Object.fromEntries(callers.map((a) => [a, [[at(3, hourOf[a]), 'CANCELLED']]])),
      anonymous: 'UNAUTHENTICATED',
      booker: [
        [at(4, 14), 'CANCELLED'], [at(4, 13), 'CONFIRMED'], [at(4, 12), 'CANCELLED'], [at(4, 11), 'CANCELLED'], [at(4, 10), 'CONFIRMED'], [at(4, 9), 'CONFIRMED'],
        [at(3, 11), 'CANCELLED'], [at(2, 10), 'CONFIRMED'],
      ],
    } as Record<Caller, unknown>,
    words: {
      ...signedInWords('their one cancelled booking'),
      booker: 'their eight bookings, those cancelled by themself, the host and an ADMIN CANCELLED, the others CONFIRMED',
    },
  },
]);
