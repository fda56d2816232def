import type { DomainEvent } from '@lg/platform';
import { CartChanged, OrderPaid, OrderRefunded, type CartChangedData, type OrderPaidData, type OrderRefundedData } from '@lg/events';

// The events commerce produces, built from their contracts in @lg/events (which validate them).

export type { CartChangedData, OrderPaidData, OrderRefundedData } from '@lg/events';

export const orderPaid = (d: OrderPaidData): DomainEvent => OrderPaid.build(d);
export const orderRefunded = (d: OrderRefundedData): DomainEvent => OrderRefunded.build(d);
export const cartChanged = (d: CartChangedData): DomainEvent => CartChanged.build(d);
