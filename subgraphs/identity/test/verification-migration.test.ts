import { newId } from '@lg/platform';
import { closeTestPlatform, testPlatform } from '@lg/platform/testing';
import { expect, it } from 'vitest';
import { createIdentitySubgraph } from '../src/index.ts';

it('users stored before email verification existed count as verified once identity starts; later users keep their state', async () => {
  const platform = await testPlatform();
  try {
    const users = platform.db.collection<{ _id: string; emailVerified?: boolean }>('identity_users');
    const now = new Date();
    const old = { _id: newId(), email: `old.${Date.now()}@example.com`, passwordHash: 'x', displayName: 'Old Timer', bio: null, roles: ['STUDENT'], createdAt: now, updatedAt: now };
    const unverified = { ...old, _id: newId(), email: `new.${Date.now()}@example.com`, displayName: 'Newcomer', emailVerified: false };
    await users.insertMany([old, unverified]);
    const subgraph = await createIdentitySubgraph(platform);
    await subgraph.stop();
    expect((await users.findOne({ _id: old._id }))!.emailVerified).toBe(true);
    expect((await users.findOne({ _id: unverified._id }))!.emailVerified).toBe(false);
  } finally {
    await closeTestPlatform(platform);
  }
});
