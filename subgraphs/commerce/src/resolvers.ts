import { auditOf, DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    cart: (_root, _args, ctx) => ctx.commerce.cart(ctx.viewer),
    myOrders: (_root, { first, after }, ctx) => ctx.commerce.myOrders(ctx.viewer, first, after),
    order: (_root, { id }, ctx) => ctx.commerce.order(ctx.viewer, id, ctx.loaders),
  },
  Mutation: {
    addCourseToCart: (_root, { courseId }, ctx) => ctx.commerce.addCourseToCart(ctx.viewer, courseId),
    removeFromCart: (_root, { itemId }, ctx) => ctx.commerce.removeFromCart(ctx.viewer, itemId),
    checkout: (_root, { idempotencyKey, paymentToken }, ctx) => ctx.commerce.checkout(ctx.viewer, idempotencyKey, paymentToken),
    refundOrder: (_root, { id, reason }, ctx) => ctx.commerce.refundOrder(ctx.viewer, id, reason, auditOf(ctx)),
  },
  CartItem: {
    // References only: catalog resolves the rest through the gateway's batched _entities.
    course: (item) => courseRef(item.courseId),
  },
  Order: {
    __resolveReference: (ref, ctx) => ctx.commerce.orderReference(ctx.viewer, ref.id, ctx.loaders),
    id: (order) => order._id,
    user: (order) => userRef(order.userId),
    refundedAt: (order) => order.refundedAt ?? null,
    refundReason: (order) => order.refund?.reason ?? null,
    refundableUntil: (order, _args, ctx) => ctx.commerce.refundableUntil(order),
  },
  OrderItem: {
    course: (item) => courseRef(item.courseId),
  },
};
