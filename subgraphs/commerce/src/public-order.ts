import type { OrderModel } from './models.ts';

/** What callers get: no outbox, no payment token. */
export function publicOrder(order: OrderModel): OrderModel {
  const { outbox: _outbox, paymentToken: _token, ...rest } = order;
  return rest;
}
