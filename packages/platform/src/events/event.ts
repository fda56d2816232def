import { newId } from '../ids.ts';

/** A domain event (docs/architecture.md §4); `seq` is its position once in the log. */
export interface DomainEvent<D extends object = Record<string, unknown>> {
  _id: string;
  type: string;
  aggregateId: string;
  courseId?: string;
  userId?: string;
  data: D;
  at: Date;
}

/** Fills a position whose event was already logged by a concurrent flush; consumers skip it. */
export const VOID_EVENT = '$void';

export interface LoggedEvent<D extends object = Record<string, unknown>> extends DomainEvent<D> {
  seq: number;
}

export function newEvent<D extends object>(
  type: string,
  aggregateId: string,
  data: D,
  refs: { courseId?: string; userId?: string } = {},
): DomainEvent<D> {
  return { _id: newId(), type, aggregateId, ...refs, data, at: new Date() };
}
