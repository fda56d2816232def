import { GraphQLError } from 'graphql';
import { newEvent, type LoggedEvent, type Viewer } from '@lg/platform';
import { describe, expect, it } from 'vitest';
import { subscriptionFields, type Access, type RunAsViewer } from '../../src/subscriptions/fields.ts';
import { MembershipCache } from '../../src/subscriptions/membership.ts';

const alice: Viewer = { id: 'alice', roles: ['STUDENT'] };
const bob: Viewer = { id: 'bob', roles: ['STUDENT'] };
const iris: Viewer = { id: 'iris', roles: ['INSTRUCTOR', 'STUDENT'] };
const admin: Viewer = { id: 'ada', roles: ['ADMIN'] };

/** The supergraph's answers as the subscriber: members by course, and who teaches each. */
function supergraph(members: Record<string, string[]>, teachers: Record<string, string> = {}) {
  const asked: string[] = [];
  const runAs = (viewer: Viewer): RunAsViewer => async (query, variables) => {
    if (query.includes('isCourseMember')) {
      const course = String(variables.c);
      asked.push(`${viewer.id}@${course}`);
      if (course === 'bad') throw new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });
      return { isCourseMember: viewer.roles.includes('ADMIN') || (members[course] ?? []).includes(viewer.id), course: { instructor: { id: teachers[course] }, viewerIsStaff: viewer.roles.includes('ADMIN') || teachers[course] === viewer.id } };
    }
    return { question: { course: { id: 'c1' } } };
  };
  return { asked, runAs, members };
}

const event = (type: string, refs: { courseId?: string; userId?: string }): LoggedEvent => ({ ...newEvent(type, 'x', {}, refs), seq: 1 });

describe('course memberships served from the gateway cache', () => {
  it('asks the supergraph once per viewer and course, members and non-members alike', async () => {
    const { asked, runAs } = supergraph({ c1: ['alice'] });
    const cache = new MembershipCache();
    for (let i = 0; i < 3; i += 1) {
      expect(await cache.of(alice, 'c1', runAs(alice))).toEqual({ member: true, teaches: false, staff: false });
      expect(await cache.of(bob, 'c1', runAs(bob))).toEqual({ member: false, teaches: false, staff: false });
    }
    expect(asked).toEqual(['alice@c1', 'bob@c1']);
    expect(cache.lookups).toBe(2);
  });

  it('shares one question among concurrent subscribers of the same viewer', async () => {
    const { asked, runAs } = supergraph({ c1: ['alice'] });
    const cache = new MembershipCache();
    await Promise.all(Array.from({ length: 20 }, () => cache.of(alice, 'c1', runAs(alice))));
    expect(asked).toEqual(['alice@c1']);
  });

  it('asks again after an enrolment of that viewer in that course, and only then', async () => {
    const s = supergraph({ c1: ['alice'], c2: [] });
    const cache = new MembershipCache();
    await cache.of(bob, 'c1', s.runAs(bob));
    await cache.of(bob, 'c2', s.runAs(bob));
    await cache.of(alice, 'c1', s.runAs(alice));
    s.members.c1!.push('bob');
    cache.observe(event('EnrollmentCreated', { courseId: 'c1', userId: 'bob' }));
    expect(await cache.of(bob, 'c1', s.runAs(bob))).toEqual({ member: true, teaches: false, staff: false });
    await cache.of(bob, 'c2', s.runAs(bob));
    await cache.of(alice, 'c1', s.runAs(alice));
    expect(s.asked).toEqual(['bob@c1', 'bob@c2', 'alice@c1', 'bob@c1']);
  });

  it('forgets a cancelled enrolment, a course whose instructor may have changed, and a user whose roles changed', async () => {
    const s = supergraph({ c1: ['alice', 'bob'] });
    const cache = new MembershipCache();
    const ask = () => Promise.all([cache.of(alice, 'c1', s.runAs(alice)), cache.of(bob, 'c1', s.runAs(bob))]);
    await ask();
    cache.observe(event('EnrollmentCancelled', { courseId: 'c1', userId: 'alice' }));
    await ask();
    cache.observe(event('CourseUpdated', { courseId: 'c1', userId: 'iris' }));
    await ask();
    cache.observe(event('UserRoleGranted', { userId: 'bob' }));
    await ask();
    expect(s.asked).toEqual(['alice@c1', 'bob@c1', 'alice@c1', 'alice@c1', 'bob@c1', 'bob@c1']);
  });

  it('never caches an answer with errors, such as FORBIDDEN', async () => {
    const { asked, runAs } = supergraph({});
    const cache = new MembershipCache();
    await expect(cache.of(alice, 'bad', runAs(alice))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(cache.of(alice, 'bad', runAs(alice))).rejects.toThrow();
    expect(asked).toEqual(['alice@bad', 'alice@bad']);
  });

  it('asks once more after a failure that is not a refusal, since every waiting subscriber of that viewer shares it', async () => {
    const s = supergraph({ c1: ['alice'] });
    let failures = 1;
    const flaky: RunAsViewer = async (query, variables) => {
      if (failures-- > 0) throw new GraphQLError('The engagement subgraph did not answer within 4500 ms.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return s.runAs(alice)(query, variables);
    };
    expect(await new MembershipCache().of(alice, 'c1', flaky)).toEqual({ member: true, teaches: false, staff: false });
  });

  it('asks again once the TTL has run out, a safety net for a missed event', async () => {
    let now = 0;
    const { asked, runAs } = supergraph({ c1: ['alice'] });
    const cache = new MembershipCache({ ttlMs: 1000, now: () => now });
    await cache.of(alice, 'c1', runAs(alice));
    now = 999;
    await cache.of(alice, 'c1', runAs(alice));
    now = 1000;
    await cache.of(alice, 'c1', runAs(alice));
    expect(asked).toHaveLength(2);
  });

  it('answers a running subscription from an expired entry at once and refreshes it behind, asking once', async () => {
    let now = 0;
    const s = supergraph({ c1: ['alice'] });
    const cache = new MembershipCache({ ttlMs: 1000, now: () => now });
    await cache.of(alice, 'c1', s.runAs(alice));
    now = 5000;
    s.members.c1 = [];
    const stale = await Promise.all([1, 2, 3].map(() => cache.of(alice, 'c1', s.runAs(alice), { whileRefreshing: true })));
    expect(stale.map((m) => m.member)).toEqual([true, true, true]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.of(alice, 'c1', s.runAs(alice))).toEqual({ member: false, teaches: false, staff: false });
    expect(s.asked).toEqual(['alice@c1', 'alice@c1']);
  });

  it('does not keep an answer asked before an eviction that came while it was on its way', async () => {
    const s = supergraph({ c1: [] });
    const cache = new MembershipCache();
    const pending = cache.of(bob, 'c1', s.runAs(bob));
    cache.observe(event('EnrollmentCreated', { courseId: 'c1', userId: 'bob' }));
    s.members.c1!.push('bob');
    expect(await pending).toEqual({ member: false, teaches: false, staff: false });
    expect(await cache.of(bob, 'c1', s.runAs(bob))).toEqual({ member: true, teaches: false, staff: false });
  });
});

describe('the audience of a subscription', () => {
  const s = supergraph({ c1: ['alice', 'bob', 'cleo', 'iris'], c2: ['alice'] }, { c1: 'iris' });
  const memberships = new MembershipCache();
  const audience = (field: keyof typeof subscriptionFields, args: Record<string, unknown>, viewer: Viewer | null) =>
    subscriptionFields[field]!.authorize(args, viewer, { run: s.runAs(viewer ?? alice), memberships, questionCourses: new Map() } satisfies Access);

  it('is shared by the members of a course with the same roles who do not teach it', async () => {
    expect(await audience('chatMessageAdded', { courseId: 'c1' }, alice)).toBe(await audience('chatMessageAdded', { courseId: 'c1' }, bob));
    expect(await audience('questionAdded', { courseId: 'c1' }, alice)).toBe(await audience('questionAdded', { courseId: 'c1' }, bob));
  });

  it('differs by course, by roles and between the instructor and the students', async () => {
    const keys = await Promise.all([
      audience('chatMessageAdded', { courseId: 'c1' }, alice),
      audience('chatMessageAdded', { courseId: 'c2' }, alice),
      audience('chatMessageAdded', { courseId: 'c1' }, iris),
      audience('chatMessageAdded', { courseId: 'c1' }, admin),
      audience('chatMessageAdded', { courseId: 'c1' }, { id: 'cleo', roles: ['INSTRUCTOR', 'STUDENT'] }),
    ]);
    expect(new Set(keys).size).toBe(5);
  });

  it("of an answer is its question's course", async () => {
    expect(await audience('answerAdded', { questionId: 'q1' }, bob)).toBe(await audience('chatMessageAdded', { courseId: 'c1' }, bob));
  });

  it('of notifications is the user alone', async () => {
    expect(await audience('notificationAdded', {}, alice)).not.toBe(await audience('notificationAdded', {}, bob));
  });

  it('refuses a non-member FORBIDDEN and an anonymous client UNAUTHENTICATED', async () => {
    await expect(audience('chatMessageAdded', { courseId: 'c2' }, bob)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(audience('chatMessageAdded', { courseId: 'c1' }, null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
