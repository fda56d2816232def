import { createCatalogSubgraph, type CatalogSubgraph } from '@lg/catalog';
import { createLearningSubgraph, type LearningSubgraph } from '@lg/learning';
import { createPlatform, newId, type Platform, type Role, type RunningServer } from '@lg/platform';
import { as, closeTestPlatform, codeOf, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { TEST_CHARGES, createCommerceSubgraph, type CommerceOptions, type CommerceSubgraph, type TestChargeDocument } from '../src/index.ts';
import { catalogue } from '@lg/events';

export { as, codeOf, type Actor };

export interface CommerceHarness {
  platform: Platform;
  /** The real catalog subgraph on the same platform: courses are made through it, events and all. */
  catalog: CatalogSubgraph;
  /** The real learning subgraph, in-process: it grants the courses of paid orders from OrderPaid. */
  learning: LearningSubgraph;
  /** The commerce subgraph served over HTTP (replaced by restart). */
  readonly commerce: CommerceSubgraph;
  readonly server: RunningServer;
  /** A client of commerce's HTTP endpoint, also across restarts. */
  readonly gql: GraphQLClient;
  /** How far commerce's clock (refunds and their 14-day window) is ahead of the real one, in ms; every instance reads it. */
  clockOffset: number;
  /** Stops the served commerce subgraph, runs `meanwhile`, then creates and serves it again. */
  restart(meanwhile?: () => Promise<unknown>): Promise<void>;
  /** Another commerce instance on the same database, not served (a second process, a crashing one). */
  instance(options?: CommerceOptions): Promise<CommerceSubgraph>;
  /** Every consumer involved has handled everything in the log: commerce's projections and learning's grants. */
  settle(): Promise<void>;
  /**
   * Runs `fn` (seeding) with every consumer stopped, then lets them catch up in one pass each: the
   * same result, sooner, since no consumer wakes up for each event on the one database server.
   */
  quietly<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Catalog and learning in-process, commerce served over HTTP, on a fresh database. */
export async function startCommerce(): Promise<CommerceHarness> {
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), events: catalogue });
  const catalog = await createCatalogSubgraph(platform);
  const learning = await createLearningSubgraph(platform);
  let clockOffset = 0;
  const now = () => new Date(Date.now() + clockOffset);
  const served = await serveForTest(platform, () => createCommerceSubgraph(platform, { now }));
  const others: CommerceSubgraph[] = [];
  const h: CommerceHarness = {
    platform, catalog, learning,
    get clockOffset() { return clockOffset; },
    set clockOffset(ms: number) { clockOffset = ms; },
    get commerce() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    restart: served.restart,
    async instance(options) {
      const made = await createCommerceSubgraph(platform, { now, ...options });
      others.push(made);
      return made;
    },
    async settle() {
      const { consumers } = served.subgraph;
      await consumers.courses.catchUp();
      await consumers.ownership.catchUp();
      await learning.orderGrants.catchUp();
      await consumers.ownership.catchUp();
    },
    async quietly(fn) {
      const consumers = [served.subgraph.consumers.courses, served.subgraph.consumers.ownership, learning.projector, learning.orderGrants];
      for (const consumer of consumers) await consumer.stop();
      try {
        return await fn();
      } finally {
        await h.settle();
        for (const consumer of consumers) consumer.start();
      }
    },
    async close() {
      await served.stop();
      for (const other of others) await other.stop();
      await learning.stop();
      await catalog.stop();
      await closeTestPlatform(platform);
    },
  };
  return h;
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: CommerceHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: CommerceHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);

let serial = 0;

/** A course made through catalog's service as the seed script does: one section, one lesson, published unless told otherwise. */
export async function seedCourse(
  h: CommerceHarness,
  instructor: Actor,
  options: { priceCents?: number; currency?: string; publish?: boolean } = {},
): Promise<string> {
  serial += 1;
  const service = h.catalog.service;
  const course = await service.createCourse(instructor.viewer, {
    title: `Course for sale ${serial}`, summary: 'A summary.', description: 'A description.', category: 'Programming', level: 'BEGINNER',
    priceCents: options.priceCents ?? 4_900, currency: options.currency ?? 'USD',
  });
  const section = await service.addCourseSection(instructor.viewer, course._id, 'Start');
  await service.addLesson(instructor.viewer, section._id, { title: 'Welcome', kind: 'VIDEO', durationMinutes: 5 });
  if (options.publish ?? true) await service.publishCourse(instructor.viewer, course._id);
  return course._id;
}

/** `count` paid published courses, made one after another. */
export async function seedCourses(h: CommerceHarness, instructor: Actor, count: number, options: { priceCents?: number; currency?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await seedCourse(h, instructor, options));
  return ids;
}

let keys = 0;
/** A fresh idempotency key, as a client would make one per purchase. */
export const newKey = () => `key_${Date.now().toString(36)}_${(keys += 1)}_${newId().slice(-8)}`;

export const CART_FIELDS = /* GraphQL */ `items { id priceCents addedAt course { id } } subtotalCents currency`;
export const ORDER_FIELDS = /* GraphQL */ `
  id status totalCents currency createdAt paidAt failureReason user { id } items { priceCents course { id } }`;

export const CART = `{ cart { ${CART_FIELDS} } }`;
export const ADD = `mutation($c: ID!) { addCourseToCart(courseId: $c) { ${CART_FIELDS} } }`;
export const REMOVE = `mutation($i: ID!) { removeFromCart(itemId: $i) { ${CART_FIELDS} } }`;
export const CHECKOUT = `mutation($k: String!, $t: String!) { checkout(idempotencyKey: $k, paymentToken: $t) { ${ORDER_FIELDS} } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
export const MY_ORDERS = `query($first: Int, $after: String) { myOrders(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status totalCents createdAt } } } }`;

/** The test provider's charges (its own collection), all or of one order (the order id is the charge's idempotency key). */
export const charges = (h: CommerceHarness, orderId?: string) =>
  h.platform.db.collection<TestChargeDocument>(TEST_CHARGES).find(orderId ? { idempotencyKey: orderId } : {}).toArray();

export const eventsOf = (h: CommerceHarness, filter: Record<string, unknown>) =>
  h.platform.db.collection('platform_events').find(filter).sort({ seq: 1 }).toArray();

/** Commerce's carts and orders, the test provider's charges and the event log, to show that a refused call changed nothing. */
export async function snapshot(h: CommerceHarness) {
  // What earlier calls set off (learning granting a paid order) has happened before the picture is taken.
  await h.settle();
  const { carts, orders } = h.commerce.repository;
  return {
    carts: await carts.find({}).sort({ _id: 1 }).toArray(),
    orders: await orders.find({}).sort({ _id: 1 }).toArray(),
    charges: await h.platform.db.collection(TEST_CHARGES).countDocuments(),
    events: await h.platform.db.collection('platform_events').countDocuments(),
  };
}

/** The user's enrolments in learning (its own collection), per course id. */
export async function enrolmentsOf(h: CommerceHarness, userId: string) {
  return h.learning.repository.enrollments.find({ userId }).toArray();
}
