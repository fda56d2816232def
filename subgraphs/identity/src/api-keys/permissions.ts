import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Only a key's user lists or changes it, and never with a key (a leaked key must not mint others):
// identity's permissions refuse keys these fields with the account's other sensitive ones.
export const apiKeyPermissions: IRules = {
  Query: { apiKeys: isAuthenticated, apiKeyScopes: allow, documentManifests: isAuthenticated },
  Mutation: {
    createApiKey: isAuthenticated, rotateApiKey: isAuthenticated, revokeApiKey: isAuthenticated,
    registerDocumentManifest: isAuthenticated, pinApiKeyToManifest: isAuthenticated,
  },
  ApiKey: allow,
  DocumentManifest: allow,
  CreatedApiKey: allow,
};
