import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Signing in is for anyone; linking, listing and unlinking accounts are the viewer's own.
export const oidcPermissions: IRules = {
  Query: { oidcProviders: allow, linkedAccounts: isAuthenticated },
  Mutation: {
    startOidcSignIn: allow,
    completeOidcSignIn: allow,
    startOidcLink: isAuthenticated,
    completeOidcLink: isAuthenticated,
    unlinkAccount: isAuthenticated,
  },
  OidcProvider: allow,
  OidcAuthorization: allow,
  LinkedAccount: allow,
};
