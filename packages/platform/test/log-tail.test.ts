import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandStartedEvent } from 'mongodb';
import pino from 'pino';
import {
  EventConsumer, EventLog, createPlatform, createRedis, inProcessBus, memoryCheckpoint, newEvent, newId, redisBus,
  type CheckpointStore, type DomainEvent, type LoggedEvent, type Platform,
} from '../src/index.ts';
import { testConfig, testKeys } from '../src/testing/index.ts';

let platform: Platform;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true });
});
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

/** A log of its own per test, as a process has: its own wake-up bus and its own tail. */
const freshLog = (options: ConstructorParameters<typeof EventLog>[2] = {}) => new EventLog(platform.db, inProcessBus(), options);

/** The reads of the event log's collections `work` sends to the database. */
async function logReads(work: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const listener = (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && String(e.command.find).startsWith('platform_events')) reads += 1;
  };
  platform.mongo.on('commandStarted', listener);
  try {
    await work();
  } finally {
    platform.mongo.off('commandStarted', listener);
  }
  return reads;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A consumer of one test's event type that records what it handled, in order. */
function recorder(log: EventLog, type: string, options: { name?: string; pollMs?: number; gapTimeoutMs?: number; checkpointStore?: CheckpointStore; fail?: () => boolean } = {}) {
  const seen: LoggedEvent[] = [];
  const consumer = new EventConsumer({
    name: options.name ?? `tail-${newId()}`, db: platform.db, log, logger, types: [type], pollMs: options.pollMs ?? 10_000,
    ...(options.gapTimeoutMs ? { gapTimeoutMs: options.gapTimeoutMs } : {}),
    ...(options.checkpointStore ? { checkpointStore: options.checkpointStore } : {}),
    handle: async (event) => {
      if (options.fail?.()) throw new Error('this consumer is failing');
      seen.push(event);
    },
  });
  return { consumer, seen, ids: () => seen.map((e) => e._id) };
}

const events = (type: string, n: number): DomainEvent[] => Array.from({ length: n }, (_, i) => newEvent(type, newId(), { i }));

describe('the shared tail of the event log', () => {
  it('reads the log once for all the consumers of a process: three idle consumers polling every 100 ms cost one reader’s polls', async () => {
    const log = freshLog();
    const type = `Idle-${newId()}`;
    const consumers = [1, 2, 3].map(() => recorder(log, type, { pollMs: 100 }).consumer);
    for (const c of consumers) c.start();
    await pause(300);
    // One reader polling every 100 ms for a second reads about 10 times; three readers would read 30.
    const reads = await logReads(() => pause(1000));
    for (const c of consumers) await c.stop();
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(13);
  });

  it('wakes every consumer of an appended event with one read of the log', async () => {
    const log = freshLog();
    const type = `Woken-${newId()}`;
    const a = recorder(log, type);
    const b = recorder(log, type);
    a.consumer.start();
    b.consumer.start();
    await a.consumer.catchUp();
    await b.consumer.catchUp();
    await expect.poll(() => log.tail.idle).toBe(true);
    const [event] = events(type, 1);
    const reads = await logReads(async () => {
      await log.append([event!]);
      await expect.poll(() => [a.ids(), b.ids()], { timeout: 5000, interval: 10 }).toEqual([[event!._id], [event!._id]]);
    });
    await a.consumer.stop();
    await b.consumer.stop();
    expect(reads).toBe(1);
  });

  it('a failing consumer neither blocks nor loses events for another, and once it recovers gets every event once, in order', async () => {
    const log = freshLog();
    const type = `Failing-${newId()}`;
    let failing = true;
    const healthy = recorder(log, type, { pollMs: 100 });
    const failer = recorder(log, type, { pollMs: 100, fail: () => failing });
    healthy.consumer.start();
    failer.consumer.start();
    await healthy.consumer.catchUp();
    await failer.consumer.catchUp();
    const logged = events(type, 6);
    for (const event of logged.slice(0, 3)) await log.append([event]);
    await expect.poll(healthy.ids, { timeout: 5000, interval: 20 }).toEqual(logged.slice(0, 3).map((e) => e._id));
    // It keeps retrying (from its own position) while the other goes on.
    await pause(300);
    expect(failer.seen).toEqual([]);
    for (const event of logged.slice(3)) await log.append([event]);
    await expect.poll(healthy.ids, { timeout: 5000, interval: 20 }).toEqual(logged.map((e) => e._id));
    failing = false;
    await expect.poll(failer.ids, { timeout: 5000, interval: 20 }).toEqual(logged.map((e) => e._id));
    await healthy.consumer.stop();
    await failer.consumer.stop();
    expect(healthy.ids()).toEqual(logged.map((e) => e._id));
  });

  it('a consumer behind what the tail keeps catches up with its own reads, in order, then joins the shared stream', async () => {
    const log = freshLog({ tail: { retain: 5 } });
    const type = `Behind-${newId()}`;
    const ahead = recorder(log, type);
    ahead.consumer.start();
    await ahead.consumer.catchUp();
    const start = await log.lastSeq();
    const past = events(type, 20);
    for (const event of past) await log.append([event]);
    await ahead.consumer.catchUp();
    expect(log.tail.covers(start)).toBe(false);

    const behind = recorder(log, type, { checkpointStore: memoryCheckpoint(start) });
    behind.consumer.start();
    const ownReads = await logReads(() => behind.consumer.catchUp());
    expect(ownReads).toBeGreaterThan(0);
    expect(behind.ids()).toEqual(past.map((e) => e._id));
    expect(log.tail.covers(await behind.consumer.checkpoint())).toBe(true);

    // Joined: the next event reaches both with the tail's one read.
    await expect.poll(() => log.tail.idle).toBe(true);
    const [next] = events(type, 1);
    const reads = await logReads(async () => {
      await log.append([next!]);
      await expect.poll(() => [ahead.ids().at(-1), behind.ids().at(-1)], { timeout: 5000, interval: 10 }).toEqual([next!._id, next!._id]);
    });
    await ahead.consumer.stop();
    await behind.consumer.stop();
    expect(reads).toBe(1);
    expect(behind.ids()).toEqual([...past, next!].map((e) => e._id));
  });

  it('a catch-up sees an event logged before it was called, though no wake-up reached the tail', async () => {
    const log = freshLog();
    // Another process's log: its appends wake nobody here.
    const elsewhere = freshLog();
    const type = `Elsewhere-${newId()}`;
    const r = recorder(log, type);
    r.consumer.start();
    await r.consumer.catchUp();
    const [event] = events(type, 1);
    await elsewhere.append([event!]);
    await r.consumer.catchUp();
    await r.consumer.stop();
    expect(r.ids()).toEqual([event!._id]);
  });

  it('waits at a hole once for every consumer, then passes it for them all', async () => {
    const log = freshLog();
    const type = `Hole-${newId()}`;
    const a = recorder(log, type, { gapTimeoutMs: 400, pollMs: 100 });
    const b = recorder(log, type, { gapTimeoutMs: 400, pollMs: 100 });
    a.consumer.start();
    b.consumer.start();
    await a.consumer.catchUp();
    await b.consumer.catchUp();
    // A reserved position that never gets written, as an appender that crashed would leave.
    await platform.db.collection('platform_event_counters').updateOne({ _id: 'events' as never }, { $inc: { seq: 1 } });
    const [after] = events(type, 1);
    await log.append([after!]);
    await pause(150);
    expect([a.seen, b.seen]).toEqual([[], []]);
    await expect.poll(() => [a.ids(), b.ids()], { timeout: 5000, interval: 20 }).toEqual([[after!._id], [after!._id]]);
    await a.consumer.stop();
    await b.consumer.stop();
  });

  it('processes apart have a tail each, and an append in one wakes the other through Redis at once', async () => {
    const connections = [createRedis('redis://127.0.0.1:6379')!, createRedis('redis://127.0.0.1:6379')!];
    const [here, there] = connections.map((redis) => new EventLog(platform.db, redisBus(redis)));
    const type = `Apart-${newId()}`;
    // Polls far apart: only the wake-up can deliver within the test's patience.
    const end = await platform.eventLog.lastSeq();
    const near = recorder(here!, type, { pollMs: 60_000, checkpointStore: memoryCheckpoint(end) });
    const far = recorder(there!, type, { pollMs: 60_000, checkpointStore: memoryCheckpoint(end) });
    try {
      // The other process's subscription to the wake-up channel is live once it hears a probe.
      let heard = false;
      const stopListening = there!.bus.onWake((types) => void (heard ||= types?.includes(`${type}-probe`) ?? false));
      await expect.poll(() => {
        here!.bus.notify([`${type}-probe`]);
        return heard;
      }, { timeout: 5000, interval: 50 }).toBe(true);
      stopListening();
      near.consumer.start();
      far.consumer.start();
      await near.consumer.catchUp();
      await far.consumer.catchUp();
      const logged = events(type, 3);
      for (const event of logged) await here!.append([event]);
      await expect.poll(() => [near.ids(), far.ids()], { timeout: 5000, interval: 20 }).toEqual([logged.map((e) => e._id), logged.map((e) => e._id)]);
      expect([here!.tail.following, there!.tail.following]).toEqual([1, 1]);
    } finally {
      await near.consumer.stop();
      await far.consumer.stop();
      await here!.bus.close();
      await there!.bus.close();
      for (const redis of connections) redis.disconnect();
    }
  });

  it('each consumer handles each event exactly once across a restart of its process', async () => {
    const type = `Restart-${newId()}`;
    const names = [`restart-a-${newId()}`, `restart-b-${newId()}`];
    const handled = new Map<string, string[]>(names.map((n) => [n, []]));
    const startProcess = () => {
      const log = freshLog();
      const consumers = names.map((name) => new EventConsumer({
        name, db: platform.db, log, logger, types: [type], pollMs: 100,
        handle: async (event) => void handled.get(name)!.push(event._id),
      }));
      for (const c of consumers) c.start();
      return { log, consumers };
    };
    // The checkpoints begin at the log's end, as for consumers deployed today.
    const end = await platform.eventLog.lastSeq();
    for (const name of names) await platform.db.collection('platform_event_checkpoints').insertOne({ _id: name as never, seq: end });

    const logged = events(type, 9);
    const first = startProcess();
    for (const event of logged.slice(0, 3)) await first.log.append([event]);
    for (const c of first.consumers) await c.catchUp();
    for (const c of first.consumers) await c.stop();
    // Logged while the process is down, by another one.
    for (const event of logged.slice(3, 6)) await freshLog().append([event]);
    const second = startProcess();
    for (const event of logged.slice(6)) await second.log.append([event]);
    await expect.poll(() => names.map((n) => handled.get(n)!.length), { timeout: 5000, interval: 20 }).toEqual([9, 9]);
    await pause(300);
    for (const c of second.consumers) await c.stop();
    for (const name of names) expect(handled.get(name)).toEqual(logged.map((e) => e._id));
  });
});
