import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventCatalogue, EventLog, MalformedEventError, defineEvent, newEvent, newId, type Platform } from '../src/index.ts';
import { testPlatform } from '../src/testing/index.ts';

const ThingCreated = defineEvent({
  type: 'ThingCreated',
  producer: 'tests',
  schema: z.object({ thingId: z.string().min(1), ownerId: z.string().min(1), name: z.string(), size: z.number().int() }),
  refs: (d) => ({ aggregateId: d.thingId, userId: d.ownerId }),
});

let platform: Platform;
let log: EventLog;

beforeAll(async () => {
  platform = await testPlatform();
  log = new EventLog(platform.db, platform.bus, { catalogue: new EventCatalogue([ThingCreated]) });
});
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

const logged = async () => platform.db.collection('platform_events').countDocuments();

describe('an event definition', () => {
  it('builds an event whose aggregate and refs come from its payload', () => {
    const thingId = newId();
    const ownerId = newId();
    expect(ThingCreated.build({ thingId, ownerId, name: 'lamp', size: 2 })).toMatchObject({
      type: 'ThingCreated', aggregateId: thingId, userId: ownerId, data: { thingId, ownerId, name: 'lamp', size: 2 },
    });
  });

  it('refuses to build a malformed event, naming the event and the field', () => {
    const build = () => ThingCreated.build({ thingId: newId(), ownerId: newId(), name: 'lamp', size: 'big' as unknown as number });
    expect(build).toThrow(MalformedEventError);
    expect(build).toThrow(/Malformed ThingCreated event refused: size/);
  });

  it('tells its own events from others', () => {
    const event = { ...ThingCreated.build({ thingId: newId(), ownerId: newId(), name: 'lamp', size: 1 }), seq: 1 };
    expect(ThingCreated.is(event)).toBe(true);
    expect(ThingCreated.is({ ...event, type: 'ThingDeleted' })).toBe(false);
  });
});

describe('appending to a log with a catalogue', () => {
  it('appends an event that keeps its contract', async () => {
    const before = await logged();
    await log.append([ThingCreated.build({ thingId: newId(), ownerId: newId(), name: 'chair', size: 4 })]);
    expect(await logged()).toBe(before + 1);
  });

  it('refuses a malformed event before anything is written, and reserves no position', async () => {
    const [before, seq] = [await logged(), await log.lastSeq()];
    const good = ThingCreated.build({ thingId: newId(), ownerId: newId(), name: 'desk', size: 1 });
    const bad = newEvent('ThingCreated', newId(), { thingId: newId(), name: 'desk' });
    await expect(log.append([good, bad])).rejects.toThrow(/Malformed ThingCreated event refused: ownerId: .*; size: /);
    expect(await logged()).toBe(before);
    expect(await log.lastSeq()).toBe(seq);
  });

  it('refuses an event type that is not in the catalogue', async () => {
    const before = await logged();
    await expect(log.append([newEvent('ThingRenamed', newId(), { name: 'x' })])).rejects.toThrow(
      new MalformedEventError('Unknown event type "ThingRenamed" refused: it is not in the event catalogue.'),
    );
    expect(await logged()).toBe(before);
  });

  it('refuses a catalogue that defines one type twice', () => {
    expect(() => new EventCatalogue([ThingCreated, ThingCreated])).toThrow(/ThingCreated is defined twice/);
  });
});
