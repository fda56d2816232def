import { badInput } from './errors.ts';

/** Trims and bounds a required text input; `field` names it in the error. */
export function text(value: string, field: string, { min = 1, max }: { min?: number; max: number }): string {
  const trimmed = value.trim();
  if (trimmed.length < min) throw badInput(min === 1 ? `${field} must not be empty.` : `${field} must be at least ${min} characters.`, field);
  if (trimmed.length > max) throw badInput(`${field} must be at most ${max} characters.`, field);
  return trimmed;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${field} must be a whole number from ${min} to ${max}.`, field);
  return value;
}

export function listOf<T>(values: T[] | null | undefined, field: string, max: number): T[] {
  const list = values ?? [];
  if (list.length > max) throw badInput(`${field} may hold at most ${max} items.`, field);
  return list;
}
