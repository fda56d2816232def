import type { NotificationKind, Resolvers } from '../generated/resolvers-types.ts';
import { KIND_LABELS } from './kinds.ts';

/** Preferences and unsubscribe links. */
export const preferencesResolvers: Resolvers = {
  Query: {
    myPreferences: (_root, _args, ctx) => ctx.preferences.myPreferences(ctx.viewer),
    supportedLocales: (_root, _args, ctx) => ctx.preferences.supportedLocales(),
    unsubscribeTarget: (_root, { token }, ctx) => ctx.preferences.unsubscribeTarget(token),
    notificationKinds: () => (Object.entries(KIND_LABELS) as [NotificationKind, string][]).map(([kind, label]) => ({ kind, label })),
  },
  Mutation: {
    updatePreferences: (_root, { input }, ctx) => ctx.preferences.updatePreferences(ctx.viewer, input),
    unsubscribe: (_root, { token }, ctx) => ctx.preferences.unsubscribe(token),
  },
};
