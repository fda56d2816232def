import { describe, expect, it } from 'vitest';
import { afterId, afterTimeAndId, connectionOf, encodeCursor, idCursor, newId, timeIdCursor } from '../src/index.ts';

const badCursor = (field: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

describe('id cursors', () => {
  it('round-trip an id; no cursor is the first page', () => {
    const id = newId();
    expect(afterId(idCursor(id))).toBe(id);
    expect(afterId(null)).toBeUndefined();
    expect(afterId(undefined)).toBeUndefined();
  });

  it('refuse a cursor that does not hold one id, naming the argument it came in', () => {
    expect(() => afterId(encodeCursor(['not an id']))).toThrow(badCursor('after'));
    expect(() => afterId(encodeCursor([newId(), newId()]))).toThrow(badCursor('after'));
    expect(() => afterId('%%%', 'before')).toThrow(badCursor('before'));
    expect(() => afterId(encodeCursor([42]), 'before')).toThrow(badCursor('before'));
  });
});

describe('time-and-id cursors', () => {
  it('round-trip a time and an id', () => {
    const id = newId();
    const at = new Date('2026-03-01T10:00:00.000Z');
    expect(afterTimeAndId(timeIdCursor(at, id))).toEqual({ at, id });
    expect(afterTimeAndId(null)).toBeUndefined();
  });

  it('refuse a cursor without a valid time or id', () => {
    expect(() => afterTimeAndId(encodeCursor(['yesterday', newId()]))).toThrow(badCursor('after'));
    expect(() => afterTimeAndId(encodeCursor([1, newId()]))).toThrow(badCursor('after'));
    expect(() => afterTimeAndId(encodeCursor(['2026-03-01T10:00:00.000Z', 'x']))).toThrow(badCursor('after'));
    expect(() => afterTimeAndId(idCursor(newId()))).toThrow(badCursor('after'));
  });
});

describe('connections with cursors made by the caller', () => {
  it('use the given cursors and know there is a next page from the extra row', () => {
    const page = connectionOf(['a', 'b', 'c'], 2, 7, (row) => `cursor-${row}`);
    expect(page.edges).toEqual([{ node: 'a', cursor: 'cursor-a' }, { node: 'b', cursor: 'cursor-b' }]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'cursor-b' });
    expect(page.totalCount).toBe(7);
  });

  it('an empty page has no end cursor', () => {
    expect(connectionOf([], 5, 0, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
