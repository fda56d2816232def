import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, weekOf, weeksBetween } from '../src/days.ts';
import { checkRange } from '../src/inputs.ts';
import { masteryOf, median, shares, streaksOf } from '../src/metrics.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
};

describe('days', () => {
  it('are UTC calendar days; weeks start on Monday', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(weekOf('2026-11-29')).toBe('2026-11-23'); // a Sunday
    expect(weekOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weeksBetween('2026-11-25', '2026-12-07')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });

  it('a range is at most 366 days, in order, of real days', () => {
    expect(checkRange('2024-01-01', '2024-12-31')).toHaveLength(366);
    expect(codeOf(() => checkRange('2024-01-01', '2025-01-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(codeOf(() => checkRange('2024-01-02', '2024-01-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(codeOf(() => checkRange('2024-02-30', '2024-03-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe('streaks', () => {
  it('the current one ends today, or yesterday while today has no activity yet; the longest is the longest run', () => {
    const days = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-05', '2026-01-06'];
    expect(streaksOf(days, '2026-01-06')).toEqual({ current: 2, longest: 3 });
    expect(streaksOf(days, '2026-01-07')).toEqual({ current: 2, longest: 3 });
    expect(streaksOf(days, '2026-01-08')).toEqual({ current: 0, longest: 3 });
    expect(streaksOf([], '2026-01-08')).toEqual({ current: 0, longest: 0 });
  });
});

describe('mastery', () => {
  const now = new Date('2026-03-31T00:00:00Z');
  it('weighs a result 30 days old half as much as one of today', () => {
    const [skill] = masteryOf([{ skill: 'sql', results: [{ at: new Date('2026-03-01T00:00:00Z'), percent: 0 }, { at: now, percent: 90 }] }], now);
    // (0.5 × 0 + 1 × 90) / 1.5 = 60
    expect(skill).toEqual({ skill: 'sql', mastery: 0.6, attempts: 2, lastPracticedAt: now });
  });

  it('lists the weakest first', () => {
    const result = (percent: number) => ({ at: now, percent });
    expect(masteryOf([{ skill: 'b', results: [result(80)] }, { skill: 'a', results: [result(40)] }], now).map((s) => s.skill)).toEqual(['a', 'b']);
  });
});

describe('revenue shares', () => {
  it('split an order by its courses\' prices, to the cent', () => {
    expect(shares(1_000, [1_000, 3_000])).toEqual([250, 750]);
    expect(shares(1_001, [1, 1, 1])).toEqual([335, 333, 333]);
    expect(shares(500, [0, 0])).toEqual([250, 250]);
  });

  it('median of an even and an odd count', () => {
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
