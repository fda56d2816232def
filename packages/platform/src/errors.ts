import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { withoutLongEchoes } from './message-excerpt.ts';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYMENT_REQUIRED: 'PAYMENT_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
const knownCodes = new Set<string>(Object.values(ErrorCode));

function error(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = (message = 'You must be signed in.') => error('UNAUTHENTICATED', message);
/** `reason` lets a client act on a refusal (EMAIL_NOT_VERIFIED: offer to resend the mail). */
export const forbidden = (message = 'You are not allowed to do this.', reason?: string) => error('FORBIDDEN', message, reason ? { reason } : {});
export const notFound = (what: string) => error('NOT_FOUND', `${what} was not found.`);
export const conflict = (message: string) => error('CONFLICT', message);
export const paymentRequired = (message: string) => error('PAYMENT_REQUIRED', message);
export const rateLimited = (message: string, retryAfterSeconds?: number) =>
  error('RATE_LIMITED', message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
/** `field` names the input that was wrong, so that a form can show the message beside it. */
export const badInput = (message: string, field?: string) =>
  error('BAD_USER_INPUT', message, field === undefined ? {} : { field });

/**
 * Apollo Server's formatError: every error leaves with one of our codes and the request id;
 * in production an unexpected error says nothing of its cause (no stack, no driver message).
 */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const original = raw instanceof GraphQLError ? raw.originalError ?? raw : raw;
    const code = String(formatted.extensions?.code ?? '');
    const requestId = formatted.extensions?.requestId;
    let mapped: ErrorCode;
    if (knownCodes.has(code)) mapped = code as ErrorCode;
    else if (['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE'].includes(code))
      mapped = 'BAD_USER_INPUT';
    else mapped = 'INTERNAL_SERVER_ERROR';

    const isUnexpected = mapped === 'INTERNAL_SERVER_ERROR' && !(original instanceof GraphQLError && knownCodes.has(code));
    const extensions: Record<string, unknown> = { ...formatted.extensions, code: mapped };
    if (code && code !== mapped) extensions.reason = code;
    if (requestId !== undefined) extensions.requestId = requestId;
    // A development stack trace repeats the message (and a syntax error's source lines) too.
    if (Array.isArray(extensions.stacktrace))
      extensions.stacktrace = (extensions.stacktrace as unknown[]).map((line) => (typeof line === 'string' && !line.startsWith('    at ') ? withoutLongEchoes(line) : line));
    if (production) {
      // Nothing internal leaves: traces, and the gateway's record of a subgraph's raw answer
      // (its URL and body).
      delete extensions.stacktrace;
      delete extensions.exception;
      delete extensions.response;
    }
    return {
      ...formatted,
      message: production && isUnexpected ? 'Something went wrong on our side. Please try again.' : withoutLongEchoes(formatted.message),
      extensions,
    };
  };
}

/**
 * The body of an error answered outside GraphQL execution (a refused signature or token, an
 * unreadable body), shaped like a GraphQL response so that every client reads it the same way.
 */
export function graphQLErrorBody(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}
