import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, ensureIndexes, insertIfAbsent, loadConfig, loadSubgraphSecret, pageSize, toConnection } from '../src/index.ts';
import { testPlatform } from '../src/testing/index.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, NODE_ENV: 'development', production: false, ACCESS_TOKEN_TTL_SECONDS: 900 });
  });

  it('refuses a bad value with a one-line reason naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'not a url' })).toThrow(/MONGODB_URI/);
  });

  it('keeps the read caches on unless CACHES is off, and accepts nothing else', () => {
    expect(loadConfig({}).CACHES).toBe('on');
    expect(loadConfig({ CACHES: 'off' }).CACHES).toBe('off');
    expect(() => loadConfig({ CACHES: 'no' })).toThrow(/CACHES/);
  });
});

describe('pagination', () => {
  it('cursors are opaque and round-trip', () => {
    const cursor = encodeCursor(['2026-01-01', 'abc']);
    expect(cursor).not.toContain('abc');
    expect(decodeCursor(cursor, 2)).toEqual(['2026-01-01', 'abc']);
  });

  it('a garbage cursor or page size is BAD_USER_INPUT', () => {
    expect(() => decodeCursor('%%%', 1)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => decodeCursor(encodeCursor([1, 2]), 1)).toThrow(/cursor/);
    expect(() => pageSize(101)).toThrow(/between 0 and 100/);
    expect(() => pageSize(-1)).toThrow(/between 0 and 100/);
    expect(pageSize(undefined)).toBe(20);
  });

  it('a page fetched with one extra row knows there is a next page', () => {
    const page = toConnection([1, 2, 3], 2, 3, (n) => [n]);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor([2]) });
  });
});

describe('indexes', () => {
  it('declared indexes are created once; a second start-up changes nothing', async () => {
    const platform = await testPlatform();
    const declarations = [{ collection: 'idx', indexes: [{ key: { a: 1 }, name: 'a', unique: true }, { key: { b: 1 }, name: 'b' }] }];
    await ensureIndexes(platform.db, declarations);
    await ensureIndexes(platform.db, declarations);
    const names = (await platform.db.collection('idx').listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'a', 'b']);
    await platform.db.dropDatabase();
    await platform.close();
  });
});

describe('inserting unless a unique key is taken', () => {
  it('inserts once; a second insert under the same key is false and changes nothing', async () => {
    const platform = await testPlatform();
    const claims = platform.db.collection<{ _id: string; by: string }>('claims');
    expect(await insertIfAbsent(claims, { _id: 'slot-1', by: 'first' })).toBe(true);
    expect(await insertIfAbsent(claims, { _id: 'slot-1', by: 'second' })).toBe(false);
    expect(await claims.find().toArray()).toEqual([{ _id: 'slot-1', by: 'first' }]);
    await platform.db.dropDatabase();
    await platform.close();
  });

  it('lets any other error through', async () => {
    const platform = await testPlatform();
    await platform.close();
    await expect(insertIfAbsent(platform.db.collection('claims'), { _id: 'slot-1' })).rejects.toThrow();
  });
});

describe('the subgraph secret', () => {
  it('is required in production', () => {
    expect(() => loadSubgraphSecret(loadConfig({ NODE_ENV: 'production' }))).toThrow(/SUBGRAPH_SECRET must be set in production/);
    expect(() => loadConfig({ SUBGRAPH_SECRET: 'short' })).toThrow(/SUBGRAPH_SECRET/);
  });

  it('is generated once into the data directory in development, and every process reads the same one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-secret-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      const first = loadSubgraphSecret(config);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(loadSubgraphSecret(config)).toBe(first);
      expect(readFileSync(join(dir, 'keys', 'subgraph-secret'), 'utf8')).toBe(first);
      expect(readdirSync(join(dir, 'keys'))).toEqual(['subgraph-secret']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
