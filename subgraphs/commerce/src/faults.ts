/**
 * The points between two writes of a checkout and of a refund, in the order they happen. A fault
 * hook that throws at one of them stops the workflow there, as a crash would (tests kill the
 * workflows at each).
 */
export const CHECKOUT_STEPS = ['cartClaimed', 'orderCreated', 'charged', 'chargeRecorded', 'cartCleared', 'eventRecorded', 'cartReleased'] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];
export const REFUND_STEPS = ['refundClaimed', 'refunded', 'refundRecorded', 'refundEventRecorded', 'ownershipReleased'] as const;
export type RefundStep = (typeof REFUND_STEPS)[number];
/** 'orderRead' and 'refundRead' are not writes, so crash tests skip them; race tests meet there so that two runs read the same state. */
export type FaultStep = CheckoutStep | 'orderRead' | RefundStep | 'refundRead';
/** Called after each step; throwing simulates a crash right after that step. */
export type FaultHook = (step: FaultStep, orderId: string) => void | Promise<void>;
