import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Every commerce field is personal and needs a signed-in viewer. Whose order it is (its buyer or
// ADMIN) is checked by the service, which answers FORBIDDEN (or null for a reference) otherwise.
export const permissions: IRules = {
  Query: { cart: isAuthenticated, myOrders: isAuthenticated, order: isAuthenticated },
  Mutation: { addCourseToCart: isAuthenticated, removeFromCart: isAuthenticated, checkout: isAuthenticated, refundOrder: isAuthenticated },
  Cart: allow,
  CartItem: allow,
  Order: allow,
  OrderItem: allow,
  OrderConnection: allow,
  OrderEdge: allow,
  PageInfo: allow,
  Course: allow,
  User: allow,
};
