// UTC calendar days spelled YYYY-MM-DD: the unit every projection is keyed by.

const DAY_MS = 86_400_000;

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export const dayTime = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);

export const addDays = (day: string, n: number): string => dayOf(new Date(dayTime(day) + n * DAY_MS));

/** Every day from `from` to `to`, both included, ascending. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = dayTime(from); t <= dayTime(to); t += DAY_MS) days.push(dayOf(new Date(t)));
  return days;
}

/** The Monday a day's week (Monday to Sunday) starts on. */
export function weekOf(day: string): string {
  const weekday = (new Date(dayTime(day)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The Mondays of every week that overlaps the range, ascending. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let week = weekOf(from); week <= to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

export const ageInDays = (at: Date, now: Date): number => Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
