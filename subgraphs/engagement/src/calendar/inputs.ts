import { badInput, intInRange, text } from '@lg/platform';
import type { RsvpResponse, ScheduleEventInput } from '../generated/resolvers-types.ts';
import { optionalId } from '../groups/inputs.ts';

export const CALENDAR_LIMITS = {
  title: { min: 1, max: 120 },
  description: 4_000,
  duration: { min: 5, max: 1_440 },
  capacity: { min: 1, max: 1_000 },
  url: 500,
  place: { min: 1, max: 200 },
  /** How far ahead an event may be scheduled. */
  aheadMs: 366 * 24 * 3_600_000,
} as const;

const RESPONSES: readonly RsvpResponse[] = ['GOING', 'MAYBE', 'NO'];

function onlineUrl(value: string): string {
  const url = text(value, 'onlineUrl', { max: CALENDAR_LIMITS.url });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('onlineUrl must be an http or https link.', 'onlineUrl');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badInput('onlineUrl must be an http or https link.', 'onlineUrl');
  return parsed.toString();
}

export function eventFields(input: ScheduleEventInput, now = Date.now()) {
  const courseId = optionalId(input.courseId, 'courseId');
  const groupId = optionalId(input.groupId, 'groupId');
  if ((courseId === null) === (groupId === null)) throw badInput('Give exactly one of courseId and groupId.', courseId ? 'groupId' : 'courseId');
  const hasUrl = input.onlineUrl !== null && input.onlineUrl !== undefined;
  const hasPlace = input.place !== null && input.place !== undefined;
  if (hasUrl === hasPlace) throw badInput('Give exactly one of onlineUrl and place.', 'onlineUrl');
  const startsAt = input.startsAt instanceof Date ? input.startsAt : new Date(input.startsAt as unknown as string);
  if (Number.isNaN(startsAt.getTime())) throw badInput('startsAt is not a valid date and time.', 'startsAt');
  if (startsAt.getTime() <= now) throw badInput('startsAt must be in the future.', 'startsAt');
  if (startsAt.getTime() > now + CALENDAR_LIMITS.aheadMs) throw badInput('startsAt must be at most a year ahead.', 'startsAt');
  const durationMinutes = intInRange(input.durationMinutes, 'durationMinutes', CALENDAR_LIMITS.duration.min, CALENDAR_LIMITS.duration.max);
  return {
    courseId, groupId,
    title: text(input.title, 'title', CALENDAR_LIMITS.title),
    description: text(input.description ?? '', 'description', { min: 0, max: CALENDAR_LIMITS.description }),
    startsAt, durationMinutes, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000),
    onlineUrl: hasUrl ? onlineUrl(input.onlineUrl!) : null,
    place: hasPlace ? text(input.place!, 'place', CALENDAR_LIMITS.place) : null,
    capacity: intInRange(input.capacity, 'capacity', CALENDAR_LIMITS.capacity.min, CALENDAR_LIMITS.capacity.max),
  };
}

export function rsvpResponse(value: RsvpResponse): RsvpResponse {
  if (!RESPONSES.includes(value)) throw badInput('response must be GOING, MAYBE or NO.', 'response');
  return value;
}
