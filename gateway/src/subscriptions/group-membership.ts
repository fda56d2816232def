import { GraphQLError } from 'graphql';
import { forbidden, hasRole, unauthenticated, type LoggedEvent, type Viewer } from '@lg/platform';
import { StudyGroupMemberChanged, UserRoleGranted, UserRoleRevoked } from '@lg/events';
import type { RunAsViewer } from './fields.ts';
import { andThen, type MaybePromise } from './maybe-promise.ts';

/** Whether a viewer hears a group's chat, and as owner (who also sees hidden messages); whether the group exists for them at all. */
export interface GroupMembership { member: boolean; owner: boolean; exists: boolean }

/** The events after which a cached group membership may be wrong (the event tail must read them). */
export const GROUP_MEMBERSHIP_EVENTS = [StudyGroupMemberChanged.type, UserRoleGranted.type, UserRoleRevoked.type];

interface Entry { at: number; answer: Promise<GroupMembership>; value?: GroupMembership }

const QUERY = 'query($g: ID!) { studyGroup(id: $g) { viewerStatus } }';
const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'NOT_FOUND']);

/**
 * Study-group memberships asked of the supergraph once and then served from memory until a
 * StudyGroupMemberChanged of that group and user (or a role change) evicts them. The gateway reads
 * the log in order, so the eviction of a removal comes before any message logged after it: the
 * next message asks again and the removed member is refused, at once.
 */
export class GroupMembershipCache {
  private readonly groups = new Map<string, Map<string, Entry>>();
  private generation = 0;
  lookups = 0;
  private inFlight = 0;
  private readonly queued: (() => void)[] = [];

  constructor(private readonly options: { ttlMs?: number; maxGroups?: number; maxLookups?: number } = {}) {}

  /**
   * At most `maxLookups` (8) lookups at once: a thousand members of one group subscribing together
   * would otherwise queue a thousand reads of its document in the subgraph at once, past its
   * deadline, and the retries after the timeouts double them.
   */
  private async limited<T>(lookup: () => Promise<T>): Promise<T> {
    if (this.inFlight >= (this.options.maxLookups ?? 8)) await new Promise<void>((resolve) => this.queued.push(resolve));
    this.inFlight += 1;
    try {
      return await lookup();
    } finally {
      this.inFlight -= 1;
      this.queued.shift()?.();
    }
  }

  of(viewer: Viewer, groupId: string, run: RunAsViewer): MaybePromise<GroupMembership> {
    const key = `${viewer.id}\n${[...viewer.roles].sort().join(',')}`;
    const cached = this.groups.get(groupId)?.get(key);
    if (cached && Date.now() - cached.at < (this.options.ttlMs ?? 60_000)) return cached.value ?? cached.answer;
    const generation = this.generation;
    this.lookups += 1;
    const answer = this.limited(() => ask(groupId, run));
    const entry: Entry = { at: Date.now(), answer };
    if (this.groups.size >= (this.options.maxGroups ?? 10_000)) this.groups.clear();
    let viewers = this.groups.get(groupId);
    if (!viewers) this.groups.set(groupId, (viewers = new Map()));
    viewers.set(key, entry);
    const forget = () => {
      if (this.groups.get(groupId)?.get(key) === entry) this.groups.get(groupId)!.delete(key);
    };
    answer.then((membership) => {
      entry.value = membership;
      if (this.generation !== generation) forget();
    }, forget);
    return answer;
  }

  observe(event: LoggedEvent): void {
    if (StudyGroupMemberChanged.is(event)) {
      this.generation += 1;
      const viewers = this.groups.get(event.data.groupId);
      for (const key of [...(viewers?.keys() ?? [])]) if (key.startsWith(`${event.data.userId}\n`)) viewers!.delete(key);
    } else if (event.type === UserRoleGranted.type || event.type === UserRoleRevoked.type) {
      this.generation += 1;
      for (const viewers of this.groups.values()) for (const key of [...viewers.keys()]) if (key.startsWith(`${event.userId}\n`)) viewers.delete(key);
    }
  }
}

async function ask(groupId: string, run: RunAsViewer): Promise<GroupMembership> {
  let data: Record<string, unknown>;
  try {
    data = await run(QUERY, { g: groupId });
  } catch (error) {
    if (error instanceof GraphQLError && REFUSALS.has(String(error.extensions.code))) throw error;
    data = await run(QUERY, { g: groupId });
  }
  const status = (data.studyGroup as { viewerStatus?: string } | null)?.viewerStatus;
  return { member: status === 'OWNER' || status === 'MEMBER', owner: status === 'OWNER', exists: status !== undefined };
}

/**
 * A group's members with the same global roles, owners apart (they see hidden messages): what a
 * shared payload shows cannot differ between them. A non-member, or a member removed since, is
 * refused; `admin`: ADMIN hears the group too (presence), as its own audience.
 */
export function groupAudience(
  groupId: string, viewer: Viewer | null, cache: GroupMembershipCache, run: RunAsViewer,
  { admin = false, refusal = "Only the group's members hear its chat." }: { admin?: boolean; refusal?: string } = {},
): MaybePromise<string> {
  if (!viewer) return Promise.reject(unauthenticated());
  return andThen(cache.of(viewer, groupId, run), (membership) => {
    const roles = `group:${groupId}|roles:${[...viewer.roles].sort().join(',')}`;
    if (membership.member) return `${roles}|${membership.owner ? 'owner' : 'member'}`;
    if (admin && membership.exists && hasRole(viewer, 'ADMIN')) return `${roles}|admin`;
    return Promise.reject(forbidden(refusal));
  });
}
