import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportParts, USER_DATA_EVENTS, newEvent, newId, userDataOfCollections, userDataParticipant, type Platform } from '../src/index.ts';
import { testPlatform } from '../src/testing/index.ts';

// The plumbing every subgraph's user-data participant shares, on the real database and log.

let platform: Platform;
beforeAll(async () => {
  platform = await testPlatform();
});
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

const audit = { actorId: null, requestId: null, address: null };
const requested = (exportId: string, userId: string) => newEvent(USER_DATA_EVENTS.exportRequested, exportId, { exportId, userId, audit }, { userId });
const deleted = (userId: string) => newEvent(USER_DATA_EVENTS.deleted, userId, { userId, audit }, { userId });
const partsReady = async (exportId: string) =>
  (await platform.db.collection('platform_events').find({ type: USER_DATA_EVENTS.partReady, aggregateId: exportId }).toArray()).map((e) => e.data);

describe('a user-data participant', () => {
  it('stores its part under the export and announces it; a replay neither exports again nor changes the part', async () => {
    const [me, other, exportId] = [newId(), newId(), newId()];
    await platform.db.collection('notes').insertMany([
      { _id: newId() as never, ownerId: me, text: 'mine', secret: 'internal' },
      { _id: newId() as never, ownerId: other, text: 'theirs', secret: 'internal' },
    ]);
    let exports = 0;
    const handlers = userDataOfCollections(platform.db, [{ collection: 'notes', field: 'ownerId', omit: ['secret'], erase: 'delete' }]);
    const participant = userDataParticipant(platform, { subgraph: 'notes', ...handlers, export: (id) => ((exports += 1), handlers.export(id)) });
    await platform.eventLog.append([requested(exportId, me)]);
    await participant.catchUp();
    const part = (await new ExportParts(platform.db).read(exportId, ['notes'])).get('notes') as { notes: { text: string; secret?: string }[] };
    expect(part.notes.map((n) => [n.text, n.secret])).toEqual([['mine', undefined]]);
    expect(await partsReady(exportId)).toEqual([{ exportId, userId: me, subgraph: 'notes' }]);
    await platform.db.collection('notes').insertOne({ _id: newId() as never, ownerId: me, text: 'written after', secret: '' });
    await participant.rebuild();
    expect(exports).toBe(1);
    expect((await new ExportParts(platform.db).read(exportId, ['notes'])).get('notes')).toEqual(part);
  });

  it('erases by each rule on UserDeleted, leaves everyone else alone, and erasing twice changes nothing', async () => {
    const [me, other] = [newId(), newId()];
    await platform.db.collection('posts').insertMany([{ _id: `${me}-post` as never, authorId: me, body: 'hello' }, { _id: `${other}-post` as never, authorId: other, body: 'hi' }]);
    await platform.db.collection('groups').insertOne({ _id: `${me}-group` as never, memberIds: [me, other] });
    await platform.db.collection('progress').insertMany([{ _id: `${me}-p` as never, userId: me }, { _id: `${other}-p` as never, userId: other }]);
    await platform.db.collection('orders').insertOne({ _id: `${me}-order` as never, userId: me, total: 5 });
    const participant = userDataParticipant(platform, {
      subgraph: 'erasing',
      ...userDataOfCollections(platform.db, [
        { collection: 'posts', field: 'authorId', erase: { set: { body: '(deleted)' } } },
        { collection: 'groups', field: 'memberIds', erase: { pull: 'memberIds' } },
        { collection: 'progress', field: 'userId', erase: 'delete' },
        { collection: 'orders', field: 'userId', erase: 'keep' },
      ]),
    });
    await platform.eventLog.append([deleted(me), deleted(me)]);
    await participant.catchUp();
    const all = async (name: string) => platform.db.collection(name).find({}).sort({ _id: 1 }).toArray();
    expect((await all('posts')).filter((p) => [me, other].includes(p.authorId)).map((p) => [p.authorId === me, p.body]).sort()).toEqual([[false, 'hi'], [true, '(deleted)']]);
    expect((await platform.db.collection('groups').findOne({ _id: `${me}-group` as never }))?.memberIds).toEqual([other]);
    expect((await all('progress')).filter((p) => [me, other].includes(p.userId)).map((p) => p.userId)).toEqual([other]);
    expect(await platform.db.collection('orders').countDocuments({ userId: me })).toBe(1);
  });
});
