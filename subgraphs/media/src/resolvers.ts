import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    mediaAsset: (_root, { id }, ctx) => ctx.media.mediaAsset(ctx.viewer, id, ctx.loaders),
  },
  Mutation: {
    createUpload: (_root, { input }, ctx) => ctx.media.createUpload(ctx.viewer, input),
    retryMediaProcessing: (_root, { id }, ctx) => ctx.media.retryMediaProcessing(ctx.viewer, id),
  },
  MediaAsset: {
    __resolveReference: (ref, ctx) => ctx.media.assetReference(ctx.viewer, ref.id, ctx.loaders),
    id: (asset) => asset._id,
    failureReason: (asset) => asset.failureReason ?? null,
    url: async (asset, _args, ctx) => (await ctx.media.urls(asset, ctx.loaders)).url,
    posterUrl: async (asset, _args, ctx) => (await ctx.media.urls(asset, ctx.loaders)).posterUrl,
    downloadUrl: async (asset, _args, ctx) => (await ctx.media.urls(asset, ctx.loaders)).downloadUrl,
    courseId: (asset) => asset.courseId ?? null,
  },
  UploadSession: {
    id: (session) => session.asset._id,
  },
};
