import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { watch } from './redis.ts';

/**
 * A live signal that is never stored: someone is typing, someone came online. Shaped like a
 * logged event so the gateway's subscriptions treat it like one, but it lives only as long as
 * the message: a subscriber who is not listening at that moment never hears it, by design.
 */
export interface LiveSignal {
  /** Unique per signal: subscriptions share one payload execution per signal id. */
  _id: string;
  type: string;
  aggregateId: string;
  userId?: string;
  courseId?: string;
  data: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Fans live signals out: to this process, and through Redis pub/sub to every other one. */
export interface LiveChannel {
  publish(signal: LiveSignal): void;
  onSignal(listener: (signal: LiveSignal) => void): () => void;
  close(): Promise<void>;
}

export function inProcessLiveChannel(): LiveChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (signal) => void emitter.emit('signal', signal),
    onSignal(listener) {
      emitter.on('signal', listener);
      return () => void emitter.off('signal', listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

const CHANNEL = 'learning-graph:live';

/** Every process hears every signal once: its own directly, the others' through Redis (its own echo is skipped). */
export function redisLiveChannel(publisher: Redis, logger?: Logger): LiveChannel {
  const local = inProcessLiveChannel();
  const origin = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const subscriber = watch(publisher.duplicate(), logger);
  void subscriber.subscribe(CHANNEL).catch(() => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { from, signal } = JSON.parse(message) as { from: string; signal: LiveSignal };
      if (from !== origin) local.publish(signal);
    } catch {
      // Not ours: ignored.
    }
  });
  return {
    publish(signal) {
      local.publish(signal);
      publisher.publish(CHANNEL, JSON.stringify({ from: origin, signal })).catch(() => undefined);
    },
    onSignal: local.onSignal,
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}
