import { API_KEY_SCOPES, auditOf } from '@lg/platform';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_root, { first }, ctx) => ctx.apiKeys.list(ctx.viewer!, first ?? 20),
    apiKeyScopes: () => [...API_KEY_SCOPES],
    documentManifests: (_root, { first }, ctx) => ctx.documentManifests.list(ctx.viewer!, first ?? 20),
  },
  Mutation: {
    createApiKey: (_root, { input }, ctx) => ctx.apiKeys.create(ctx.viewer!, { ...input, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null }, auditOf(ctx)),
    rotateApiKey: (_root, { id, gracePeriodSeconds }, ctx) => ctx.apiKeys.rotate(ctx.viewer!, id, gracePeriodSeconds ?? 0, auditOf(ctx)),
    revokeApiKey: (_root, { id }, ctx) => ctx.apiKeys.revoke(ctx.viewer!, id, auditOf(ctx)),
    registerDocumentManifest: (_root, { input }, ctx) => ctx.documentManifests.register(ctx.viewer!, input, auditOf(ctx)),
    pinApiKeyToManifest: (_root, { id, manifest }, ctx) => ctx.apiKeys.pin(ctx.viewer!, id, manifest ?? null, auditOf(ctx)),
  },
};
