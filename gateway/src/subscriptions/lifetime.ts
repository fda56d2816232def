import { GraphQLError, type ExecutionResult } from 'graphql';
import { unauthenticated } from '@lg/platform';
import { SESSION_ENDED } from '../context.ts';
import type { RevocationList } from '../sessions/revocation-list.ts';
import { EXPIRED_WHILE_RUNNING, refusalOf, type Auth } from './auth.ts';
import type { EventTail } from './event-tail.ts';
import type { SubscriptionField } from './fields.ts';
import { AsyncQueue } from './queue.ts';

/** Refusals that no later event can lift: the subscription ends with them. */
const ENDING_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

export interface EventRef { eventId: string; id: string }
export type Item = ({ kind: 'event' } & EventRef) | { kind: 'expiry' } | { kind: 'revoked' };
export type Step = { deliver: EventRef } | { end: GraphQLError } | 'skip' | 'rewatch';

/** What a queued item means for a subscription whose token is in this state at `now`. */
export function stepFor(item: Item, auth: Auth, revoked: boolean, now: number): Step {
  // Nothing more is delivered under an ended session, not even events queued before it ended.
  if (revoked) return { end: unauthenticated(SESSION_ENDED) };
  if (item.kind === 'revoked') return 'skip';
  if (item.kind === 'expiry') return auth.expiresAt > now ? 'rewatch' : { end: unauthenticated(EXPIRED_WHILE_RUNNING) };
  return { deliver: { eventId: item.eventId, id: item.id } };
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
  authorize: () => Promise<unknown>;
  /** The payload of an event; a refusal it throws (the subscriber left the course) ends the subscription. */
  deliver: (event: EventRef) => Promise<ExecutionResult>;
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
 */
export async function openSubscription(s: SubscriptionLifetime): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  let timer: NodeJS.Timeout | undefined;
  let release = (): void => undefined;
  // Listening starts before the authorization's round trip, so that an event written while
  // it runs is held and delivered once it passes (and dropped with the queue if it fails).
  const queue: AsyncQueue<Item> = new AsyncQueue<Item>(() => {
    unlisten();
    unwatchRevocations();
    clearTimeout(timer);
    release();
  });
  const unlisten = s.tail.onEvent((event) => {
    if (event.type === s.field.eventType && s.field.matches(event, s.args, s.auth().viewer)) queue.push({ kind: 'event', eventId: event._id, id: s.field.payloadId(event) });
  });
  const unwatchRevocations = s.revocations.onRevoked(() => {
    if (s.revoked()) queue.push({ kind: 'revoked' });
  });
  try {
    const refusal = refusalOf(s.auth(), s.revoked(), Date.now());
    if (refusal) throw refusal;
    await s.authorize();
  } catch (error) {
    queue.close();
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError('Subscription refused.')] };
  }
  release = s.active.hold();

  const watchExpiry = () => {
    const ms = expiryDelay(s.auth().expiresAt, Date.now());
    if (ms !== undefined) timer = setTimeout(() => queue.push({ kind: 'expiry' }), ms);
  };
  watchExpiry();

  // Not an async generator function: a generator awaiting its next event does not run its
  // `finally` when the client completes (return() waits for the next yield, which may never
  // come on a quiet course), so listeners of ended subscriptions would pile up. Here
  // return() closes the queue at once, which also ends a pending next().
  // graphql-ws's first next() starts the delivery loop (it has registered the subscription by
  // then, so a `complete` from the client reaches return()); the loop sends each payload itself
  // and answers graphql-ws only with the error that ends the subscription, or the end.
  const next = async (): Promise<IteratorResult<ExecutionResult>> => {
    for (;;) {
      const { value: item, done } = await queue.next();
      if (done) return { value: undefined, done: true };
      const step = stepFor(item, s.auth(), s.revoked(), Date.now());
      if (step === 'skip') continue;
      if (step === 'rewatch') {
        watchExpiry();
        continue;
      }
      if ('end' in step) {
        queue.close();
        return { value: { errors: [step.end] }, done: false };
      }
      let result: ExecutionResult;
      try {
        result = await s.deliver(step.deliver);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        if (ENDING_CODES.has(String(error.extensions.code))) {
          queue.close();
          return { value: { errors: [error] }, done: false };
        }
        result = { errors: [error] };
      }
      // Completed by the client while its payload was being loaded: nothing more is sent.
      if (queue.isClosed) return { value: undefined, done: true };
      s.send(result);
    }
  };
  const payloads: AsyncGenerator<ExecutionResult> = {
    next,
    async return() {
      queue.close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      queue.close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return payloads;
    },
  };
  return payloads;
}
