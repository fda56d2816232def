// The week view of a lab's availability: Monday-first local weeks, one row per start time.
import { describe, expect, it } from 'vitest';
import { addWeeks, startOfWeek, weekGrid, type Slot } from '../../web/src/lib/week.ts';

const localIso = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();
const slot = (y: number, m: number, d: number, h: number, available = true): Slot =>
  ({ start: localIso(y, m, d, h), end: localIso(y, m, d, h + 1), available });

describe('the week of a lab', () => {
  it('starts on the Monday of any day of the week, Sunday included', () => {
    expect(startOfWeek(new Date(2026, 10, 22, 23, 30))).toEqual(new Date(2026, 10, 16));
    expect(startOfWeek(new Date(2026, 10, 23, 0, 0))).toEqual(new Date(2026, 10, 23));
    expect(startOfWeek(new Date(2026, 10, 25, 12))).toEqual(new Date(2026, 10, 23));
    expect(addWeeks(new Date(2026, 10, 23), 2)).toEqual(new Date(2026, 11, 7));
  });

  it('puts each slot under its day and in the row of its start time, rows in time order', () => {
    const week = new Date(2026, 10, 23);
    const grid = weekGrid(week, [slot(2026, 11, 23, 14), slot(2026, 11, 23, 9, false), slot(2026, 11, 29, 9), slot(2026, 11, 30, 9)]);
    expect(grid.days.map((d) => d.getDate())).toEqual([23, 24, 25, 26, 27, 28, 29]);
    expect(grid.rows.map((r) => r.time)).toEqual(['09:00', '14:00']);
    expect(grid.rows[0]!.cells.map((c) => c && c.available)).toEqual([false, null, null, null, null, null, true]);
    expect(grid.rows[1]!.cells.map((c) => c && c.available)).toEqual([true, null, null, null, null, null, null]);
  });

  it('has no rows when the lab has no slot that week', () => {
    expect(weekGrid(new Date(2026, 10, 23), []).rows).toEqual([]);
  });
});
