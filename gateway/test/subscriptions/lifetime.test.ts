import { EventEmitter } from 'node:events';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { newEvent, type LoggedEvent, type Viewer } from '@lg/platform';
import { ChatMessageSent } from '@lg/events';
import type { Auth } from '../../src/subscriptions/auth.ts';
import { subscriptionFields } from '../../src/subscriptions/fields.ts';
import { ActiveCount, expiryDelay, openSubscription, stepFor, type Item, type SubscriptionLifetime } from '../../src/subscriptions/lifetime.ts';

const auth = (expiresAt: number): Auth => ({ viewer: { id: 'u1' } as unknown as Viewer, token: 't', expiresAt });
const event: Item = { kind: 'event', eventId: 'e1', id: 'm1' };
const ended = (step: ReturnType<typeof stepFor>) => (typeof step === 'object' && 'end' in step ? step.end.message : undefined);

describe('what a queued item means for a running subscription', () => {
  it('an event under a good token is delivered by its id', () => {
    expect(stepFor(event, auth(2000), false, 1000)).toEqual({ deliver: { eventId: 'e1', id: 'm1' } });
  });

  it('nothing more is delivered once the session is revoked, not even an event queued before', () => {
    expect(ended(stepFor(event, auth(2000), true, 1000))).toBe('This session has ended; sign in again.');
    expect(ended(stepFor({ kind: 'revoked' }, auth(2000), true, 1000))).toBe('This session has ended; sign in again.');
  });

  it('a revocation of another session is skipped', () => {
    expect(stepFor({ kind: 'revoked' }, auth(2000), false, 1000)).toBe('skip');
  });

  it('an expiry ends the subscription, unless a renewal pushed it back, which watches the new expiry', () => {
    expect(ended(stepFor({ kind: 'expiry' }, auth(1000), false, 1000))).toBe(
      'Your session expired during the subscription; refresh your token and subscribe again.',
    );
    expect(stepFor({ kind: 'expiry' }, auth(5000), false, 1000)).toBe('rewatch');
  });
});

describe('the expiry timer', () => {
  it('waits until the expiry, at once when it has passed, and at most what a timer can wait', () => {
    expect(expiryDelay(1500, 1000)).toBe(500);
    expect(expiryDelay(500, 1000)).toBe(0);
    expect(expiryDelay(1000 + 2 ** 40, 1000)).toBe(2 ** 31 - 1);
  });

  it('is not set for a token that never expires', () => {
    expect(expiryDelay(Number.POSITIVE_INFINITY, 1000)).toBeUndefined();
  });
});

describe('the count of running subscriptions', () => {
  it('counts each held subscription once and releases it once, however often its end is signalled', () => {
    const active = new ActiveCount();
    const first = active.hold();
    const second = active.hold();
    expect(active.value).toBe(2);
    first();
    first();
    expect(active.value).toBe(1);
    second();
    expect(active.value).toBe(0);
  });
});

describe('a running subscription fed by the event tail', () => {
  /** The tail's one pass over its listeners per event, as EventTail makes it. */
  function tail() {
    const emitter = new EventEmitter();
    return {
      onEvent: (listener: (event: LoggedEvent) => void) => {
        emitter.on('event', listener);
        return () => void emitter.off('event', listener);
      },
      write: (id: string) => emitter.emit('event', { ...newEvent(ChatMessageSent.type, id, {}, { courseId: 'c1' }), seq: 1 }),
    };
  }
  const field = subscriptionFields.chatMessageAdded!;

  async function subscription(events: ReturnType<typeof tail>, deliver: SubscriptionLifetime['deliver'], send: SubscriptionLifetime['send']) {
    const payloads = await openSubscription({
      tail: events,
      revocations: { onRevoked: () => () => undefined },
      field,
      args: { courseId: 'c1' },
      auth: () => auth(Number.POSITIVE_INFINITY),
      revoked: () => false,
      authorize: () => 'course:c1',
      deliver,
      send,
      active: new ActiveCount(),
    });
    if (!('next' in payloads)) throw new Error('refused');
    return payloads;
  }

  it('sends events in log order: a payload still being executed holds back the next, already known', async () => {
    const events = tail();
    const sent: unknown[] = [];
    let executed!: (result: ExecutionResult) => void;
    const first = new Promise<ExecutionResult>((resolve) => (executed = resolve));
    const payloads = await subscription(events, (e) => (e.id === 'm1' ? first : { data: { id: e.id } }), (r) => sent.push(r.data));
    void payloads.next();
    events.write('m1');
    events.write('m2');
    expect(sent).toEqual([]);
    executed({ data: { id: 'm1' } });
    await first;
    expect(sent).toEqual([{ id: 'm1' }, { id: 'm2' }]);
    await payloads.return(undefined);
  });

  it('holds events that arrive before graphql-ws asks for the stream, and sends them once it does', async () => {
    const events = tail();
    const sent: unknown[] = [];
    const payloads = await subscription(events, (e) => ({ data: { id: e.id } }), (r) => sent.push(r.data));
    events.write('m1');
    expect(sent).toEqual([]);
    void payloads.next();
    expect(sent).toEqual([{ id: 'm1' }]);
    await payloads.return(undefined);
  });

  it('a subscriber whose socket fails ends alone with the error; the others of the pass still get the event', async () => {
    const events = tail();
    const sent: unknown[] = [];
    const broken = await subscription(events, (e) => ({ data: { id: e.id } }), () => {
      throw new Error('socket broke');
    });
    const healthy = await subscription(events, (e) => ({ data: { id: e.id } }), (r) => sent.push(r.data));
    const brokenEnd = broken.next();
    void healthy.next();
    expect(() => events.write('m1')).not.toThrow();
    await expect(brokenEnd).rejects.toThrow('socket broke');
    expect(sent).toEqual([{ id: 'm1' }]);
    await healthy.return(undefined);
  });

  it('a refusal at an event ends the subscription with it, and nothing after it is sent', async () => {
    const events = tail();
    const sent: unknown[] = [];
    const payloads = await subscription(
      events,
      (e) => (e.id === 'm2' ? Promise.reject(new GraphQLError('Left the course.', { extensions: { code: 'FORBIDDEN' } })) : { data: { id: e.id } }),
      (r) => sent.push(r.data),
    );
    const end = payloads.next();
    events.write('m1');
    events.write('m2');
    events.write('m3');
    expect((await end).value).toMatchObject({ errors: [{ message: 'Left the course.' }] });
    expect(await payloads.next()).toEqual({ value: undefined, done: true });
    expect(sent).toEqual([{ id: 'm1' }]);
  });
});
