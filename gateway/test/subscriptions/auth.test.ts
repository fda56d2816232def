import { describe, expect, it } from 'vitest';
import type { Viewer } from '@lg/platform';
import { acceptsRenewal, anonymous, EXPIRED_WHILE_RUNNING, refusalOf, tokenOf, type Auth } from '../../src/subscriptions/auth.ts';

const signedIn = (id: string, expiresAt = Date.now() + 60_000): Auth => ({ viewer: { id, roles: ['STUDENT'] } as unknown as Viewer, token: `t-${id}`, expiresAt });

describe('the token a socket speaks with', () => {
  it('is read from `authorization` in either case, or from a bare `token`', () => {
    expect(tokenOf({ authorization: 'Bearer abc' })).toBe('abc');
    expect(tokenOf({ Authorization: 'Bearer abc' })).toBe('abc');
    expect(tokenOf({ token: 'abc' })).toBe('abc');
  });

  it('is absent when the params carry none or an empty one', () => {
    expect(tokenOf(undefined)).toBeUndefined();
    expect(tokenOf({ authorization: '' })).toBeUndefined();
    expect(tokenOf({ authorization: null })).toBeUndefined();
  });

  it('that is not a bearer token is refused as UNAUTHENTICATED', () => {
    expect(() => tokenOf({ authorization: 'Basic abc' })).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
  });
});

describe('a renewal', () => {
  it('may bring a fresh token for the same user', () => {
    expect(acceptsRenewal(signedIn('u1'), signedIn('u1'))).toBe(true);
  });

  it('may not switch the connection to another user or to no user', () => {
    expect(acceptsRenewal(signedIn('u1'), signedIn('u2'))).toBe(false);
    expect(acceptsRenewal(signedIn('u1'), anonymous)).toBe(false);
  });

  it('may sign in an anonymous connection', () => {
    expect(acceptsRenewal(anonymous, signedIn('u1'))).toBe(true);
  });
});

describe('what a token gets now', () => {
  it('nothing while it is good, and anonymous never expires', () => {
    expect(refusalOf(signedIn('u1'), false, Date.now())).toBeUndefined();
    expect(refusalOf(anonymous, false, Date.now())).toBeUndefined();
  });

  it('UNAUTHENTICATED with the ended-session message once its session is revoked, even before it expires', () => {
    const refusal = refusalOf(signedIn('u1'), true, Date.now());
    expect([refusal?.extensions.code, refusal?.message]).toEqual(['UNAUTHENTICATED', 'This session has ended; sign in again.']);
  });

  it('UNAUTHENTICATED once it has expired, with the message of the moment', () => {
    const expired = signedIn('u1', 1000);
    expect(refusalOf(expired, false, 1000)?.message).toBe('Your session has expired; refresh it and subscribe again.');
    expect(refusalOf(expired, false, 1000, EXPIRED_WHILE_RUNNING)?.message).toBe(EXPIRED_WHILE_RUNNING);
    expect(refusalOf(expired, false, 999)).toBeUndefined();
  });
});
