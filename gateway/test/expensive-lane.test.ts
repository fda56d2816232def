import { describe, expect, it } from 'vitest';
import { ExpensiveLane } from '../src/cost/expensive-lane.ts';

const later = (ms: number) => Date.now() + ms;
const settle = () => new Promise((r) => setImmediate(r));

/** The order in which operations (name, cost, caller's spend), queued in turn behind a running one, are let in. */
async function admissionOrder(waiting: [name: string, cost: number, spent: number][]): Promise<string[]> {
  const lane = new ExpensiveLane(1, 1000);
  const running = await lane.enter(5000, 0, later(1000));
  const order: string[] = [];
  const admitted = waiting.map(([name, cost, spent]) => lane.enter(cost, spent, later(1000)).then((release) => { order.push(name); release(); }));
  await settle();
  running();
  await Promise.all(admitted);
  return order;
}

describe('the expensive lane', () => {
  it('never holds back a cheap operation, however full the lane is', async () => {
    const lane = new ExpensiveLane(1, 1000);
    await lane.enter(5000, 0, later(1000));
    const cheap = await lane.enter(999, 10 ** 9, later(1000));
    expect(typeof cheap).toBe('function');
    expect(lane.load).toEqual({ running: 1, waiting: 0 });
  });

  it('lets as many expensive operations run at once as it has slots, and the next one in when one ends', async () => {
    const lane = new ExpensiveLane(2, 1000);
    const first = await lane.enter(5000, 0, later(1000));
    await lane.enter(5000, 0, later(1000));
    let third = false;
    const waiting = lane.enter(5000, 0, later(1000)).then(() => (third = true));
    await settle();
    expect([third, lane.load]).toEqual([false, { running: 2, waiting: 1 }]);
    first();
    first(); // a second release of the same operation frees nothing more
    await waiting;
    expect(lane.load).toEqual({ running: 2, waiting: 0 });
  });

  it('admits the cheapest waiting operation first, whoever came first', async () => {
    expect(await admissionOrder([['costliest', 9900, 0], ['course page', 5000, 50_000]])).toEqual(['course page', 'costliest']);
  });

  it('between operations of one cost, admits the caller who has spent least this minute first', async () => {
    expect(await admissionOrder([['hammering', 5000, 90_000], ['ordinary', 5000, 5_000]])).toEqual(['ordinary', 'hammering']);
  });

  it('refuses an operation whose deadline passes while it waits, with RATE_LIMITED and HTTP 429', async () => {
    const lane = new ExpensiveLane(1, 1000);
    await lane.enter(5000, 0, later(1000));
    const refused = await lane.enter(5000, 100, later(30)).then(() => undefined, (e: { extensions: Record<string, any> }) => e.extensions);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'EXPENSIVE_LANE_FULL', http: { status: 429 } });
    expect(lane.load).toEqual({ running: 1, waiting: 0 });
  });

  it('takes back a slot that was never released once its deadline has long passed', async () => {
    const lane = new ExpensiveLane(1, 1000);
    await lane.enter(5000, 0, later(10)); // never released
    const next = await lane.enter(5000, 0, later(3000));
    expect(typeof next).toBe('function');
    expect(lane.load).toEqual({ running: 1, waiting: 0 });
  });
});
