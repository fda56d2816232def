// A lab's one-hour slots laid out as a week: seven local days across, one row per local start time.
// Weeks start on Monday and are computed in local time, so a day column is the user's day.

export interface Slot { start: string; end: string; available: boolean }
export interface WeekRow { time: string; cells: (Slot | null)[] }
export interface WeekGrid { days: Date[]; rows: WeekRow[] }

/** Local midnight of the Monday of `date`'s week. */
export function startOfWeek(date: Date): Date {
  const monday = new Date(date);
  monday.setHours(0, 0, 0, 0);
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return monday;
}

/** `weeks` weeks later, by calendar days (a week with a clock change is not 168 hours). */
export function addWeeks(weekStart: Date, weeks: number): Date {
  const later = new Date(weekStart);
  later.setDate(later.getDate() + 7 * weeks);
  return later;
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
const pad = (n: number) => String(n).padStart(2, '0');

export function weekGrid(weekStart: Date, slots: readonly Slot[]): WeekGrid {
  const days = Array.from({ length: 7 }, (_, i) => {
    const day = new Date(weekStart);
    day.setDate(day.getDate() + i);
    return day;
  });
  const rows = new Map<string, (Slot | null)[]>();
  for (const slot of slots) {
    const start = new Date(slot.start);
    const column = days.findIndex((d) => sameDay(d, start));
    if (column < 0) continue;
    const time = `${pad(start.getHours())}:${pad(start.getMinutes())}`;
    const cells = rows.get(time) ?? Array.from({ length: 7 }, () => null);
    cells[column] = slot;
    rows.set(time, cells);
  }
  return { days, rows: [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([time, cells]) => ({ time, cells })) };
}
