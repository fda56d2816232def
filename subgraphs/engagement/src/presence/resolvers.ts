import type { Resolvers } from '../generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });

export const presenceResolvers: Resolvers = {
  Query: {
    presence: (_root, { scope }, ctx) => ctx.presence.presence(ctx.viewer, scope, ctx.loaders, ctx.groupLoaders),
    presenceChange: (_root, { id }, ctx) => ctx.presence.presenceChange(ctx.viewer, id, ctx.loaders, ctx.groupLoaders),
  },
  Presence: {
    online: (presence) => presence.online.map(userRef),
  },
  PresenceChange: {
    user: (change) => userRef(change.userId),
  },
};
