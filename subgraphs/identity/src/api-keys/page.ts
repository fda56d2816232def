import { badInput } from '@lg/platform';

/** A list's `first`, 1 to `max`, else BAD_USER_INPUT. */
export function checkedFirst(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`first must be between 1 and ${max}.`, 'first');
  return first;
}
