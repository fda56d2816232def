import { allow } from '@lg/platform';
import type { IRules } from 'graphql-shield';
import { isAdmin } from '../rules.ts';

// Administration is ADMIN's alone; the types it returns only ever reach an ADMIN through these fields.
export const adminPermissions: IRules = {
  Query: { users: isAdmin, auditLog: isAdmin },
  Mutation: { suspendUser: isAdmin, reactivateUser: isAdmin },
  User: { status: isAdmin, suspension: isAdmin, sessions: isAdmin },
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
  Suspension: allow,
  UserSessionSummary: allow,
  AuditEntry: allow,
  AuditEntryEdge: allow,
  AuditEntryConnection: allow,
};
