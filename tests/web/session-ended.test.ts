// When a page that only listens learns its session is over: a subscription's end that says so
// (an UNAUTHENTICATED result or error, or the gateway closing the socket with 4401) makes the
// client ask for a refresh, which signs it out if the refresh token is refused too.
import { describe, expect, it } from 'vitest';
import { endsSession } from '../../web/src/lib/session-ended.ts';
import { errorMessage } from '../../web/src/lib/errors.ts';

const ended = { message: 'This session has ended; sign in again.', extensions: { code: 'UNAUTHENTICATED' } };

describe('a subscription end that ends the session', () => {
  it('is a result or an error list carrying UNAUTHENTICATED, or a 4401 close', () => {
    expect(endsSession({ errors: [ended] })).toBe(true);
    expect(endsSession([ended])).toBe(true);
    expect(endsSession({ code: 4401, reason: 'Unauthorized' })).toBe(true);
  });

  it('is not data, another error, or a restart of the gateway', () => {
    expect(endsSession({ data: { notificationAdded: { id: '1' } } })).toBe(false);
    expect(endsSession({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })).toBe(false);
    expect(endsSession({ code: 1012, reason: 'Service restart: reconnect' })).toBe(false);
    expect(endsSession(null)).toBe(false);
  });
});

describe("a suspended account's refusal", () => {
  it("shows the server's message rather than the generic FORBIDDEN sentence", () => {
    const combined = (message: string, extensions: Record<string, unknown>) =>
      Object.assign(new Error(message), { graphQLErrors: [{ message, extensions }], networkError: undefined }) as unknown as Parameters<typeof errorMessage>[0];
    const message = "This account is suspended; contact the platform's administrators.";
    expect(errorMessage(combined(message, { code: 'FORBIDDEN', reason: 'ACCOUNT_SUSPENDED' }))).toBe(message);
    expect(errorMessage(combined('Only an ADMIN can do that.', { code: 'FORBIDDEN' }))).toBe('You are not allowed to do that.');
  });
});
