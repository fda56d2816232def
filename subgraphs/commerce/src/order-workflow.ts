import { SingleFlight, type EventLog, type Logger } from '@lg/platform';
import type { FaultHook, FaultStep } from './faults.ts';
import type { OrderModel } from './models.ts';
import type { PaymentProvider } from './payments.ts';
import type { CommerceRepository } from './repository.ts';

/** What a checkout and a refund both run on. */
export interface OrderWorkflowParts {
  repository: CommerceRepository;
  provider: PaymentProvider;
  events: EventLog;
  logger: Logger;
  /** Tests only: called after each step; throwing there simulates a crash at that point. */
  faults?: FaultHook | undefined;
}

/**
 * The frame of a workflow over one order (checkout, refund): its parts, the fault hook between its
 * steps, and within one process one run at a time per order (concurrent runs share it).
 */
export abstract class OrderWorkflow {
  protected readonly repository: CommerceRepository;
  protected readonly provider: PaymentProvider;
  protected readonly events: EventLog;
  protected readonly logger: Logger;
  protected readonly runs = new SingleFlight<OrderModel>();
  private readonly faults: FaultHook | undefined;

  constructor(parts: OrderWorkflowParts) {
    ({ repository: this.repository, provider: this.provider, events: this.events, logger: this.logger, faults: this.faults } = parts);
  }

  /** Lets the fault hook stop the run after `step`, as a crash there would. */
  async fault(step: FaultStep, orderId: string): Promise<void> {
    await this.faults?.(step, orderId);
  }
}
