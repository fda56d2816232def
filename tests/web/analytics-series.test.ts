// The analytics screens' pure helpers: UTC day ranges, the range picker's refusals, durations,
// the text summary beside each daily chart, and the heatmap's colour steps.
import { describe, expect, it } from 'vitest';
import { addDays, daySeriesSummary, formatDuration, lastDays, masteryStep, rangeProblem, seriesStats } from '../../web/src/analytics/series.ts';

describe('days and ranges', () => {
  it('counts UTC days across months and leap days, both ends included', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(lastDays(30, new Date('2026-11-27T23:59:00Z'))).toEqual({ from: '2026-10-29', to: '2026-11-27' });
    expect(lastDays(1, new Date('2026-01-01T00:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('refuses what the API would refuse: a missing date, a reversed range, more than 366 days', () => {
    expect(rangeProblem({ from: '', to: '2026-11-27' })).toBe('Pick both dates.');
    expect(rangeProblem({ from: '2026-11-28', to: '2026-11-27' })).toBe('The start is after the end.');
    expect(rangeProblem({ from: '2025-01-01', to: '2026-01-02' })).toBe('A range spans at most 366 days.');
    expect(rangeProblem({ from: '2025-01-01', to: '2026-01-01' })).toBeNull();
    expect(rangeProblem({ from: '2024-01-01', to: '2024-12-31' })).toBeNull();
    expect(rangeProblem({ from: '2026-11-27', to: '2026-11-27' })).toBeNull();
  });
});

describe('the words beside a chart', () => {
  it('writes durations as a learner reads them', () => {
    expect([formatDuration(0), formatDuration(40), formatDuration(156), formatDuration(3600), formatDuration(3900)]).toEqual(['0 s', '40 s', '3 min', '1 h', '1 h 5 min']);
  });

  it('sums a daily series and names its best day and how many days are not empty', () => {
    const days = [{ day: '2026-11-01', n: 2 }, { day: '2026-11-02', n: 0 }, { day: '2026-11-03', n: 5 }];
    expect(seriesStats(days, (d) => d.n)).toEqual({ total: 7, best: days[2], nonZero: 2 });
    expect(daySeriesSummary(days, (d) => d.n)).toBe('7 in total over 3 days (Nov 1 to Nov 3), on 2 of them; most on Nov 3 (5).');
    expect(daySeriesSummary(days.map((d) => ({ ...d, n: 0 })), (d) => d.n)).toBe('None over 3 days (Nov 1 to Nov 3).');
    expect(daySeriesSummary([], (d: { day: string }) => d.day.length)).toBe('No days in this range.');
  });

  it('puts a mastery on one of five colour steps', () => {
    expect([0, 0.19, 0.2, 0.5, 0.79, 0.8, 1].map(masteryStep)).toEqual([0, 0, 1, 2, 3, 4, 4]);
  });
});
