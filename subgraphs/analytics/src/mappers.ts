/**
 * The value each GraphQL object type's resolvers get as parent: its model in models.ts. Codegen
 * reads this and fails on a type the schema lacks, a model models.ts lacks, or an exported
 * `...Model` mapped by nothing (tools/codegen/mappers.ts).
 */
export const mappers = {
  User: 'UserModel',
  Course: 'CourseModel',
  Lesson: 'LessonModel',
  Exercise: 'ExerciseModel',
  ProgressUpdate: 'ProgressUpdateModel',
  Dashboard: 'DashboardModel',
  DaySeconds: 'DaySecondsModel',
  DayCount: 'DayCountModel',
  DayScore: 'DayScoreModel',
  WeekCount: 'WeekCountModel',
  SkillMastery: 'SkillMasteryModel',
  Recommendations: 'RecommendationsModel',
  UserMetrics: 'UserMetricsModel',
  UserDay: 'UserDayModel',
  CourseAnalytics: 'CourseAnalyticsModel',
  FunnelStep: 'FunnelStepModel',
  ExerciseDifficulty: 'ExerciseDifficultyModel',
  ResponseTime: 'ResponseTimeModel',
  DayRevenue: 'DayRevenueModel',
  Money: 'MoneyModel',
  PlatformMetrics: 'PlatformMetricsModel',
  PlatformDay: 'PlatformDayModel',
} as const;
