import { badInput, isId } from '@lg/platform';

// Every bound lives here, so that the schema descriptions, the tests and the checks agree.
export const LIMITS = {
  /** Items in one cart. With catalog's largest price (100 000 000 cents) a full cart still fits a GraphQL Int. */
  cartItems: 20,
  idempotencyKey: { min: 8, max: 100 },
  paymentToken: 200,
  refundReason: 500,
} as const;

/** The currency of an empty cart (catalog's default currency). */
export const DEFAULT_CURRENCY = 'USD';

const KEY = /^[A-Za-z0-9_-]+$/;

export function checkId(id: string, field: string): string {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
}

export function checkIdempotencyKey(key: string): string {
  const { min, max } = LIMITS.idempotencyKey;
  if (key.length < min || key.length > max || !KEY.test(key))
    throw badInput(`idempotencyKey must be ${min} to ${max} characters of A-Z, a-z, 0-9, _ and -.`, 'idempotencyKey');
  return key;
}

/** The form of a token; whether the provider can charge it is asked of the provider. */
export function checkPaymentToken(token: string, accepts: (token: string) => boolean): string {
  if (token.length === 0 || token.length > LIMITS.paymentToken || !accepts(token))
    throw badInput('paymentToken is not a payment token this shop accepts (with the test provider: tok_ok or tok_declined).', 'paymentToken');
  return token;
}

/** Why a refund is asked for: optional, trimmed; blank is no reason. */
export function checkRefundReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length > LIMITS.refundReason) throw badInput(`reason must be at most ${LIMITS.refundReason} characters.`, 'reason');
  return trimmed.length > 0 ? trimmed : null;
}
