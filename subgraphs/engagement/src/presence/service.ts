import { badInput, signedIn, type PresenceStore, type Viewer } from '@lg/platform';
import { checkId } from '../inputs.ts';
import type { PresenceChangeModel, PresenceModel } from '../models.ts';
import { membershipId, type EngagementRepository } from '../repository.ts';
import type { GroupLoaders, GroupsService } from '../groups/service.ts';
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

/** A scope checked: a course's, or a study group's. */
export type Scope = { courseId: string; groupId?: undefined } | { groupId: string; courseId?: undefined };

/** A study group's scope in a presence change id starts with this (a course id never does). */
const GROUP_PREFIX = 'group';

/**
 * What a presence change carries for one scope, so nothing is stored: `<courseId>:<userId>:<1|0>:<epoch ms>`
 * for a course, `group:<groupId>:<userId>:<1|0>:<epoch ms>` for a study group.
 */
export const presenceChangeId = (scope: Scope, userId: string, online: boolean, at: number) =>
  `${scope.groupId === undefined ? scope.courseId : `${GROUP_PREFIX}:${scope.groupId}`}:${userId}:${online ? 1 : 0}:${at}`;

export function scopeOf(scope: PresenceScopeInput): Scope {
  const hasCourse = scope.courseId !== null && scope.courseId !== undefined;
  const hasGroup = scope.groupId !== null && scope.groupId !== undefined;
  if (hasCourse === hasGroup) throw badInput('Give exactly one of courseId and groupId.', 'scope');
  return hasGroup ? { groupId: checkId(scope.groupId!, 'groupId') } : { courseId: checkId(scope.courseId!, 'courseId') };
}

function parseChangeId(id: string): { scope: Scope; userId: string; online: boolean; at: Date } {
  const parts = id.split(':');
  const grouped = parts[0] === GROUP_PREFIX;
  const [scopeId, userId, online, at, extra] = grouped ? parts.slice(1) : parts;
  const when = Number(at);
  if (extra !== undefined || !scopeId || !userId || (online !== '0' && online !== '1') || !Number.isSafeInteger(when)) {
    throw badInput('id is not a presence change id.', 'id');
  }
  checkId(scopeId, 'id');
  checkId(userId, 'id');
  return { scope: grouped ? { groupId: scopeId } : { courseId: scopeId }, userId, online: online === '1', at: new Date(when) };
}

/**
 * Who of a scope's members is online now: a course's from the membership projection, a study
 * group's from its document; their presence from the store the gateways keep from live
 * connections (never the source of truth). Only the scope's members (and ADMIN) ask.
 */
export class PresenceService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly store: PresenceStore,
    private readonly membership: CourseMembership,
    private readonly groups: GroupsService,
  ) {}

  private async courseMembers(courseId: string, loaders: EngagementLoaders): Promise<string[]> {
    const [enrolled, course] = await Promise.all([
      this.repository.memberships.find({ courseId }, { projection: { userId: 1 } }).limit(PRESENCE_LIMITS.members).toArray(),
      loaders.course.load(courseId),
    ]);
    return [...new Set([...(course ? [course.instructorId] : []), ...enrolled.map((m) => m.userId)])];
  }

  /** The scope's members, once the viewer is allowed to read them (FORBIDDEN, NOT_FOUND otherwise). */
  private async members(viewer: Viewer, scope: Scope, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<string[]> {
    if (scope.groupId !== undefined) {
      const group = await this.groups.loadGroup(scope.groupId, 'groupId', groupLoaders);
      this.groups.requireReader(viewer, group);
      return group.memberIds.slice(0, PRESENCE_LIMITS.members);
    }
    await this.membership.requireMember(viewer, scope.courseId, loaders);
    return this.courseMembers(scope.courseId, loaders);
  }

  async presence(viewer: Viewer | null, input: PresenceScopeInput, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<PresenceModel> {
    const scope = scopeOf(input);
    const members = await this.members(signedIn(viewer), scope, loaders, groupLoaders);
    const online = [...(await this.store.online(members))].sort();
    return { online: online.slice(0, PRESENCE_LIMITS.listed), onlineCount: online.length };
  }

  /** The scope's members only; null when the user of the change is not in the scope (the gateway drops it). */
  async presenceChange(viewer: Viewer | null, id: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<PresenceChangeModel | null> {
    const { scope, userId, online, at } = parseChangeId(id);
    const actor = signedIn(viewer);
    let inScope: boolean;
    if (scope.groupId !== undefined) {
      inScope = (await this.members(actor, scope, loaders, groupLoaders)).includes(userId);
    } else {
      await this.membership.requireMember(actor, scope.courseId, loaders);
      const course = await loaders.course.load(scope.courseId);
      inScope = course?.instructorId === userId || (await this.repository.memberships.countDocuments({ _id: membershipId(scope.courseId, userId) })) > 0;
    }
    return inScope ? { courseId: scope.courseId ?? null, groupId: scope.groupId ?? null, userId, online, at } : null;
  }
}
