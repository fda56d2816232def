import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Auth } from '../../src/subscriptions/auth.ts';
import { runAsViewer, sharedPerEvent, type Execute } from '../../src/subscriptions/payloads.ts';

const as = (token: string): Auth => ({ viewer: null, token, expiresAt: Number.POSITIVE_INFINITY });
/** Two events of the log, each carrying the id of the item its payload loads. */
const e1 = { eventId: 'e1', id: 'item-1' };
const e2 = { eventId: 'e2', id: 'item-2' };

function countingExecutor(result: ExecutionResult = { data: { ok: true } }) {
  const calls: string[] = [];
  const execute: Execute = async (query, _variables, auth) => {
    calls.push(`${auth.token}:${String(query)}`);
    return result;
  };
  return { execute, calls };
}

describe('payload executions shared per event', () => {
  it('subscribers with the same token and selection share one execution of an event', async () => {
    const { execute, calls } = countingExecutor();
    const forEvent = sharedPerEvent(execute);
    const [a, b] = await Promise.all([forEvent(e1, 'q', { id: 'm1' }, as('t1')), forEvent(e1, 'q', { id: 'm1' }, as('t1'))]);
    expect(a).toBe(b);
    expect(calls).toEqual(['t1:q']);
  });

  it('another token, selection, variables or event each run their own', async () => {
    const { execute, calls } = countingExecutor();
    const forEvent = sharedPerEvent(execute);
    await Promise.all([
      forEvent(e1, 'q', { id: 'm1' }, as('t1')),
      forEvent(e1, 'q', { id: 'm1' }, as('t2')),
      forEvent(e1, 'q2', { id: 'm1' }, as('t1')),
      forEvent(e1, 'q', { id: 'm2' }, as('t1')),
      forEvent(e2, 'q', { id: 'm1' }, as('t1')),
    ]);
    expect(calls).toHaveLength(5);
  });

  it('subscribers of one audience share one execution whatever their tokens, run as the first of them', async () => {
    const { execute, calls } = countingExecutor();
    const forEvent = sharedPerEvent(execute);
    await Promise.all(['t1', 't2', 't3'].map((t) => forEvent(e1, 'q', { id: 'm1' }, as(t), 'course:c1|roles:STUDENT|member')));
    await forEvent(e1, 'q', { id: 'm1' }, as('t4'), 'course:c1|roles:ADMIN|member');
    expect(calls).toEqual(['t1:q', 't4:q']);
  });

  it('an audience never shares with a token of the same spelling', async () => {
    const { execute, calls } = countingExecutor();
    const forEvent = sharedPerEvent(execute);
    await forEvent(e1, 'q', {}, as('x'), 'x');
    await forEvent(e1, 'q', {}, as('x'));
    expect(calls).toHaveLength(2);
  });

  it('an event is executed again once its shared result has been forgotten', async () => {
    const { execute, calls } = countingExecutor();
    const forEvent = sharedPerEvent(execute, 0);
    await forEvent(e1, 'q', {}, as('t1'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await forEvent(e1, 'q', {}, as('t1'));
    expect(calls).toHaveLength(2);
  });

  it("loads the event's item: its id joins the subscription's variables", async () => {
    const seen: Record<string, unknown>[] = [];
    const forEvent = sharedPerEvent(async (_query, variables) => {
      seen.push(variables);
      return { data: {} };
    });
    const variables = { c: 'course-1' };
    await forEvent(e1, 'q', variables, as('t1'));
    expect(seen).toEqual([{ c: 'course-1', __eventId: 'item-1' }]);
    expect(variables).toEqual({ c: 'course-1' });
  });

  it('a subscriber whose turn comes once the result is in gets that same result at once, without a promise', async () => {
    const { execute } = countingExecutor();
    const forEvent = sharedPerEvent(execute);
    const first = await forEvent(e1, 'q', { id: 'm1' }, as('t1'), 'course:c1|roles:STUDENT|member');
    const later = forEvent(e1, 'q', { id: 'm1' }, as('t2'), 'course:c1|roles:STUDENT|member');
    expect(later).not.toBeInstanceOf(Promise);
    expect(later).toBe(first);
  });
});

describe('authorization queries run as the subscriber', () => {
  it('answer the data, with the token of the moment', async () => {
    const { execute, calls } = countingExecutor({ data: { isCourseMember: true } });
    let token = 't1';
    const run = runAsViewer(execute, () => as(token));
    expect(await run('q', {})).toEqual({ isCourseMember: true });
    token = 't2';
    await run('q', {});
    expect(calls).toEqual(['t1:q', 't2:q']);
  });

  it('throw the first error with its code', async () => {
    const { execute } = countingExecutor({ errors: [{ message: 'No.', extensions: { code: 'FORBIDDEN' } }] as never });
    await expect(runAsViewer(execute, () => as('t1'))('q', {})).rejects.toMatchObject({ message: 'No.', extensions: { code: 'FORBIDDEN' } });
  });
});
