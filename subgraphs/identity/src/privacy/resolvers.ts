import { auditOf } from '@lg/platform';
import { sessionViewerOf } from '../client.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const privacyResolvers: Resolvers = {
  Query: {
    dataExport: (_root, { id }, ctx) => ctx.privacy.dataExport(ctx.viewer!, id),
    myDataExports: (_root, { first }, ctx) => ctx.privacy.myDataExports(ctx.viewer!, first),
    myAccountDeletion: (_root, _args, ctx) => ctx.privacy.myAccountDeletion(ctx.viewer!),
  },
  Mutation: {
    requestDataExport: (_root, _args, ctx) => ctx.privacy.requestDataExport(ctx.viewer!, auditOf(ctx)),
    deleteMyAccount: (_root, { password }, ctx) => ctx.privacy.deleteMyAccount(sessionViewerOf(ctx), password, auditOf(ctx)),
    cancelAccountDeletion: (_root, _args, ctx) => ctx.privacy.cancelAccountDeletion(ctx.viewer!, auditOf(ctx)),
  },
  DataExport: {
    id: (doc) => doc._id,
    downloadUrl: (doc, _args, ctx) => ctx.privacy.downloadUrl(doc),
  },
};
