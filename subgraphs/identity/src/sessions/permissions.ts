import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Only a session's own user lists or ends it; the service scopes every read to the viewer, so a
// UserSession reached at all is the viewer's own.
export const sessionPermissions: IRules = {
  Query: { mySessions: isAuthenticated },
  Mutation: { endSession: isAuthenticated, endOtherSessions: isAuthenticated, changePassword: isAuthenticated },
  UserSession: allow,
};
