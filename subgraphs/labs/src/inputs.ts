import { badInput, intInRange, isId, listOf, text, textKey } from '@lg/platform';
import type { CreateLabInput, LabFilter, UpdateLabInput } from './generated/resolvers-types.ts';
import type { LabModel } from './models.ts';

// The inputs' types are generated from schema.graphql; this file holds their checks.
export type { CreateLabInput, LabFilter, UpdateLabInput };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Every bound lives here, so the schema descriptions, the tests and the checks agree.
export const LIMITS = {
  title: { min: 3, max: 120 },
  description: 5_000,
  location: { min: 1, max: 200 },
  capacity: { min: 1, max: 500 },
  pricePerHourCents: 1_000_000,
  equipment: 30,
  equipmentItem: { min: 1, max: 60 },
  search: 100,
  /** The longest availability window. */
  windowMs: 31 * DAY,
  /** How far ahead a slot may be booked: a year, leap years included. */
  bookAheadMs: 366 * DAY,
  /** myLabBookings answers at most this many, the latest slots first. */
  myBookings: 200,
  /** Photos of one lab. */
  photos: 10,
} as const;


export const SLOT_MS = HOUR;
/** Slots from 09:00 to 17:00 UTC. */
export const DEFAULT_OPEN_HOURS = [9, 10, 11, 12, 13, 14, 15, 16];

/** What a lab's create and update inputs become once checked: the lab's own fields, minus who hosts it. */
export type LabFields = Pick<
  LabModel, 'title' | 'description' | 'location' | 'capacity' | 'pricePerHourCents' | 'equipment' | 'equipmentKeys' | 'openHoursUtc'
>;

export const checkId = (id: string, field: string): string => {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
};

/** Trimmed items with inner runs of spaces collapsed; an item with the key of an earlier one is dropped. */
function equipment(values: string[] | null | undefined): { equipment: string[]; equipmentKeys: string[] } {
  const items: string[] = [];
  const keys: string[] = [];
  for (const raw of listOf(values, 'equipment', LIMITS.equipment)) {
    const item = raw.trim().replace(/\s+/g, ' ');
    const { min, max } = LIMITS.equipmentItem;
    if (item.length < min || item.length > max) throw badInput(`Each equipment item must be ${min} to ${max} characters.`, 'equipment');
    const key = textKey(item);
    if (key === '') throw badInput('Each equipment item must contain a letter or a digit.', 'equipment');
    if (keys.includes(key)) continue;
    items.push(item);
    keys.push(key);
  }
  return { equipment: items, equipmentKeys: keys };
}

function openHours(values: number[] | null | undefined): number[] {
  if (values === null || values === undefined) return [...DEFAULT_OPEN_HOURS];
  if (values.length === 0) throw badInput('openHoursUtc must hold at least one hour.', 'openHoursUtc');
  if (values.length > 24) throw badInput('openHoursUtc may hold at most 24 hours.', 'openHoursUtc');
  for (const hour of values) intInRange(hour, 'openHoursUtc', 0, 23);
  if (new Set(values).size !== values.length) throw badInput('openHoursUtc must not repeat an hour.', 'openHoursUtc');
  return [...values].sort((a, b) => a - b);
}

// One checker per field, shared by createLab and updateLab so that both hold the same bounds.
const checkTitle = (value: string) => text(value, 'title', LIMITS.title);
const checkDescription = (value: string) => text(value, 'description', { min: 0, max: LIMITS.description });
const checkLocation = (value: string) => text(value, 'location', LIMITS.location).replace(/\s+/g, ' ');
const checkCapacity = (value: number) => intInRange(value, 'capacity', LIMITS.capacity.min, LIMITS.capacity.max);
const checkPrice = (value: number) => intInRange(value, 'pricePerHourCents', 0, LIMITS.pricePerHourCents);

export function validateCreate(input: CreateLabInput): LabFields {
  return {
    title: checkTitle(input.title),
    description: checkDescription(input.description),
    location: checkLocation(input.location),
    capacity: checkCapacity(input.capacity),
    pricePerHourCents: checkPrice(input.pricePerHourCents),
    ...equipment(input.equipment),
    openHoursUtc: openHours(input.openHoursUtc),
  };
}

/** The fields given (an omitted or null field keeps its value), checked as createLab checks them; at least one must be given. */
export function validateUpdate(input: UpdateLabInput): Partial<LabFields> {
  const set: Partial<LabFields> = {};
  if (input.title != null) set.title = checkTitle(input.title);
  if (input.description != null) set.description = checkDescription(input.description);
  if (input.location != null) set.location = checkLocation(input.location);
  if (input.capacity != null) set.capacity = checkCapacity(input.capacity);
  if (input.pricePerHourCents != null) set.pricePerHourCents = checkPrice(input.pricePerHourCents);
  if (input.equipment != null) Object.assign(set, equipment(input.equipment));
  if (input.openHoursUtc != null) set.openHoursUtc = openHours(input.openHoursUtc);
  if (Object.keys(set).length === 0) throw badInput('Give at least one field to change.', 'input');
  return set;
}

/** A window of Lab.bookings: either bound may be left open, but a closed one must be a valid date and `from` before `to`. */
export function validateOpenWindow(from: Date | null, to: Date | null): { from: Date | null; to: Date | null } {
  if (from && Number.isNaN(from.getTime())) throw badInput('from is not a valid date and time.', 'from');
  if (to && Number.isNaN(to.getTime())) throw badInput('to is not a valid date and time.', 'to');
  if (from && to && from.getTime() >= to.getTime()) throw badInput('from must be before to.', 'to');
  return { from, to };
}

/** The filter's values, bounded; blank values filter nothing. */
export function validateFilter(filter: LabFilter | null | undefined): { search: string | null; equipment: string | null } {
  const f = filter ?? {};
  if (f.search != null && f.search.length > LIMITS.search) throw badInput(`search must be at most ${LIMITS.search} characters.`, 'search');
  if (f.equipment != null && f.equipment.length > LIMITS.equipmentItem.max)
    throw badInput(`equipment must be at most ${LIMITS.equipmentItem.max} characters.`, 'equipment');
  const key = f.equipment != null ? textKey(f.equipment) : '';
  return { search: f.search?.trim() || null, equipment: key === '' ? null : key };
}

/** An availability window: `from` before `to`, at most LIMITS.windowMs apart. */
export function validateWindow(from: Date, to: Date): { from: Date; to: Date } {
  if (Number.isNaN(from.getTime())) throw badInput('from is not a valid date and time.', 'from');
  if (Number.isNaN(to.getTime())) throw badInput('to is not a valid date and time.', 'to');
  if (from.getTime() >= to.getTime()) throw badInput('from must be before to.', 'to');
  if (to.getTime() - from.getTime() > LIMITS.windowMs) throw badInput('The window from from to to may span at most 31 days.', 'to');
  return { from, to };
}

/** A slot to book: on the hour, in the future, at most LIMITS.bookAheadMs ahead (the open hours are the lab's to check). */
export function validateSlotStart(slotStart: Date, now: Date): Date {
  const at = slotStart.getTime();
  if (Number.isNaN(at)) throw badInput('slotStart is not a valid date and time.', 'slotStart');
  if (at % SLOT_MS !== 0) throw badInput('slotStart must be on the hour (minutes, seconds and milliseconds zero).', 'slotStart');
  if (at <= now.getTime()) throw badInput('slotStart must be in the future.', 'slotStart');
  if (at - now.getTime() > LIMITS.bookAheadMs) throw badInput('slotStart may be at most a year ahead.', 'slotStart');
  return new Date(at);
}

/** setLabPhotos' ids: well formed, at most LIMITS.photos, no repeats. */
export function validatePhotoIds(ids: readonly string[]): string[] {
  if (ids.length > LIMITS.photos) throw badInput(`A lab has at most ${LIMITS.photos} photos.`, 'mediaIds');
  ids.forEach((id, i) => checkId(id, `mediaIds[${i}]`));
  if (new Set(ids).size !== ids.length) throw badInput('mediaIds names a photo twice.', 'mediaIds');
  return [...ids];
}
