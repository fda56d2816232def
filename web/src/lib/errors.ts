// Errors by `extensions.code` (docs/architecture.md §3, "Errors") become sentences a person can act on.
import type { CombinedError } from 'urql';

const MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'We could not find that.',
  CONFLICT: 'Someone got there first: refresh and try again.',
  PAYMENT_REQUIRED: 'This course is paid: add it to your cart to buy it.',
  RATE_LIMITED: 'Too many attempts: wait a moment and try again.',
  BAD_REQUEST: 'The request was not understood.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again.',
};

/** The server's message is shown for BAD_USER_INPUT (it names the field); known codes get our own words. */
export function messageForCode(code: string | undefined, serverMessage: string): string {
  if (code === 'BAD_USER_INPUT') return serverMessage;
  if (code && MESSAGES[code]) return MESSAGES[code];
  return serverMessage || (MESSAGES.INTERNAL_SERVER_ERROR as string);
}

export function errorCode(error: CombinedError | Error): string | undefined {
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  const code = graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Refusals whose server message says what the person needs to know (a suspended account, a sign-in to renew). */
const SHOWN_REASONS = new Set(['ACCOUNT_SUSPENDED', 'RECENT_SIGN_IN_REQUIRED']);

export function errorMessage(error: CombinedError | Error): string {
  if ('graphQLErrors' in error) {
    const first = error.graphQLErrors[0];
    // An unverified address says what to do about it (open the mailed link); so do the other shown reasons.
    if (first?.extensions?.reason === 'EMAIL_NOT_VERIFIED') return first.message;
    if (first && SHOWN_REASONS.has(String(first.extensions?.reason))) return first.message;
    if (first) return messageForCode(errorCode(error), first.message);
    if (error.networkError) return 'The server cannot be reached. Check your connection and try again.';
  }
  return error.message;
}
