import {
  badInput, decodeCursor, encodeCursor, flushOutbox, forbidden, hasRole, invalidCursor, isId, notFound, pageSize, text,
  type AuditMeta, type Connection, type EventLog, type Role, type Viewer,
} from '@lg/platform';
import { userReactivated, userSessionsRevoked, userSuspended } from '../events.ts';
import type { AuditEntryModel, SessionSummaryModel, UserModel, UserStatus } from '../models.ts';
import type { IdentityService } from '../service.ts';
import type { AdminRepository, AuditSearch } from './repository.ts';

export const MAX_USERS_PAGE = 50;
export const MAX_SEARCH = 100;
export const MAX_REASON = 500;
export const MAX_SESSIONS = 50;
/** Refresh tokens read for a user's sessions: each sign-in's rotations each left one. */
const TOKENS_READ = 500;
const MAX_ACTION = 64;

export interface UserFilterInput { search?: string | null; role?: Role | null; status?: UserStatus | null }
export interface AuditFilterInput { action?: string | null; actorId?: string | null; targetId?: string | null; from?: Date | string | null; to?: Date | string | null }

const adminOnly = (viewer: Viewer | null): Viewer => {
  if (!viewer || !hasRole(viewer, 'ADMIN')) throw forbidden('Only an ADMIN can administer users.');
  return viewer;
};

const checkUserId = (id: string, field = 'userId'): void => {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
};

/** A time argument: the DateTime scalar gives a Date; refuse an impossible one. */
function timeOf(value: Date | string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) throw badInput(`${field} is not a valid date and time.`, field);
  return at;
}

/**
 * User administration for ADMIN: search, sessions, suspension. Suspending writes the status and
 * its revocation in one write (so a crash leaves no suspended user with live tokens), then ends the
 * user's refresh families and access tokens through identity's own session ending.
 */
export class AdminService {
  constructor(
    private readonly repository: AdminRepository,
    private readonly identity: IdentityService,
    private readonly events: EventLog,
  ) {}

  async users(viewer: Viewer | null, filter: UserFilterInput | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<UserModel>> {
    adminOnly(viewer);
    const size = pageSize(first, 20);
    if (size > MAX_USERS_PAGE) throw badInput(`Page size must be between 0 and ${MAX_USERS_PAGE}.`, 'first');
    const search = filter?.search?.trim();
    if (search !== undefined && (search.length === 0 || search.length > MAX_SEARCH)) throw badInput(`search must be 1 to ${MAX_SEARCH} characters.`, 'search');
    const key = decodeCursor(after, 1);
    if (key && (typeof key[0] !== 'string' || !isId(key[0]))) throw invalidCursor();
    const rows = size === 0 ? [] : await this.repository.searchUsers({
      ...(search ? { prefix: search } : {}),
      ...(filter?.role ? { role: filter.role } : {}),
      ...(filter?.status ? { status: filter.status } : {}),
      ...(key ? { beforeId: key[0] as string } : {}),
    }, size + 1);
    const edges = rows.slice(0, size).map((node) => ({ node, cursor: encodeCursor([node._id]) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: edges.length };
  }

  async suspendUser(viewer: Viewer | null, userId: string, rawReason: string, audit: AuditMeta): Promise<UserModel> {
    const admin = adminOnly(viewer);
    checkUserId(userId);
    const reason = text(rawReason, 'reason', { max: MAX_REASON });
    if (userId === admin.id) throw forbidden('You cannot suspend yourself; ask another ADMIN.');
    const at = new Date();
    const suspended = await this.repository.suspend(userId, { reason, at, by: admin.id }, [
      userSuspended(userId, { reason, by: admin.id, audit }),
      userSessionsRevoked(userId, { before: at.getTime(), reason: 'SUSPENDED' }),
    ]);
    if (!suspended) return this.existing(userId);
    await flushOutbox(this.repository.users, userId, this.events);
    await this.identity.endEverySession(userId, 'SUSPENDED');
    return suspended;
  }

  async reactivateUser(viewer: Viewer | null, userId: string, audit: AuditMeta): Promise<UserModel> {
    const admin = adminOnly(viewer);
    checkUserId(userId);
    const reactivated = await this.repository.reactivate(userId, [userReactivated(userId, { by: admin.id, audit })]);
    if (!reactivated) return this.existing(userId);
    await flushOutbox(this.repository.users, userId, this.events);
    return reactivated;
  }

  /** Nothing changed (suspended already, or not suspended): the user as they are, or NOT_FOUND. */
  private async existing(userId: string): Promise<UserModel> {
    const user = await this.repository.findUser(userId);
    if (!user) throw notFound('The user');
    return user;
  }

  /** A user's latest sign-ins, newest first: their refresh families summed up from their latest tokens. */
  async sessions(userId: string, first: number | null | undefined): Promise<SessionSummaryModel[]> {
    const size = first ?? 10;
    if (!Number.isInteger(size) || size < 0 || size > MAX_SESSIONS) throw badInput(`first must be between 0 and ${MAX_SESSIONS}.`, 'first');
    if (size === 0) return [];
    const now = new Date();
    const families = new Map<string, SessionSummaryModel>();
    for (const token of await this.repository.latestTokens(userId, TOKENS_READ)) {
      const live = !token.usedAt && !token.revokedAt && token.expiresAt > now;
      const known = families.get(token.familyId);
      if (!known) {
        families.set(token.familyId, { id: token.familyId, createdAt: token.createdAt, lastUsedAt: token.createdAt, active: live });
        continue;
      }
      // Tokens come newest first: an older one moves the sign-in's start back.
      known.createdAt = token.createdAt;
      known.active ||= live;
    }
    return [...families.values()].slice(0, size);
  }

  async auditLog(viewer: Viewer | null, filter: AuditFilterInput | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<AuditEntryModel>> {
    adminOnly(viewer);
    const size = pageSize(first, 50);
    const search: AuditSearch = {};
    if (filter?.action) {
      if (filter.action.length > MAX_ACTION || !/^[A-Za-z]+$/.test(filter.action)) throw badInput('action is an event type, such as UserSuspended.', 'action');
      search.action = filter.action;
    }
    if (filter?.actorId) {
      checkUserId(filter.actorId, 'actorId');
      search.actorId = filter.actorId;
    }
    if (filter?.targetId) {
      if (filter.targetId.length > 254) throw badInput('targetId is at most 254 characters.', 'targetId');
      search.targetId = filter.targetId;
    }
    const from = timeOf(filter?.from, 'from');
    const to = timeOf(filter?.to, 'to');
    if (from && to && from >= to) throw badInput('from must be before to.', 'from');
    if (from) search.from = from;
    if (to) search.to = to;
    const key = decodeCursor(after, 1);
    if (key) {
      if (typeof key[0] !== 'number' || !Number.isInteger(key[0]) || key[0] < 1) throw invalidCursor();
      search.beforeSeq = key[0];
    }
    const rows = size === 0 ? [] : await this.repository.searchAudit(search, size + 1);
    const edges = rows.slice(0, size).map((node) => ({ node, cursor: encodeCursor([node.seq]) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: edges.length };
  }
}
