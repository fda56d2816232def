import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { z } from 'zod';
import { Projector, defineEvent, newId, type LoggedEvent, type Platform } from '../src/index.ts';
import { testPlatform } from '../src/testing/index.ts';

const Tick = defineEvent({
  type: 'Tick', producer: 'tests', schema: z.object({ id: z.string(), n: z.number() }), refs: (d) => ({ aggregateId: d.id }),
});

let platform: Platform;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  platform = await testPlatform();
});
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

const tick = (n: number) => Tick.build({ id: newId(), n });

/** A projector whose handler waits for `release` before it returns, so that a pass can be held open. */
function heldProjector(name: string, seen: number[]) {
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const hold = () => (gate = new Promise<void>((r) => (release = r)));
  const projector = new Projector({
    name, db: platform.db, log: platform.eventLog, logger, events: [Tick],
    handle: async (event: LoggedEvent) => {
      await gate;
      if (Tick.is(event)) seen.push(event.data.n);
    },
  });
  return { projector, hold, release: () => release() };
}

describe('a projector', () => {
  it('coalesces: many catch-ups asked for during one pass cost one more pass, not one each', async () => {
    const seen: number[] = [];
    const { projector, hold, release } = heldProjector(`coalesce-${newId()}`, seen);
    const passes = vi.spyOn(projector.consumer, 'catchUp');
    await platform.eventLog.append([tick(1)]);
    hold();
    const first = projector.catchUp();
    await vi.waitFor(() => expect(passes).toHaveBeenCalledTimes(1));
    await platform.eventLog.append([tick(2)]);
    const during = Array.from({ length: 20 }, () => projector.catchUp());
    release();
    await Promise.all([first, ...during]);
    expect(passes).toHaveBeenCalledTimes(2);
    // Every caller saw what was logged before it asked.
    expect(seen).toEqual([1, 2]);
  });

  it('shares a pass that has not started among the callers who ask before it does', async () => {
    const { projector } = heldProjector(`shared-${newId()}`, []);
    const passes = vi.spyOn(projector.consumer, 'catchUp');
    await Promise.all([projector.catchUp(), projector.catchUp(), projector.catchUp()]);
    expect(passes).toHaveBeenCalledTimes(2);
  });

  it('rebuilds: clears, replays from the start of the log, and catch-ups asked meanwhile wait for it', async () => {
    const seen: number[] = [];
    let cleared = 0;
    const name = `rebuild-${newId()}`;
    const projector = new Projector({
      name, db: platform.db, log: platform.eventLog, logger, events: [Tick],
      handle: async (event) => void (Tick.is(event) && seen.push(event.data.n)),
      clear: async () => void (cleared += 1, seen.length = 0),
    });
    await platform.eventLog.append([tick(7)]);
    await projector.catchUp();
    const before = [...seen];
    const rebuilt = projector.rebuild();
    const waiting = projector.catchUp();
    await rebuilt;
    await waiting;
    expect(cleared).toBe(1);
    expect(seen).toEqual(before);
    expect(await projector.checkpoint()).toBe(await platform.eventLog.lastSeq());
  });
});
