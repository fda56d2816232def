import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    myDashboard: (_root, _args, ctx) => ctx.analytics.myDashboard(ctx.viewer),
    userDashboard: (_root, { userId }, ctx) => ctx.analytics.userDashboard(ctx.viewer, userId),
    skillHeatmap: (_root, { userId }, ctx) => ctx.analytics.skillHeatmap(ctx.viewer, userId),
    userMetrics: (_root, { userId, from, to }, ctx) => ctx.analytics.userMetrics(ctx.viewer, userId, from, to),
    courseAnalytics: (_root, { courseId, from, to }, ctx) => ctx.analytics.courseAnalytics(ctx.viewer, courseId, from, to),
    platformMetrics: (_root, { from, to }, ctx) => ctx.analytics.platformMetrics(ctx.viewer, from, to),
    progressUpdate: (_root, { id }, ctx) => ctx.analytics.progressUpdate(ctx.viewer, id),
  },
  // References only: identity, catalog and assessment resolve the rest through the gateway's _entities.
  ProgressUpdate: { user: (update) => ({ __typename: 'User', id: update.userId }) },
  Dashboard: { user: (dashboard) => ({ __typename: 'User', id: dashboard.userId }) },
  UserMetrics: { user: (metrics) => ({ __typename: 'User', id: metrics.userId }) },
  CourseAnalytics: { course: (analytics) => ({ __typename: 'Course', id: analytics.courseId }) },
};
