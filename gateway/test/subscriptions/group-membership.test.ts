import { describe, expect, it } from 'vitest';
import { GroupMembershipCache } from '../../src/subscriptions/group-membership.ts';

describe("the gateway's study-group membership cache", () => {
  it('asks at most maxLookups memberships of the supergraph at once, and answers every member', async () => {
    const cache = new GroupMembershipCache({ maxLookups: 2 });
    let running = 0;
    let most = 0;
    const run = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return { studyGroup: { viewerStatus: 'MEMBER' } };
    };
    const viewers = Array.from({ length: 7 }, (_, i) => ({ id: `member-${i}`, roles: ['STUDENT' as const] }));
    const answers = await Promise.all(viewers.map((viewer) => cache.of(viewer, 'group-1', run)));
    expect(answers).toEqual(Array(7).fill({ member: true, owner: false, exists: true }));
    expect(most).toBe(2);
    expect(cache.lookups).toBe(7);
  });

  it('goes on with the queue after a lookup fails', async () => {
    const cache = new GroupMembershipCache({ maxLookups: 1 });
    const run = (fail: boolean) => async () => {
      if (fail) throw new Error('the subgraph is down');
      return { studyGroup: { viewerStatus: 'OWNER' } };
    };
    const failed = Promise.resolve(cache.of({ id: 'a', roles: [] }, 'g', run(true))).catch((e: Error) => e.message);
    const answered = cache.of({ id: 'b', roles: [] }, 'g', run(false));
    expect(await failed).toBe('the subgraph is down');
    expect(await answered).toEqual({ member: true, owner: true, exists: true });
  });
});
