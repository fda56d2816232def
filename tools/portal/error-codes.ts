/**
 * The error codes an integrator meets (`extensions.code`, ARCHITECTURE.md §6), with their HTTP status
 * from the platform's own mapping. Typed by ErrorCode so that a new code cannot go undocumented.
 */
import { ErrorCode } from '../../packages/platform/src/errors.ts';
import { statusOfCode } from '../../packages/platform/src/request-errors.ts';
import type { ErrorCodeDoc } from './model.ts';

const meanings: Record<ErrorCode, { meaning: string; otherStatus?: string }> = {
  UNAUTHENTICATED: {
    meaning: 'No valid access token: missing where one is needed, expired, forged, or its session has ended. Refresh the session (refreshSession) or sign in again.',
  },
  FORBIDDEN: {
    meaning: 'Signed in but not allowed: the wrong role, not the owner or a member. `extensions.reason` names a refusal a client can act on (EMAIL_NOT_VERIFIED, RECENT_SIGN_IN_REQUIRED, …).',
  },
  BAD_USER_INPUT: {
    meaning: 'The request or an argument is wrong: a syntax or validation error, a value out of bounds (`extensions.field` names the input), an operation over the depth, alias or cost limits (`extensions.cost`, `maxCost`).',
    otherStatus: '413 for a body over the size limit',
  },
  NOT_FOUND: { meaning: 'The object asked for does not exist, or the caller may not know that it does.' },
  CONFLICT: { meaning: 'The request conflicts with the current state (already enrolled, a name taken, a change under way). Read the state again before retrying.' },
  PAYMENT_REQUIRED: { meaning: 'The course or resource must be bought first (checkout), or the payment was declined.' },
  RATE_LIMITED: {
    meaning: 'The caller spent its requests or cost budget for the minute, or waited too long for the expensive-operation lane. Retry after `extensions.retryAfterSeconds` (also the Retry-After header).',
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'The server failed; nothing about the cause is said in production. Quote `extensions.requestId` when reporting it. An overloaded gateway sheds new requests with it (reason OVERLOADED) and Retry-After.',
    otherStatus: '500; 503 when shedding load',
  },
};

export function errorCodeDocs(): ErrorCodeDoc[] {
  return Object.values(ErrorCode).map((code) => {
    const { meaning, otherStatus } = meanings[code];
    const status = statusOfCode[code];
    const httpStatus = [status === undefined ? '200 (a field error in the response)' : String(status), otherStatus].filter(Boolean).join('; ');
    return { code, httpStatus, meaning };
  });
}
