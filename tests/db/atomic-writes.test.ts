import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';

// The invariants of docs/architecture.md §3 ("Writes without transactions") rest on single-document writes being atomic. MongoDB
// guarantees it; the embedded FerretDB gets it from the serialising proxy in tools/embedded-db.
let client: MongoClient;
beforeAll(async () => {
  client = new MongoClient(inject('mongoUri'), { maxPoolSize: 20 });
  await client.connect();
});
afterAll(async () => {
  await client.db('atomic_writes').dropDatabase();
  await client.close();
});

describe('the database makes single-document writes atomic', () => {
  it('twenty concurrent increments of one document all count', async () => {
    const counters = client.db('atomic_writes').collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'c', n: 0 });
    await Promise.all(Array.from({ length: 20 }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
    expect((await counters.findOne({ _id: 'c' }))!.n).toBe(20);
  });

  it('of twenty concurrent guarded claims exactly one wins', async () => {
    const seats = client.db('atomic_writes').collection<{ _id: string; holder: number | null }>('seats');
    await seats.insertOne({ _id: 's', holder: null });
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => seats.findOneAndUpdate({ _id: 's', holder: null }, { $set: { holder: i } }, { returnDocument: 'after' })),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
