import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Signed-in callers only; whose export may be read is the service's rule (requester or ADMIN).
export const privacyPermissions: IRules = {
  Query: { dataExport: isAuthenticated, myDataExports: isAuthenticated, myAccountDeletion: isAuthenticated },
  Mutation: { requestDataExport: isAuthenticated, deleteMyAccount: isAuthenticated, cancelAccountDeletion: isAuthenticated },
  DataExport: allow,
  AccountDeletion: allow,
};
