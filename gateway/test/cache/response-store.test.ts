import { describe, expect, it } from 'vitest';
import { ResponseStore } from '../../src/cache/response-store.ts';

const store = (maxBytes = 1_000_000) => new ResponseStore({ maxBytes, ttlMs: 60_000, longestRequestMs: 35_000 });

describe('the response store', () => {
  it('keeps an answer and drops it when one of its tags is evicted, leaving the others', () => {
    const s = store();
    s.set('catalog', '{"a":1}', ['id:c1', 'root:courses'], s.now());
    s.set('other', '{"b":2}', ['id:c2'], s.now());
    expect(s.get('catalog')).toBe('{"a":1}');
    expect(s.evict(['root:courses'])).toBe(1);
    expect(s.get('catalog')).toBeUndefined();
    expect(s.get('other')).toBe('{"b":2}');
  });

  it('does not keep an answer computed while one of its tags was evicted: it may predate the write', () => {
    const s = store();
    const startedAt = s.now();
    s.evict(['id:c1']);
    expect(s.set('page', '{}', ['id:c1'], startedAt)).toBe(false);
    expect(s.get('page')).toBeUndefined();
    expect(s.set('page', '{}', ['id:c2'], startedAt)).toBe(true);
    expect(s.set('fresh', '{}', ['id:c1'], s.now())).toBe(true);
  });

  it('stays within its bytes, dropping the least recently used answers and their tags', () => {
    const s = store(2000);
    for (let i = 0; i < 10; i += 1) s.set(`k${i}`, 'x'.repeat(500), [`id:${i}`], s.now());
    expect(s.size).toBeLessThan(4);
    expect(s.get('k9')).toBeDefined();
    expect(s.get('k0')).toBeUndefined();
    expect(s.evict(['id:0'])).toBe(0);
  });

  it('a replaced answer is evicted by its new tags, not its old ones', () => {
    const s = store();
    s.set('page', 'old', ['id:old'], s.now());
    s.set('page', 'new', ['id:new'], s.now());
    expect(s.evict(['id:old'])).toBe(0);
    expect(s.get('page')).toBe('new');
    expect(s.evict(['id:new'])).toBe(1);
  });
});
