import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, newId } from '@lg/platform';

/** What is asked of a payment provider. */
export interface ChargeRequest {
  /** The order id: the same key always yields the same charge, however often it is asked for. */
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  paymentToken: string;
}

export interface Charge {
  id: string;
  status: 'SUCCEEDED' | 'DECLINED';
  /** Why a declined charge was declined, in words for the buyer. */
  declineReason: string | null;
}

/** What is asked of a payment provider to give a charge back, whole. */
export interface RefundRequest {
  /** The order id, as for its charge: the same key always yields the same refund. */
  idempotencyKey: string;
  /** The provider's id of the charge being given back. */
  chargeId: string;
  amountCents: number;
  currency: string;
}

export interface Refund {
  id: string;
}

/**
 * A payment provider. `charge` and `refund` must be idempotent by `idempotencyKey`: asked again (a
 * retry, a restart after a crash between the call and its record, two processes finishing one
 * order) they return the first answer and move no more money. A thrown error means "unknown, ask
 * again".
 */
export interface PaymentProvider {
  readonly name: string;
  /** Whether a token has a form this provider can charge; checked before any order is made. */
  accepts(paymentToken: string): boolean;
  charge(request: ChargeRequest): Promise<Charge>;
  /** Gives a succeeded charge back in full; never refused for a charge that succeeded. */
  refund(request: RefundRequest): Promise<Refund>;
}

export const TEST_CHARGES = 'commerce_test_charges';

/** A charge as the test provider keeps it: one document per idempotency key (`_id`, also in `idempotencyKey`). */
export interface TestChargeDocument {
  _id: string;
  idempotencyKey: string;
  chargeId: string;
  status: Charge['status'];
  declineReason: string | null;
  amountCents: number;
  currency: string;
  createdAt: Date;
}

export const TEST_REFUNDS = 'commerce_test_refunds';

/** A refund as the test provider keeps it: one document per idempotency key (`_id`, also in `idempotencyKey`). */
export interface TestRefundDocument {
  _id: string;
  idempotencyKey: string;
  refundId: string;
  chargeId: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
}

export const TEST_TOKENS = { ok: 'tok_ok', declined: 'tok_declined' } as const;

/**
 * The built-in provider for development, demos and tests: `tok_ok` is charged, `tok_declined` is
 * declined. Its charges live in its own collection, keyed by the idempotency key, so that the same
 * key is charged once (the unique `_id`), and tests can count them.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  readonly charges: Collection<TestChargeDocument>;
  readonly refunds: Collection<TestRefundDocument>;

  constructor(db: Db) {
    this.charges = db.collection(TEST_CHARGES);
    this.refunds = db.collection(TEST_REFUNDS);
  }

  accepts(paymentToken: string): boolean {
    return paymentToken === TEST_TOKENS.ok || paymentToken === TEST_TOKENS.declined;
  }

  async charge(request: ChargeRequest): Promise<Charge> {
    if (!this.accepts(request.paymentToken)) throw new Error('The test provider charges tok_ok and declines tok_declined only.');
    const declined = request.paymentToken === TEST_TOKENS.declined;
    const charge: TestChargeDocument = {
      _id: request.idempotencyKey,
      idempotencyKey: request.idempotencyKey,
      chargeId: newId(),
      status: declined ? 'DECLINED' : 'SUCCEEDED',
      declineReason: declined ? 'The card was declined.' : null,
      amountCents: request.amountCents,
      currency: request.currency,
      createdAt: new Date(),
    };
    try {
      await this.charges.insertOne(charge);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Charged before under this key: that charge is the answer, whatever this request says.
      const first = await this.charges.findOne({ _id: request.idempotencyKey });
      if (!first) throw new Error('A charge that blocked the insert is gone.', { cause: error });
      return { id: first.chargeId, status: first.status, declineReason: first.declineReason };
    }
    return { id: charge.chargeId, status: charge.status, declineReason: charge.declineReason };
  }

  /** Refunds a succeeded charge of the same key in full, once per key (the unique `_id`), as a real provider would check. */
  async refund(request: RefundRequest): Promise<Refund> {
    const charge = await this.charges.findOne({ _id: request.idempotencyKey });
    if (charge?.status !== 'SUCCEEDED' || charge.chargeId !== request.chargeId)
      throw new Error(`The test provider has no succeeded charge ${request.chargeId} under key ${request.idempotencyKey} to refund.`);
    if (request.amountCents !== charge.amountCents || request.currency !== charge.currency)
      throw new Error('The test provider refunds a charge in full only, in its own currency.');
    const refund: TestRefundDocument = {
      _id: request.idempotencyKey, idempotencyKey: request.idempotencyKey, refundId: newId(), chargeId: charge.chargeId,
      amountCents: charge.amountCents, currency: charge.currency, createdAt: new Date(),
    };
    try {
      await this.refunds.insertOne(refund);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Refunded before under this key: that refund is the answer.
      const first = await this.refunds.findOne({ _id: request.idempotencyKey });
      if (!first) throw new Error('A refund that blocked the insert is gone.', { cause: error });
      return { id: first.refundId };
    }
    return { id: refund.refundId };
  }
}

/** The environment variable that selects the provider; `test` (the default) is the only one built in. */
export const PAYMENT_PROVIDER_VARIABLE = 'PAYMENT_PROVIDER';

/**
 * The provider named by PAYMENT_PROVIDER (default `test`). A real provider plugs in here (or is
 * passed to createCommerceSubgraph directly); an unknown name stops the start with a one-line reason.
 */
export function paymentProviderFromEnv(db: Db, env: NodeJS.ProcessEnv = process.env): PaymentProvider {
  const chosen = env[PAYMENT_PROVIDER_VARIABLE]?.trim();
  // In production `tok_ok` would buy any course: the test provider there must be chosen on purpose.
  if (!chosen && env.NODE_ENV === 'production')
    throw new Error(`Invalid configuration: set ${PAYMENT_PROVIDER_VARIABLE} in production (only "test" exists in this build, and it accepts tok_ok).`);
  const name = chosen || 'test';
  if (name === 'test') return new TestPaymentProvider(db);
  throw new Error(`Invalid configuration: ${PAYMENT_PROVIDER_VARIABLE}=${name} is not a payment provider this build has (only "test").`);
}
