import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import pino from 'pino';
import {
  EventConsumer, EventLog, flushAllOutboxes, memoryCheckpoint, flushOutbox, inProcessBus, newEvent, newId, pushToOutbox,
  type LoggedEvent, type Platform, type WithOutbox,
} from '../src/index.ts';
import { testPlatform } from '../src/testing/index.ts';

let platform: Platform;
let things: Collection<WithOutbox & { name: string }>;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  platform = await testPlatform();
  things = platform.db.collection('things');
});
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

/** A write and its event in one single-document update, as every domain does it. */
async function writeThing(name: string) {
  const id = newId();
  await things.insertOne({ _id: id, name, outbox: [newEvent('ThingCreated', id, { name })] });
  return id;
}

const consumer = (name: string, seen: LoggedEvent[], log = platform.eventLog) =>
  new EventConsumer({ name, db: platform.db, log, logger, pollMs: 50, handle: async (e) => void seen.push(e), types: ['ThingCreated'] });

describe('event log and outbox', () => {
  it('flushing an outbox appends its events once, however often it runs', async () => {
    const id = await writeThing('once');
    await Promise.all([flushOutbox(things, id, platform.eventLog), flushOutbox(things, id, platform.eventLog)]);
    await flushOutbox(things, id, platform.eventLog);
    const logged = await platform.db.collection('platform_events').find({ aggregateId: id }).toArray();
    expect(logged).toHaveLength(1);
    expect((await things.findOne({ _id: id }))!.outbox).toEqual([]);
    // The losing flush filled its reserved position, so consumers have no hole to wait at.
    const seqs = (await platform.db.collection('platform_events').find().sort({ seq: 1 }).toArray()).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('events a crash left in outboxes are appended at start-up', async () => {
    const ids = [await writeThing('crash-a'), await writeThing('crash-b')];
    expect(await flushAllOutboxes(things, platform.eventLog)).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(await platform.db.collection('platform_events').countDocuments({ aggregateId: id })).toBe(1);
  });

  it('a later update adds to the outbox without losing a pending event', async () => {
    const id = await writeThing('two');
    await things.updateOne({ _id: id }, { $set: { name: 'renamed' }, $push: pushToOutbox(newEvent('ThingRenamed', id, {})) });
    await flushOutbox(things, id, platform.eventLog);
    const types = (await platform.db.collection('platform_events').find({ aggregateId: id }).sort({ seq: 1 }).toArray()).map((e) => e.type);
    expect(types).toEqual(['ThingCreated', 'ThingRenamed']);
  });

  it('log positions are unique and increasing under concurrent appends', async () => {
    const events = Array.from({ length: 20 }, (_, i) => newEvent('Concurrent', newId(), { i }));
    await Promise.all(events.map((e) => platform.eventLog.append([e])));
    const seqs = (await platform.db.collection('platform_events').find({ type: 'Concurrent' }).toArray()).map((e) => e.seq as number);
    expect(new Set(seqs).size).toBe(20);
  });
});

describe('checkpointed consumers', () => {
  it('a consumer stopped while events are written catches up when started again', async () => {
    const seen: LoggedEvent[] = [];
    const first = consumer('catch-up', seen);
    await first.catchUp();
    const before = seen.length;
    await first.stop();
    const ids = [];
    for (const name of ['offline-1', 'offline-2', 'offline-3']) {
      const id = await writeThing(name);
      await flushOutbox(things, id, platform.eventLog);
      ids.push(id);
    }
    const again = consumer('catch-up', seen);
    again.start();
    await expect.poll(() => seen.length - before, { timeout: 5000 }).toBe(3);
    expect(seen.slice(before).map((e) => e.aggregateId)).toEqual(ids);
    await again.stop();
  });

  it('a wake-up delivers a new event to a running consumer at once', async () => {
    const seen: LoggedEvent[] = [];
    const live = consumer('live', seen);
    await live.catchUp();
    live.start();
    const id = await writeThing('live');
    await flushOutbox(things, id, platform.eventLog);
    await expect.poll(() => seen.some((e) => e.aggregateId === id), { timeout: 2000, interval: 10 }).toBe(true);
    await live.stop();
  });

  it('a lost wake-up only delays an event: the poll still delivers it', async () => {
    const seen: LoggedEvent[] = [];
    // This log's bus is not the consumer's: no wake-up ever reaches it.
    const deaf = new EventLog(platform.db, inProcessBus());
    const c = consumer('deaf', seen, platform.eventLog);
    await c.catchUp();
    c.start();
    const id = newId();
    await deaf.append([newEvent('ThingCreated', id, { name: 'quiet' })]);
    await expect.poll(() => seen.some((e) => e.aggregateId === id), { timeout: 3000 }).toBe(true);
    await c.stop();
  });

  it('a projection rebuilt from the start of the log sees the same events', async () => {
    const seen: LoggedEvent[] = [];
    const c = consumer('rebuild', seen);
    await c.catchUp();
    const firstPass = seen.map((e) => e._id);
    await c.resetCheckpoint();
    await c.catchUp();
    expect(seen.slice(firstPass.length).map((e) => e._id)).toEqual(firstPass);
  });

  it('a hole in the log is waited for, then passed', async () => {
    const seen: LoggedEvent[] = [];
    const c = new EventConsumer({ name: 'gap', db: platform.db, log: platform.eventLog, logger, gapTimeoutMs: 300, handle: async (e) => void seen.push(e) });
    await c.catchUp();
    // Reserve a position that never gets written, as an appender that crashed would.
    await platform.db.collection('platform_event_counters').updateOne({ _id: 'events' as never }, { $inc: { seq: 1 } });
    const after = newEvent('AfterGap', newId(), {});
    await platform.eventLog.append([after]);
    await c.catchUp();
    expect(seen.some((e) => e._id === after._id)).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    await c.catchUp();
    expect(seen.some((e) => e._id === after._id)).toBe(true);
  });

  it('an event missing from the recent window is still delivered, from the full log', async () => {
    const seen: LoggedEvent[] = [];
    const c = new EventConsumer({
      name: 'recent-hole', db: platform.db, log: platform.eventLog, logger, gapTimeoutMs: 200,
      checkpointStore: memoryCheckpoint(await platform.eventLog.lastSeq()), handle: async (e) => void seen.push(e),
    });
    const lost = newEvent('LostFromWindow', newId(), {});
    const after = newEvent('AfterLost', newId(), {});
    await platform.eventLog.append([lost]);
    // As if the process died between writing the full log and the window.
    await platform.db.collection('platform_events_recent').deleteOne({ _id: lost._id as never });
    await platform.eventLog.append([after]);
    await c.catchUp();
    await new Promise((r) => setTimeout(r, 250));
    await c.catchUp();
    expect(seen.map((e) => e._id)).toEqual([lost._id, after._id]);
  });

  it('a consumer that fell behind the recent window reads the full log, in order', async () => {
    const log = new EventLog(platform.db, inProcessBus(), { recentWindow: 5 });
    const seen: LoggedEvent[] = [];
    const c = new EventConsumer({
      name: 'behind', db: platform.db, log, logger, types: ['Behind'],
      checkpointStore: memoryCheckpoint(await log.lastSeq()), handle: async (e) => void seen.push(e),
    });
    const events = Array.from({ length: 12 }, (_, i) => newEvent('Behind', newId(), { i }));
    for (const e of events) await log.append([e]);
    expect(await platform.db.collection('platform_events_recent').countDocuments({ type: 'Behind' })).toBeLessThan(12);
    await c.catchUp();
    expect(seen.map((e) => e._id)).toEqual(events.map((e) => e._id));
  });
});
