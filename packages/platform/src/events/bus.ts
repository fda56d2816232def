import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { watch } from '../redis.ts';

/**
 * Wake-ups only: the log is the truth, a bus just says "read the log now". A lost wake-up
 * delays delivery until the consumers' next poll; it never loses an event.
 */
export interface WakeUpBus {
  /** `types`: the event types just appended, so consumers of other types need not read. */
  notify(types?: string[]): void;
  onWake(listener: (types?: string[]) => void): () => void;
  close(): Promise<void>;
}

export function inProcessBus(): WakeUpBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (types) => void emitter.emit('wake', types),
    onWake(listener) {
      emitter.on('wake', listener);
      return () => void emitter.off('wake', listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

const CHANNEL = 'learning-graph:events';

/** Fans wake-ups out to every process through Redis pub/sub, and to this process directly. */
export function redisBus(publisher: Redis, logger?: Logger): WakeUpBus {
  const local = inProcessBus();
  const subscriber = watch(publisher.duplicate(), logger);
  void subscriber.subscribe(CHANNEL).catch(() => undefined);
  subscriber.on('message', (_channel: string, message: string) => local.notify(message ? message.split(',') : undefined));
  return {
    notify(types) {
      local.notify(types);
      publisher.publish(CHANNEL, types?.join(',') ?? '').catch(() => undefined);
    },
    onWake: local.onWake,
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}
