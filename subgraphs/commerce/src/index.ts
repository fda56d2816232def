import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import { CartWrites } from './cart-writes.ts';
import { CheckoutWorkflow } from './checkout.ts';
import type { Context } from './context.ts';
import type { FaultHook } from './faults.ts';
import type { Resumed } from './interrupted.ts';
import { paymentProviderFromEnv, type PaymentProvider } from './payments.ts';
import { permissions } from './permissions.ts';
import { CourseProjector, OwnershipProjector } from './projections.ts';
import { RefundWorkflow } from './refund.ts';
import { CommerceRepository, commerceIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { CommerceService } from './service.ts';
import { commerceUserData } from './user-data.ts';

export { CommerceRepository, CARTS, ORDERS, COURSES, OWNERSHIPS, ownershipId } from './repository.ts';
export { CommerceService } from './service.ts';
export { CheckoutWorkflow, orderIdFor } from './checkout.ts';
export { CHECKOUT_STEPS, REFUND_STEPS, type CheckoutStep, type FaultHook, type FaultStep, type RefundStep } from './faults.ts';
export { REFUND_WINDOW_MS, RefundWorkflow } from './refund.ts';
export { COURSE_CONSUMER, OWNERSHIP_CONSUMER, CourseProjector, OwnershipProjector, project } from './projections.ts';
export {
  PAYMENT_PROVIDER_VARIABLE, TEST_CHARGES, TEST_REFUNDS, TEST_TOKENS, TestPaymentProvider, paymentProviderFromEnv,
  type Charge, type ChargeRequest, type PaymentProvider, type Refund, type RefundRequest, type TestChargeDocument, type TestRefundDocument,
} from './payments.ts';
export { DEFAULT_CURRENCY, LIMITS } from './inputs.ts';
export * from './events.ts';
export type {
  CartDocument, CartItemModel, CartLine, CartModel, CheckoutClaim, CourseProjection, OrderLine, OrderModel, OrderStatus, OrderSteps, OwnershipProjection,
  RefundState,
} from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface CommerceOptions {
  /** The payment provider; by default the one PAYMENT_PROVIDER names (`test` unless set). */
  paymentProvider?: PaymentProvider;
  /** Tests only: called after each checkout and refund step; throwing there simulates a crash at that point. */
  faults?: FaultHook;
  /** The clock of refunds and their 14-day window (tests move it); the real one by default. */
  now?: () => Date;
}

export interface CommerceSubgraph extends DomainSubgraph<Context, CommerceService, CommerceRepository> {
  paymentProvider: PaymentProvider;
  /** The event consumers, running from creation: courses from catalog, ownership from learning. */
  consumers: { courses: CourseProjector; ownership: OwnershipProjector };
  /** What start-up finished of the checkouts and refunds a crash had interrupted. */
  resumed: Resumed;
}

/**
 * Creates the commerce subgraph on a platform: indexes made, events a crash left in order outboxes
 * flushed, checkouts and refunds a crash interrupted finished (claimed carts, PENDING orders,
 * claimed refunds), and the consumers of catalog's and learning's events started.
 */
export async function createCommerceSubgraph(platform: Platform, options: CommerceOptions = {}): Promise<CommerceSubgraph> {
  const { db, eventLog, logger } = platform;
  await ensureIndexes(db, commerceIndexes);
  const repository = new CommerceRepository(db);
  const paymentProvider = options.paymentProvider ?? paymentProviderFromEnv(db);
  if (platform.config.production && paymentProvider.name === 'test')
    logger.warn('commerce uses the built-in test payment provider: tok_ok buys any course. Set PAYMENT_PROVIDER for real payments.');
  await flushAllOutboxes(repository.orders, eventLog);
  await flushAllOutboxes(repository.carts, eventLog);
  const courses = new CourseProjector(repository, platform);
  const ownership = new OwnershipProjector(repository, platform);
  const parts = { repository, provider: paymentProvider, events: eventLog, faults: options.faults };
  const carts = new CartWrites(repository, eventLog);
  const workflow = new CheckoutWorkflow({ ...parts, logger: logger.child({ part: 'commerce-checkout' }) }, carts);
  const now = options.now ?? (() => new Date());
  const refunds = new RefundWorkflow({ ...parts, logger: logger.child({ part: 'commerce-refunds' }) }, now);
  const service = new CommerceService(repository, carts, workflow, courses, ownership, paymentProvider, refunds, now);
  const resumed = await service.finishInterrupted();
  courses.start();
  ownership.start();
  const userData = commerceUserData(platform);
  userData.start();
  return {
    name: 'commerce',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    paymentProvider,
    consumers: { courses, ownership },
    resumed,
    createContext: (base) => ({ ...base, commerce: service, loaders: service.loaders() }),
    stop: async () => {
      await userData.stop();
      await ownership.stop();
      await courses.stop();
    },
  };
}
