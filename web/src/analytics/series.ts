// Pure helpers of the analytics screens: ranges of UTC days, the text summaries that stand beside
// every chart (a screen reader hears the numbers a sighted user reads off the chart), and the
// colour steps of the skill heatmap.

const DAY_MS = 86_400_000;

/** The UTC day of `date`, YYYY-MM-DD (the API's days are UTC calendar days). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The last `days` days up to today (both ends included), as the API's `from` and `to`. */
export function lastDays(days: number, today: Date = new Date()): DayRange {
  const to = isoDay(today);
  return { from: addDays(to, -(days - 1)), to };
}

export interface DayRange { from: string; to: string }

export const MAX_RANGE_DAYS = 366;

/** Why a range cannot be asked, or null. */
export function rangeProblem({ from, to }: DayRange): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return 'Pick both dates.';
  if (from > to) return 'The start is after the end.';
  if (addDays(from, MAX_RANGE_DAYS - 1) < to) return `A range spans at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/** "Nov 3" for an axis tick: short enough for a 375 px screen. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "1 h 5 min", "12 min", "40 s": a duration as a learner reads it. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export function formatPercent(value: number): string {
  return `${Math.round(value)}%`;
}

export function formatCents(cents: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}

/** The sum, the best point and how many points are not zero, of one numeric field of a series. */
export function seriesStats<T>(points: readonly T[], value: (p: T) => number): { total: number; best: T | undefined; nonZero: number } {
  let total = 0;
  let best: T | undefined;
  let nonZero = 0;
  for (const point of points) {
    const v = value(point);
    total += v;
    if (v !== 0) nonZero += 1;
    if (v > 0 && (best === undefined || v > value(best))) best = point;
  }
  return { total, best, nonZero };
}

/**
 * One sentence over a daily series: "42 in total over 30 days, on 5 of them; most on Nov 3 (12)."
 * `format` writes a value, `noun` what is counted.
 */
export function daySeriesSummary<T extends { day: string }>(points: readonly T[], value: (p: T) => number, format: (v: number) => string = String): string {
  if (points.length === 0) return 'No days in this range.';
  const { total, best, nonZero } = seriesStats(points, value);
  const span = `${points.length} day${points.length === 1 ? '' : 's'} (${shortDay(points[0]!.day)} to ${shortDay(points.at(-1)!.day)})`;
  if (nonZero === 0) return `None over ${span}.`;
  return `${format(total)} in total over ${span}, on ${nonZero} of them; most on ${shortDay(best!.day)} (${format(value(best!))}).`;
}

/** The heatmap's colour steps, weakest to strongest; `masteryStep` picks one for a mastery of 0..1. */
export const MASTERY_STEPS = [
  { label: 'Below 20%', min: 0 },
  { label: '20–40%', min: 0.2 },
  { label: '40–60%', min: 0.4 },
  { label: '60–80%', min: 0.6 },
  { label: '80% and above', min: 0.8 },
] as const;

export function masteryStep(mastery: number): number {
  let step = 0;
  MASTERY_STEPS.forEach((s, i) => { if (mastery >= s.min) step = i; });
  return step;
}
