import type { LoggedEvent } from './event.ts';
import { EventConsumer, type ConsumerOptions } from './consumer.ts';
import { typesOf, type EventDefinition } from './definition.ts';

export interface ProjectorOptions extends Omit<ConsumerOptions, 'types' | 'handle'> {
  /** The events it reads; every other type only advances the checkpoint. */
  events: readonly EventDefinition[];
  /** More types by name, for readers below @lg/events (the platform's user-data participant). */
  types?: readonly string[];
  /**
   * Must be idempotent: delivery is at least once, and a rebuild replays the whole log. A subclass
   * may override `handle` instead.
   */
  handle?: (event: LoggedEvent) => Promise<void>;
  /** Throws the projected documents away before a rebuild replays the log into them. */
  clear?: () => Promise<void>;
}

/**
 * A checkpointed consumer with the controls every projection needs: started and stopped with its
 * subgraph, caught up on demand, rebuilt from the start of the log.
 *
 * Catch-ups coalesce: a caller must see everything logged before it asked, so a pass already under
 * way (which may have read the log before the caller's event) is followed by one more; every caller
 * that asks meanwhile shares that one, so a burst of requests costs at most two passes.
 */
export class Projector {
  readonly consumer: EventConsumer;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private started = false;

  constructor(private readonly options: ProjectorOptions) {
    const { events, types = [], clear: _clear, handle: _handle, ...consumer } = options;
    this.consumer = new EventConsumer({ ...consumer, types: [...typesOf(events), ...types], handle: (event) => this.handle(event) });
  }

  protected handle(event: LoggedEvent): Promise<void> {
    if (!this.options.handle) throw new Error(`Projector ${this.options.name} has no handler.`);
    return this.options.handle(event);
  }

  start(): void {
    this.started = true;
    this.consumer.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.consumer.stop();
  }

  checkpoint(): Promise<number> {
    return this.consumer.checkpoint();
  }

  /** Resolves once everything in the log when it was called has been handled. */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.run(() => this.consumer.catchUp());
    this.queued = this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return this.run(() => this.consumer.catchUp());
    });
    return this.queued;
  }

  /**
   * Replays the whole log into an emptied projection (maintenance, and replay proofs); catch-ups
   * asked for meanwhile wait for it. The checkpoint is reset before the documents go, so a crash in
   * between replays into the old documents, which their `seq` guards keep right.
   */
  rebuild(): Promise<void> {
    const wasStarted = this.started;
    const previous = this.running;
    return this.run(async () => {
      await previous?.catch(() => undefined);
      await this.consumer.stop();
      await this.consumer.resetCheckpoint();
      await this.options.clear?.();
      await this.consumer.catchUp();
      if (wasStarted) this.consumer.start();
    });
  }

  private run(pass: () => Promise<void>): Promise<void> {
    const running = pass().finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }
}
