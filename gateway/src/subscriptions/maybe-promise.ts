/**
 * A value known at once, or still on its way. An event reaches every subscriber of a course in
 * one pass; what the caches already hold (memberships, audiences, settled payloads) is answered
 * synchronously, so that 10,000 subscribers do not each cost a chain of promise turns.
 */
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => value instanceof Promise;

/** `next` of the value: at once when it is known, after it settles otherwise. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}
