import {
  afterTimeAndId, badInput, conflict, forbidden, hasRole, isId, isOwnerOrAdmin, newId, notFound, pageSize, retryOnConflict, signedIn,
  toConnection, type AuditMeta, type Connection, type Viewer, withVerifiedEmail,
} from '@lg/platform';
import { orderIdFor, type CheckoutWorkflow } from './checkout.ts';
import type { Resumed } from './interrupted.ts';
import { DEFAULT_CURRENCY, LIMITS, checkId, checkIdempotencyKey, checkPaymentToken, checkRefundReason } from './inputs.ts';
import type { CartWrites } from './cart-writes.ts';
import type { CartLine, CartModel, CheckoutClaim, CourseProjection, OrderModel } from './models.ts';
import type { PaymentProvider } from './payments.ts';
import { publicOrder } from './public-order.ts';
import { REFUND_WINDOW_MS, type RefundWorkflow } from './refund.ts';
import type { CommerceLoaders, CommerceRepository } from './repository.ts';

/** What the service needs of a projection beyond reading it: bringing it up to date. */
export interface CatchUp {
  catchUp(): Promise<void>;
}

/** A course the viewer can buy: published, paid, and not theirs already. */
const forSale = (course: CourseProjection | undefined, owned: Set<string>): course is CourseProjection =>
  Boolean(course && course.status === 'PUBLISHED' && course.priceCents > 0 && !owned.has(course._id));

/** Commerce's use cases and rules; resolvers only translate to and from GraphQL. */
export class CommerceService {
  constructor(
    private readonly repository: CommerceRepository,
    private readonly carts: CartWrites,
    private readonly workflow: CheckoutWorkflow,
    private readonly courses: CatchUp,
    private readonly ownership: CatchUp,
    private readonly provider: PaymentProvider,
    private readonly refunds: RefundWorkflow,
    /** The clock of the refund window (tests move it). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  loaders(): CommerceLoaders {
    return this.repository.loaders();
  }

  // ---------------------------------------------------------------- cart

  /** The viewer's cart, priced from the projection now; an empty one when there is none. */
  async cart(viewer: Viewer | null): Promise<CartModel> {
    const actor = signedIn(viewer);
    const cart = await this.repository.findCart(actor.id);
    return this.view(cart?.items ?? []);
  }

  /**
   * Adds a PUBLISHED paid course (also the seed script's entry point). Racing adds of one course
   * meet the cart's version guard: one item is added, the others are told it is in the cart.
   */
  async addCourseToCart(viewer: Viewer | null, courseId: string): Promise<CartModel> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const course = await this.course(courseId);
    if (course?.status !== 'PUBLISHED') throw notFound('The course');
    if (course.priceCents === 0) throw badInput('This course is free: enrol for free instead.', 'courseId');
    if (await this.owns(actor.id, courseId)) throw conflict('You own this course already.');
    return retryOnConflict(async () => {
      const cart = await this.repository.findCart(actor.id);
      const items = cart?.items ?? [];
      if (items.some((i) => i.courseId === courseId)) throw conflict('This course is in your cart already.');
      if (items.length >= LIMITS.cartItems) throw badInput(`A cart holds at most ${LIMITS.cartItems} courses; check out or remove one first.`, 'courseId');
      const priced = await this.repository.findCourses(items.map((i) => i.courseId));
      const currency = this.currencyOf(items, priced);
      if (items.length > 0 && currency !== course.currency)
        throw badInput(`Your cart is in ${currency} and this course is priced in ${course.currency}: one currency per cart; check out or empty it first.`, 'courseId');
      const line: CartLine = { _id: newId(), courseId, addedAt: new Date() };
      const next = [...items, line];
      const written = cart
        ? await this.carts.update(cart, { items: next })
        : await this.carts.insert({ _id: actor.id, items: next, checkout: null, version: 1, updatedAt: line.addedAt });
      return written ? this.view(next, new Map([...priced, [course._id, course]])) : null;
    }, 'Your cart is changing too fast; try again.');
  }

  /** Takes one of the viewer's own items out; any other item id is NOT_FOUND and changes nothing. */
  async removeFromCart(viewer: Viewer | null, itemId: string): Promise<CartModel> {
    const actor = signedIn(viewer);
    checkId(itemId, 'itemId');
    return retryOnConflict(async () => {
      const cart = await this.repository.findCart(actor.id);
      if (!cart?.items.some((i) => i._id === itemId)) throw notFound('The cart item');
      if (cart.checkout?.releasedItemIds.includes(itemId)) throw conflict('This item is being checked out; wait for the checkout to finish.');
      const next = cart.items.filter((i) => i._id !== itemId);
      return (await this.carts.update(cart, { items: next })) ? this.view(next) : null;
    }, 'Your cart is changing too fast; try again.');
  }

  // ---------------------------------------------------------------- checkout

  /**
   * Buys the viewer's cart (also the seed script's entry point). The same key always answers the
   * same order: an existing one is returned (finished first if it is PENDING); otherwise the cart is
   * claimed for the key's order, whose workflow then runs (see CheckoutWorkflow). A declined payment
   * answers the FAILED order, not an error.
   */
  async checkout(viewer: Viewer | null, idempotencyKey: string, paymentToken: string): Promise<OrderModel> {
    const actor = withVerifiedEmail(viewer, 'buy courses');
    checkIdempotencyKey(idempotencyKey);
    checkPaymentToken(paymentToken, (token) => this.provider.accepts(token));
    const orderId = orderIdFor(actor.id, idempotencyKey);
    let ownershipCaughtUp = false;
    return retryOnConflict(async () => {
      // The cart first, then the order: a checkout releases the cart only after its order exists,
      // so a call that finds the cart released (or emptied) by its own key's run finds that order.
      const cart = await this.repository.findCart(actor.id);
      if (cart?.checkout?.orderId === orderId) return this.workflow.finish(actor.id, cart.checkout);
      const existing = await this.repository.findOrder(orderId);
      if (existing) return this.workflow.resume(existing);
      if (cart?.checkout) {
        // Another key's checkout of this cart is under way (or was interrupted): it ends first.
        await this.workflow.finish(actor.id, cart.checkout);
        return null;
      }
      const items = cart?.items ?? [];
      if (!cart || items.length === 0) throw badInput('Your cart is empty; add a course before checking out.');
      // "Not owned" is decided on a caught-up projection: nobody pays for a course they just got.
      if (!ownershipCaughtUp) {
        await this.ownership.catchUp();
        ownershipCaughtUp = true;
      }
      const courses = await this.repository.findCourses(items.map((i) => i.courseId));
      const owned = await this.repository.ownedAmong(actor.id, items.map((i) => i.courseId));
      const bought = items.flatMap((item) => {
        const course = courses.get(item.courseId);
        return forSale(course, owned) ? [{ courseId: item.courseId, priceCents: course.priceCents, cartItemId: item._id, currency: course.currency }] : [];
      });
      const currencies = new Set(bought.map((b) => b.currency));
      const refusal = bought.length === 0
        ? badInput('Nothing in your cart is for sale to you any more (owned, unpublished or free now); remove those items.')
        : currencies.size > 1 ? badInput('Your cart mixes currencies; remove the items of all but one currency.') : null;
      if (refusal) {
        // Decided on the cart as read: if a checkout of the same key claimed and bought it since
        // (its courses are now owned), the next round finds that order instead.
        if ((await this.repository.findCart(actor.id))?.version !== cart.version) return null;
        throw refusal;
      }
      const claim: CheckoutClaim = {
        orderId, idempotencyKey, paymentToken,
        items: bought.map(({ courseId, priceCents, cartItemId }) => ({ courseId, priceCents, cartItemId })),
        totalCents: bought.reduce((sum, b) => sum + b.priceCents, 0),
        currency: bought[0]!.currency,
        releasedItemIds: items.map((i) => i._id),
        createdAt: new Date(),
      };
      if (await this.carts.update(cart, { checkout: claim })) {
        await this.workflow.fault('cartClaimed', orderId);
        return this.workflow.finish(actor.id, claim);
      }
      // The cart changed (an item, or a racing checkout): read it again.
      return null;
    }, 'Your cart is changing too fast to check out; try again.');
  }

  /** Start-up: finishes the checkouts and refunds a crash interrupted. */
  async finishInterrupted(): Promise<Resumed> {
    const checkouts = await this.workflow.finishInterrupted();
    const refunds = await this.refunds.finishInterrupted();
    return { finished: checkouts.finished + refunds.finished, failed: checkouts.failed + refunds.failed };
  }

  // ---------------------------------------------------------------- refunds

  /**
   * Gives a PAID order's money back and takes its courses back (learning cancels their enrolments
   * on OrderRefunded). An ADMIN may refund any PAID order; its buyer within REFUND_WINDOW_MS of
   * paidAt. A refund under way, also one a crash interrupted, is finished and answered, whoever
   * asked first; an order refunded already is CONFLICT.
   */
  async refundOrder(viewer: Viewer | null, id: string, reason: string | null | undefined, audit?: AuditMeta): Promise<OrderModel> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const why = checkRefundReason(reason);
    const admin = hasRole(actor, 'ADMIN');
    return retryOnConflict(async () => {
      const order = await this.repository.findOrder(id);
      if (!order) throw notFound('The order');
      if (order.userId !== actor.id && !admin) throw forbidden('Only the buyer or an ADMIN can refund an order.');
      if (order.refund && !order.refund.ownershipReleased) return this.refunds.finish(order._id);
      if (order.status === 'REFUNDED') throw conflict('This order has been refunded already.');
      if (order.status === 'PENDING') throw conflict('This order is still being paid; it can be refunded once it is PAID.');
      if (order.status === 'FAILED') throw badInput('The payment of this order was declined: nothing was charged, so there is nothing to refund.', 'id');
      if (!admin && !this.withinRefundWindow(order))
        throw badInput(`A refund can be asked for within 14 days of payment; this order was paid on ${order.paidAt!.toISOString().slice(0, 10)}. Ask an ADMIN for help.`, 'id');
      const claimed = await this.refunds.claim(order, actor.id, why, audit);
      // Null: another refund claimed it since it was read; the next round finds that one under way.
      return claimed ? this.refunds.finish(claimed._id) : null;
    }, 'This order is changing too fast to refund; try again.');
  }

  /** Until when the buyer may ask for a refund: null unless PAID with no refund asked for. */
  refundableUntil(order: OrderModel): Date | null {
    if (order.status !== 'PAID' || order.refund || !order.paidAt) return null;
    return new Date(order.paidAt.getTime() + REFUND_WINDOW_MS);
  }

  private withinRefundWindow(order: OrderModel): boolean {
    const until = this.refundableUntil(order);
    return until !== null && this.now().getTime() <= until.getTime();
  }

  // ---------------------------------------------------------------- orders

  async myOrders(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<Connection<OrderModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const key = afterTimeAndId(after);
    const from = key && { createdAt: key.at, id: key.id };
    const { rows, total } = await this.repository.orderPage(actor.id, from, size + 1);
    return toConnection(rows.map(publicOrder), size, total, (o) => [o.createdAt.toISOString(), o._id]);
  }

  /** Its buyer or ADMIN; FORBIDDEN for anyone else; null when unknown. */
  async order(viewer: Viewer | null, id: string, loaders: CommerceLoaders): Promise<OrderModel | null> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const order = await loaders.order.load(id);
    if (!order) return null;
    if (!isOwnerOrAdmin(actor, order.userId)) throw forbidden('Only the buyer or an ADMIN can see an order.');
    return publicOrder(order);
  }

  /** For `_entities`: shown to its buyer and ADMIN; to anyone else (and for a bad id) it does not exist. */
  async orderReference(viewer: Viewer | null, id: string, loaders: CommerceLoaders): Promise<OrderModel | null> {
    if (!viewer || !isId(id)) return null;
    const order = await loaders.order.load(id);
    return order && isOwnerOrAdmin(viewer, order.userId) ? publicOrder(order) : null;
  }

  // ---------------------------------------------------------------- helpers

  /** The cart as the graph shows it, priced from the projection now. */
  private async view(items: CartLine[], known?: Map<string, CourseProjection>): Promise<CartModel> {
    const courses = known ?? (await this.repository.findCourses(items.map((i) => i.courseId)));
    const rows = items.map((i) => ({ id: i._id, courseId: i.courseId, priceCents: courses.get(i.courseId)?.priceCents ?? 0, addedAt: i.addedAt }));
    return { items: rows, subtotalCents: rows.reduce((sum, r) => sum + r.priceCents, 0), currency: this.currencyOf(items, courses) };
  }

  private currencyOf(items: CartLine[], courses: Map<string, CourseProjection>): string {
    for (const item of items) {
      const course = courses.get(item.courseId);
      if (course) return course.currency;
    }
    return DEFAULT_CURRENCY;
  }

  /**
   * The course as the projection knows it. Before a refusal (unknown, unpublished, free) the
   * projection catches up once: the course may have been published or priced a moment ago.
   */
  private async course(courseId: string): Promise<CourseProjection | null> {
    const course = await this.repository.findCourse(courseId);
    if (course?.status === 'PUBLISHED' && course.priceCents > 0) return course;
    await this.courses.catchUp();
    return this.repository.findCourse(courseId);
  }

  /** Owned per the projection; "not owned" only after it has caught up once. */
  private async owns(userId: string, courseId: string): Promise<boolean> {
    if ((await this.repository.ownedAmong(userId, [courseId])).has(courseId)) return true;
    await this.ownership.catchUp();
    return (await this.repository.ownedAmong(userId, [courseId])).has(courseId);
  }
}
