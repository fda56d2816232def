import { badInput, isId } from '@lg/platform';
import { daysBetween, dayOf, dayTime } from './days.ts';

export const LIMITS = {
  /** How long a read waits for the projections to catch up before answering what they hold. */
  catchUpWaitMs: 5_000,
  /** The longest range a metrics query may ask for, in days. */
  rangeDays: 366,
  /** The dashboard's window, in days up to today. */
  dashboardDays: 30,
  /** Results kept per user and skill: mastery weighs the latest. */
  resultsPerSkill: 50,
  /** Skills a heatmap shows (the schema's @listSize). */
  heatmapSkills: 50,
  weakestSkills: 3,
  nextLessons: 5,
  /** Lessons and exercises of a course analytics lists (the schema's @listSize). */
  funnelLessons: 200,
  exercises: 100,
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(value: string, field: string): string {
  if (!DAY.test(value) || Number.isNaN(dayTime(value)) || dayOf(new Date(dayTime(value))) !== value)
    throw badInput(`${field} must be a day spelled YYYY-MM-DD.`, field);
  return value;
}

/** A range of days, both ends included: `from` not after `to`, at most LIMITS.rangeDays long. */
export function checkRange(from: string, to: string): string[] {
  checkDay(from, 'from');
  checkDay(to, 'to');
  if (from > to) throw badInput('from must not be after to.', 'from');
  const days = daysBetween(from, to);
  if (days.length > LIMITS.rangeDays) throw badInput(`A range spans at most ${LIMITS.rangeDays} days.`, 'to');
  return days;
}

export function checkId(id: string, field: string): string {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
}
