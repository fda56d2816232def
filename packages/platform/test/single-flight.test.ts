// Concurrent calls for one key share one run; later calls start a new one.
import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../src/single-flight.ts';

describe('SingleFlight', () => {
  it('runs the work once for calls that overlap, once per key, and again after it settled', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      runs += 1;
      await gate;
      return runs;
    };
    const overlapping = [flight.run('a', work), flight.run('a', work), flight.run('b', work)];
    release();
    expect(await Promise.all(overlapping)).toEqual([2, 2, 2]);
    expect(runs).toBe(2);
    expect(await flight.run('a', work)).toBe(3);
  });

  it('lets a failed run fail every caller that shared it, and the next call try again', async () => {
    const flight = new SingleFlight<string>();
    let attempt = 0;
    const work = async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('provider down');
      return 'done';
    };
    const shared = [flight.run('order', work), flight.run('order', work)];
    await expect(Promise.all(shared)).rejects.toThrow('provider down');
    expect(await flight.run('order', work)).toBe('done');
  });
});
