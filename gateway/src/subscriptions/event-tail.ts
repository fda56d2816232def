import { EventEmitter } from 'node:events';
import { EventConsumer, memoryCheckpoint, type EventLog, type LoggedEvent, type Logger } from '@lg/platform';
import type { Db } from 'mongodb';

/**
 * Follows the event log from its end for this gateway instance's live subscribers. Every gateway
 * reads the whole log (wake-ups fan out over Redis), so each delivers every event to its own
 * clients; it waits briefly at holes exactly like checkpointed consumers do.
 */
export class EventTail {
  private readonly emitter = new EventEmitter();
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: { db: Db; log: EventLog; logger: Logger; types: string[]; pollMs?: number }) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const start = await this.options.log.lastSeq();
    this.consumer = new EventConsumer({
      name: 'gateway-subscriptions',
      db: this.options.db,
      log: this.options.log,
      logger: this.options.logger,
      pollMs: this.options.pollMs ?? 500,
      checkpointStore: memoryCheckpoint(start),
      types: this.options.types,
      handle: async (event) => void this.emitter.emit('event', event),
    });
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.emitter.removeAllListeners();
  }

  /**
   * Stops reading the log, keeping its place, until `resume`: what is logged meanwhile is then
   * delivered in order. Tests use it to hold the moment between a write and its delivery open.
   */
  async pause(): Promise<void> {
    await this.consumer?.stop();
  }

  resume(): void {
    this.consumer?.start();
  }

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  onEvent(listener: (event: LoggedEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => void this.emitter.off('event', listener);
  }

  get listenerCount(): number {
    return this.emitter.listenerCount('event');
  }
}
