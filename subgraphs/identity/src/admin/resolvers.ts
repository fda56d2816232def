import { auditOf } from '@lg/platform';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const adminResolvers: Resolvers = {
  Query: {
    users: (_root, { filter, first, after }, ctx) => ctx.admin.users(ctx.viewer, filter, first, after),
    auditLog: (_root, { filter, first, after }, ctx) => ctx.admin.auditLog(ctx.viewer, filter, first, after),
  },
  Mutation: {
    suspendUser: (_root, { userId, reason }, ctx) => ctx.admin.suspendUser(ctx.viewer, userId, reason, auditOf(ctx)),
    reactivateUser: (_root, { userId }, ctx) => ctx.admin.reactivateUser(ctx.viewer, userId, auditOf(ctx)),
  },
  User: {
    status: (user) => user.status ?? 'ACTIVE',
    suspension: (user) => (user.status === 'SUSPENDED' ? user.suspension ?? null : null),
    sessions: (user, { first }, ctx) => ctx.admin.sessions(user._id, first),
  },
  Suspension: {
    by: (suspension, _args, ctx) => ctx.loaders.user.load(suspension.by),
  },
  AuditEntry: {
    id: (entry) => entry._id,
    actor: (entry, _args, ctx) => (entry.actorId ? ctx.loaders.user.load(entry.actorId) : null),
    target: (entry, _args, ctx) => (/^[0-9a-f-]{36}$/.test(entry.targetId) ? ctx.loaders.user.load(entry.targetId) : null),
    details: (entry) => JSON.stringify(entry.details),
  },
};
