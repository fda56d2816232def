import { describe, expect, it } from 'vitest';
import { CONFLICT_ATTEMPTS, retryOnConflict } from '../src/index.ts';

describe('retrying a write that lost a race', () => {
  it('returns the first value an attempt writes, after the losing attempts', async () => {
    const tries: number[] = [];
    const written = await retryOnConflict((attempt) => {
      tries.push(attempt);
      return attempt < 2 ? null : 'written';
    }, 'Busy.');
    expect(written).toBe('written');
    expect(tries).toEqual([0, 1, 2]);
  });

  it('gives up after its bound with CONFLICT and the message given', async () => {
    let calls = 0;
    const giveUp = retryOnConflict(() => {
      calls += 1;
      return undefined;
    }, 'The thing is being changed by others right now; try again.', { attempts: 4, jitterMs: 0 });
    await expect(giveUp).rejects.toMatchObject({
      message: 'The thing is being changed by others right now; try again.',
      extensions: { code: 'CONFLICT' },
    });
    expect(calls).toBe(4);
  });

  it('tries CONFLICT_ATTEMPTS times unless told otherwise', async () => {
    let calls = 0;
    await expect(retryOnConflict(() => ((calls += 1), null), 'Busy.', { jitterMs: 0 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(calls).toBe(CONFLICT_ATTEMPTS);
  });

  it('stops at once on an error an attempt throws', async () => {
    let calls = 0;
    const refused = retryOnConflict(() => {
      calls += 1;
      throw new Error('not yours');
    }, 'Busy.');
    await expect(refused).rejects.toThrow('not yours');
    expect(calls).toBe(1);
  });

  it('keeps a falsy value that is not null or undefined as an answer', async () => {
    expect(await retryOnConflict(() => 0, 'Busy.')).toBe(0);
  });
});
