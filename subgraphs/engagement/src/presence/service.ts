import { badInput, signedIn, type PresenceStore, type Viewer } from '@lg/platform';
import { checkId } from '../inputs.ts';
import type { PresenceChangeModel, PresenceModel } from '../models.ts';
import { membershipId, type EngagementRepository } from '../repository.ts';
import type { CourseMembership, EngagementLoaders } from '../services/membership.ts';

/** The live signal the gateway sends when a user comes online or goes offline (never stored). */
export const PRESENCE_CHANGED = 'PresenceChanged';

export const PRESENCE_LIMITS = {
  /** Online members listed; onlineCount counts them all. */
  listed: 100,
  /** Members of one scope whose presence is looked up. */
  members: 5_000,
} as const;

export interface PresenceScopeInput { courseId?: string | null; groupId?: string | null }

/** `<courseId>:<userId>:<1|0>:<epoch ms>`: what a presence change carries for one scope, so nothing is stored. */
export const presenceChangeId = (courseId: string, userId: string, online: boolean, at: number) => `${courseId}:${userId}:${online ? 1 : 0}:${at}`;

function scopeCourse(scope: PresenceScopeInput): string {
  const hasCourse = scope.courseId !== null && scope.courseId !== undefined;
  const hasGroup = scope.groupId !== null && scope.groupId !== undefined;
  if (hasCourse === hasGroup) throw badInput('Give exactly one of courseId and groupId.', 'scope');
  // Study groups are another sub-domain; their scope joins here (members of the group) at merge.
  if (hasGroup) throw badInput('Presence of a study group is not available yet.', 'groupId');
  return checkId(scope.courseId!, 'courseId');
}

/**
 * Who of a scope's members is online now: the members come from the membership projection, their
 * presence from the store the gateways keep from live connections (never the source of truth).
 */
export class PresenceService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly store: PresenceStore,
    private readonly membership: CourseMembership,
  ) {}

  private async courseMembers(courseId: string, loaders: EngagementLoaders): Promise<string[]> {
    const [enrolled, course] = await Promise.all([
      this.repository.memberships.find({ courseId }, { projection: { userId: 1 } }).limit(PRESENCE_LIMITS.members).toArray(),
      loaders.course.load(courseId),
    ]);
    return [...new Set([...(course ? [course.instructorId] : []), ...enrolled.map((m) => m.userId)])];
  }

  async presence(viewer: Viewer | null, scope: PresenceScopeInput, loaders: EngagementLoaders): Promise<PresenceModel> {
    const courseId = scopeCourse(scope);
    await this.membership.requireMember(signedIn(viewer), courseId, loaders);
    const members = await this.courseMembers(courseId, loaders);
    const online = [...(await this.store.online(members))].sort();
    return { online: online.slice(0, PRESENCE_LIMITS.listed), onlineCount: online.length };
  }

  /** The scope's members only; null when the user of the change is not in the scope (the gateway drops it). */
  async presenceChange(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<PresenceChangeModel | null> {
    const [courseId, userId, online, at, extra] = id.split(':');
    const when = Number(at);
    if (extra !== undefined || !courseId || !userId || (online !== '0' && online !== '1') || !Number.isSafeInteger(when)) {
      throw badInput('id is not a presence change id.', 'id');
    }
    checkId(courseId, 'id');
    checkId(userId, 'id');
    await this.membership.requireMember(signedIn(viewer), courseId, loaders);
    const course = await loaders.course.load(courseId);
    const inScope = course?.instructorId === userId || (await this.repository.memberships.countDocuments({ _id: membershipId(courseId, userId) })) > 0;
    return inScope ? { courseId, groupId: null, userId, online: online === '1', at: new Date(when) } : null;
  }
}
