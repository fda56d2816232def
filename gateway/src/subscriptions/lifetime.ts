import { GraphQLError, type ExecutionResult } from 'graphql';
import { unauthenticated } from '@lg/platform';
import { SESSION_ENDED } from '../context.ts';
import type { RevocationList } from '../sessions/revocation-list.ts';
import { EXPIRED_WHILE_RUNNING, refusalOf, type Auth } from './auth.ts';
import type { EventTail } from './event-tail.ts';
import type { SubscriptionField } from './fields.ts';
import { isPromise, type MaybePromise } from './maybe-promise.ts';

/** Refusals that no later event can lift: the subscription ends with them. */
const ENDING_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

/** An event to deliver: its id, its payload's id, and the new post's author when it brings one. */
export interface EventRef { eventId: string; id: string; authorId?: string }
export type Item = ({ kind: 'event' } & EventRef) | { kind: 'expiry' } | { kind: 'revoked' };
export type Step = { deliver: EventRef } | { end: GraphQLError } | 'skip' | 'rewatch';

/** What a queued item means for a subscription whose token is in this state at `now`. */
export function stepFor(item: Item, auth: Auth, revoked: boolean, now: number): Step {
  // Nothing more is delivered under an ended session, not even events queued before it ended.
  if (revoked) return { end: unauthenticated(SESSION_ENDED) };
  if (item.kind === 'revoked') return 'skip';
  if (item.kind === 'expiry') return auth.expiresAt > now ? 'rewatch' : { end: unauthenticated(EXPIRED_WHILE_RUNNING) };
  return { deliver: { eventId: item.eventId, id: item.id, authorId: item.authorId } };
}

/** How long until a token expires, as a timer can wait it; undefined when it never does. */
export function expiryDelay(expiresAt: number, now: number): number | undefined {
  const ms = expiresAt - now;
  return Number.isFinite(ms) ? Math.max(0, Math.min(ms, 2 ** 31 - 1)) : undefined;
}

/** Subscriptions authorized and running; each is held once and released once, however it ends. */
export class ActiveCount {
  private count = 0;

  get value(): number {
    return this.count;
  }

  hold(): () => void {
    this.count += 1;
    let held = true;
    return () => {
      if (held) this.count -= 1;
      held = false;
    };
  }
}

export interface SubscriptionLifetime {
  tail: Pick<EventTail, 'onEvent'>;
  revocations: Pick<RevocationList, 'onRevoked'>;
  field: SubscriptionField;
  args: Record<string, unknown>;
  /** The connection's token of the moment (a renewal replaces it) and whether its session ended. */
  auth: () => Auth;
  revoked: () => boolean;
  /** The subscription's authorization when it starts (see SubscriptionField.authorize). */
  authorize: () => MaybePromise<unknown>;
  /**
   * The payload of an event, at once when the caches hold it; a refusal it throws or rejects
   * with (the subscriber left the course) ends the subscription.
   */
  deliver: (event: EventRef) => MaybePromise<ExecutionResult>;
  /**
   * Writes a payload straight to the subscriber's socket (see frames.ts). Payloads and passing
   * errors go there; only what ends the subscription is yielded to graphql-ws, followed by its
   * `complete`.
   */
  send: (result: ExecutionResult) => void;
  active: ActiveCount;
}

/**
 * A subscription from its authorization to its end: its events, its token's expiry and its
 * session's revocation. Answers the refusal, or the payload stream.
 *
 * Items are handled in log order as they arrive, synchronously while the caches hold what they
 * need (the membership, the audience's settled payload), so an event reaches a whole course in
 * one pass; an item waiting on a payload holds the ones behind it. Payloads go straight to the
 * socket (`send`); graphql-ws's own loop only waits on the stream's end: its first next() starts
 * the deliveries (it has registered the subscription by then, so a `complete` from the client
 * reaches return()), and it is answered with the error that ends the subscription, or the end.
 */
export async function openSubscription(s: SubscriptionLifetime): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  let timer: NodeJS.Timeout | undefined;
  let release = (): void => undefined;
  const items: Item[] = [];
  let open = true;
  let started = false;
  /** A payload is on its way: the items behind it wait. */
  let busy = false;
  /** graphql-ws's pending next(), answered when the subscription ends. */
  let waiting: { resolve: (result: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void } | undefined;
  let final: ExecutionResult | undefined;

  const close = (last?: ExecutionResult, failure?: unknown) => {
    if (!open) return;
    open = false;
    items.length = 0;
    unlisten();
    unwatchRevocations();
    clearTimeout(timer);
    release();
    const answer = waiting;
    waiting = undefined;
    if (!answer) final = last;
    else if (failure !== undefined) answer.reject(failure);
    else answer.resolve(last ? { value: last, done: false } : { value: undefined, done: true });
  };
  // Deliveries run inside the event tail's pass over every subscription: whatever goes wrong
  // with one subscription ends it (graphql-ws sends the error), never the pass (nor does a
  // failed pass make the tail hand the event to everyone again).
  const send = (result: ExecutionResult) => {
    if (!open) return;
    try {
      s.send(result);
    } catch (error) {
      close(undefined, error);
    }
  };
  /** A payload's refusal or failure: sent as an error, or the end (answers whether to go on). */
  const refused = (error: unknown): boolean => {
    if (!(error instanceof GraphQLError)) close(undefined, error);
    else if (ENDING_CODES.has(String(error.extensions.code))) close({ errors: [error] });
    else send({ errors: [error] });
    return open;
  };
  const drain = (): void => {
    busy = true;
    try {
      while (open && items.length > 0) {
        const step = stepFor(items.shift()!, s.auth(), s.revoked(), Date.now());
        if (step === 'skip') continue;
        if (step === 'rewatch') {
          watchExpiry();
          continue;
        }
        if ('end' in step) return close({ errors: [step.end] });
        let payload: MaybePromise<ExecutionResult>;
        try {
          payload = s.deliver(step.deliver);
        } catch (error) {
          if (refused(error)) continue;
          return;
        }
        if (isPromise(payload)) {
          payload.then(
            (result) => {
              send(result);
              drain();
            },
            (error: unknown) => {
              if (refused(error)) drain();
            },
          );
          return;
        }
        send(payload);
      }
    } catch (error) {
      return close(undefined, error);
    }
    busy = false;
  };
  const push = (item: Item) => {
    if (!open) return;
    items.push(item);
    if (started && !busy) drain();
  };

  // Listening starts before the authorization's round trip, so that an event written while
  // it runs is held and delivered once it passes (and dropped if it fails).
  const unlisten = s.tail.onEvent((event) => {
    if ((event.type === s.field.eventType || s.field.alsoOn?.has(event.type)) && s.field.matches(event, s.args, s.auth().viewer)) push({ kind: 'event', eventId: event._id, id: s.field.payloadId(event, s.args), authorId: s.field.authorOf?.(event) });
  });
  const unwatchRevocations = s.revocations.onRevoked(() => {
    if (s.revoked()) push({ kind: 'revoked' });
  });
  try {
    const refusal = refusalOf(s.auth(), s.revoked(), Date.now());
    if (refusal) throw refusal;
    await s.authorize();
  } catch (error) {
    close();
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError('Subscription refused.')] };
  }
  release = s.active.hold();

  const watchExpiry = () => {
    const ms = expiryDelay(s.auth().expiresAt, Date.now());
    if (ms !== undefined) timer = setTimeout(() => push({ kind: 'expiry' }), ms);
  };
  watchExpiry();

  // Not an async generator function: a generator awaiting its next event does not run its
  // `finally` when the client completes (return() waits for the next yield, which may never
  // come on a quiet course), so listeners of ended subscriptions would pile up. Here return()
  // closes the subscription at once, which also answers a pending next().
  const payloads: AsyncGenerator<ExecutionResult> = {
    next() {
      if (!open) {
        const last = final;
        final = undefined;
        return Promise.resolve(last ? { value: last, done: false } : { value: undefined, done: true });
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        if (!started) {
          started = true;
          if (!busy) drain();
        }
      });
    },
    async return() {
      close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return payloads;
    },
  };
  return payloads;
}
