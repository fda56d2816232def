import { describe, expect, it } from 'vitest';
import type { Viewer } from '@lg/platform';
import type { Auth } from '../../src/subscriptions/auth.ts';
import { ActiveCount, expiryDelay, stepFor, type Item } from '../../src/subscriptions/lifetime.ts';

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
