import { isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Only a session's own user lists or ends it; the service scopes every read to the viewer.
export const sessionPermissions: IRules = {
  Query: { mySessions: isAuthenticated },
  Mutation: { endSession: isAuthenticated, endOtherSessions: isAuthenticated, changePassword: isAuthenticated },
  Session: isAuthenticated,
};
