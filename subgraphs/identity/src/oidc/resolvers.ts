import { auditOf } from '@lg/platform';
import { clientOf } from '../client.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const oidcResolvers: Resolvers = {
  Query: {
    oidcProviders: (_root, _args, ctx) => ctx.oidc.list(),
    linkedAccounts: (_root, _args, ctx) => ctx.oidc.linkedAccounts(ctx.viewer!),
  },
  Mutation: {
    startOidcSignIn: (_root, { provider, redirectUri }, ctx) => ctx.oidc.startSignIn(provider, redirectUri),
    completeOidcSignIn: (_root, { provider, state, callbackUrl }, ctx) => ctx.oidc.completeSignIn(provider, state, callbackUrl, auditOf(ctx), clientOf(ctx)),
    startOidcLink: (_root, { provider, redirectUri }, ctx) => ctx.oidc.startLink(ctx.viewer!, provider, redirectUri),
    completeOidcLink: (_root, { provider, state, callbackUrl }, ctx) => ctx.oidc.completeLink(ctx.viewer!, provider, state, callbackUrl, auditOf(ctx)),
    unlinkAccount: (_root, { provider }, ctx) => ctx.oidc.unlink(ctx.viewer!, provider, auditOf(ctx)),
  },
};
