import { v7, validate } from 'uuid';

/** Time-ordered UUID v7: the external id of every document and event. */
export const newId = (): string => v7();

export const isId = (value: string): boolean => validate(value);

/** When a UUID v7 was made, in epoch milliseconds (its first 48 bits); NaN for anything else. */
export function idTime(id: string): number {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id) ? parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : Number.NaN;
}
