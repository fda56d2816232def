import type { Resolvers } from '../generated/resolvers-types.ts';

export const avatarResolvers: Resolvers = {
  Mutation: {
    setAvatar: (_root, { mediaId }, ctx) => ctx.avatars.setAvatar(ctx.viewer, mediaId),
    clearAvatar: (_root, _args, ctx) => ctx.avatars.clearAvatar(ctx.viewer),
  },
  User: {
    avatar: (user, _args, ctx) => ctx.avatars.avatarOf(user),
  },
  Avatar: {
    image: (avatar) => (avatar.mediaId ? { __typename: 'MediaAsset', id: avatar.mediaId } : null),
  },
};
