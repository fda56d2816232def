import { allow, isAuthenticated, servedByGateway } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Every read needs a signed-in viewer here; whose progress or course it is (the user themself, the
// course's instructor, ADMIN) is checked by the service, which answers FORBIDDEN otherwise. What
// the reads return is only ever reached through them, so it is open.
export const permissions: IRules = {
  Query: {
    myDashboard: isAuthenticated,
    userDashboard: isAuthenticated,
    skillHeatmap: isAuthenticated,
    userMetrics: isAuthenticated,
    courseAnalytics: isAuthenticated,
    platformMetrics: isAuthenticated,
    progressUpdate: isAuthenticated,
  },
  Subscription: servedByGateway,
  ProgressUpdate: allow,
  Dashboard: allow,
  DaySeconds: allow,
  DayCount: allow,
  DayScore: allow,
  WeekCount: allow,
  SkillMastery: allow,
  Recommendations: allow,
  UserMetrics: allow,
  UserDay: allow,
  CourseAnalytics: allow,
  FunnelStep: allow,
  ExerciseDifficulty: allow,
  ResponseTime: allow,
  DayRevenue: allow,
  Money: allow,
  PlatformMetrics: allow,
  PlatformDay: allow,
  User: allow,
  Course: allow,
  Lesson: allow,
  Exercise: allow,
};
