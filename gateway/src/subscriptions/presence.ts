import { randomUUID } from 'node:crypto';
import { newId, type LiveChannel, type Logger, type PresenceStore } from '@lg/platform';

/** The live signal a presence change travels as (engagement's PRESENCE_CHANGED; the gateway does not import subgraphs). */
export const PRESENCE_CHANGED = 'PresenceChanged';

/**
 * Presence from this gateway's signed-in sockets: each is a connection in the store, refreshed by
 * a heartbeat (a third of the TTL), so a gateway that dies lets its users go at the TTL. The
 * first connection of a user and their last one gone are announced on the live channel; the
 * sweep (every gateway runs it, each user is claimed once) announces those whose gateway died.
 * The store is never the truth: a failing Redis is logged and presence is briefly wrong.
 */
export class PresenceTracker {
  private readonly connections = new Map<object, { userId: string; key: string }>();
  private readonly instance = randomUUID();
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: PresenceStore,
    private readonly live: LiveChannel,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  private announce(userId: string, online: boolean): void {
    const at = Date.now();
    this.live.publish({ _id: newId(), type: PRESENCE_CHANGED, aggregateId: userId, userId, data: { online }, at });
  }

  private failed = (error: unknown) => this.logger.warn({ err: error }, 'presence store unavailable');

  async connected(connection: object, userId: string): Promise<void> {
    const key = `${this.instance}:${(this.count += 1)}`;
    this.connections.set(connection, { userId, key });
    try {
      if (await this.store.touch(userId, key, this.ttlMs)) this.announce(userId, true);
    } catch (error) {
      this.failed(error);
    }
  }

  async disconnected(connection: object): Promise<void> {
    const known = this.connections.get(connection);
    if (!known) return;
    this.connections.delete(connection);
    try {
      if (await this.store.leave(known.userId, known.key)) this.announce(known.userId, false);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Keeps this gateway's users alive and lets go of the ones whose gateway stopped. */
  async beat(): Promise<void> {
    try {
      for (const { userId, key } of this.connections.values()) {
        // Online again after the store lost them (Redis restarted): said again.
        if (await this.store.touch(userId, key, this.ttlMs)) this.announce(userId, true);
      }
      for (const userId of await this.store.sweep()) this.announce(userId, false);
    } catch (error) {
      this.failed(error);
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.beat(), Math.max(250, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** A gateway stopping in order takes its users offline at once (a killed one, at the TTL). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.connections.keys()].map((c) => this.disconnected(c)));
  }

  /** Signed-in sockets on this gateway. */
  get size(): number {
    return this.connections.size;
  }
}
