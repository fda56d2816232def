import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { EventConsumer, memoryCheckpoint, type Config, type EventLog, type Logger } from '@lg/platform';
import { ResponseStore } from './response-store.ts';
import { tagsOfEvent } from './tags.ts';
import { evictionChannel, WriteMarks } from './writes.ts';

/** The tail's safety-net poll: a missed wake-up still evicts within it (the contract says 1 s). */
export const CACHE_POLL_MS = 500;
/** How long a mutation's answer waits at most for this instance to evict what its events change. */
const CATCH_UP_WAIT_MS = 1000;

/**
 * The gateway's response cache: entries in this process (ResponseStore), evicted by this instance's
 * own reader of the event log (woken in process or through Redis, polled every CACHE_POLL_MS), by
 * what mutations touched (broadcast: the complement for the few writes that log no event), and
 * aged out by the TTL only as a safety net.
 */
export class ResponseCache {
  readonly store: ResponseStore;
  private readonly marks: WriteMarks;
  private readonly channel: ReturnType<typeof evictionChannel>;
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: { config: Config; db: Db; log: EventLog; logger: Logger; redis?: Redis | undefined; pollMs?: number }) {
    const { config } = options;
    this.store = new ResponseStore({
      maxBytes: config.CACHE_MAX_BYTES,
      ttlMs: config.CACHE_TTL_SECONDS * 1000,
      longestRequestMs: config.GATEWAY_DEADLINE_MS + 5000,
    });
    this.marks = new WriteMarks(options.redis, 1000);
    this.channel = evictionChannel(options.redis, options.logger, (tags) => void this.store.evict(tags));
  }

  async start(): Promise<void> {
    this.consumer = new EventConsumer({
      name: 'gateway-cache',
      db: this.options.db,
      log: this.options.log,
      logger: this.options.logger,
      pollMs: this.options.pollMs ?? CACHE_POLL_MS,
      checkpointStore: memoryCheckpoint(await this.options.log.lastSeq()),
      handle: async (event) => void this.store.evict(tagsOfEvent(event)),
    });
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.channel.close();
  }

  /** How far this instance's evictions have followed the log. */
  async processedSeq(): Promise<number> {
    return this.consumer ? this.consumer.checkpoint() : Number.MAX_SAFE_INTEGER;
  }

  async writerPending(userId: string): Promise<boolean> {
    return this.marks.pending(userId, await this.processedSeq());
  }

  /**
   * Before a mutation's answer leaves: evicts what it touched on every instance, catches this
   * instance up with the log (the events it wrote are there: services flush their outbox before
   * answering), so that nobody on this instance reads what came before it, and for a signed-in
   * writer records where the log stood, so that other instances bypass their cache for the writer
   * until their own reader has passed that position.
   */
  async afterMutation(tags: string[], writerId: string | undefined): Promise<void> {
    this.channel.publish(tags);
    const seq = await this.options.log.lastSeq();
    if (writerId) await this.marks.record(writerId, { seq, at: Date.now() });
    if (this.consumer && (await this.consumer.checkpoint()) < seq) {
      await Promise.race([this.consumer.catchUp(), new Promise((resolve) => setTimeout(resolve, CATCH_UP_WAIT_MS).unref())]);
    }
  }
}
