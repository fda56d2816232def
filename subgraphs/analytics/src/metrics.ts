import { addDays, ageInDays } from './days.ts';
import { LIMITS } from './inputs.ts';
import type { SkillMasteryModel, UserSkill } from './models.ts';

/** A result this many days old counts half as much as one of today. */
export const MASTERY_HALF_LIFE_DAYS = 30;

/**
 * The current streak (consecutive active days ending today, or yesterday when today has none
 * yet) and the longest, from a user's active days (ascending, each once).
 */
export function streaksOf(activeDays: readonly string[], today: string): { current: number; longest: number } {
  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of activeDays) {
    run = previous !== null && addDays(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const active = new Set(activeDays);
  let day = active.has(today) ? today : addDays(today, -1);
  let current = 0;
  while (active.has(day)) {
    current += 1;
    day = addDays(day, -1);
  }
  return { current, longest };
}

/** Mastery of each skill, weakest first: results weighted by 0.5^(age / half-life), each 0 to 1. */
export function masteryOf(skills: readonly UserSkill[], now: Date): SkillMasteryModel[] {
  return skills
    .filter((s) => s.results.length > 0)
    .map((s) => {
      let weighted = 0;
      let weights = 0;
      for (const r of s.results) {
        const w = 0.5 ** (ageInDays(r.at, now) / MASTERY_HALF_LIFE_DAYS);
        weighted += w * r.percent;
        weights += w;
      }
      const last = s.results.reduce((a, r) => (r.at > a ? r.at : a), s.results[0]!.at);
      return { skill: s.skill, mastery: Math.round((weighted / weights / 100) * 1000) / 1000, attempts: s.results.length, lastPracticedAt: last };
    })
    .sort((a, b) => a.mastery - b.mastery || a.skill.localeCompare(b.skill))
    .slice(0, LIMITS.heatmapSkills);
}

/** Splits an order's total among its courses by their prices (evenly when none has one); the remainder goes to the first. */
export function shares(totalCents: number, prices: readonly number[]): number[] {
  if (prices.length === 0) return [];
  const sum = prices.reduce((a, b) => a + b, 0);
  const raw = prices.map((p) => (sum > 0 ? Math.floor((totalCents * p) / sum) : Math.floor(totalCents / prices.length)));
  raw[0]! += totalCents - raw.reduce((a, b) => a + b, 0);
  return raw;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
