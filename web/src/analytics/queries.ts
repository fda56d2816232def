// The analytics screens' typed documents: the learner's dashboard (also as progressUpdated brings
// it), a course's analytics and the platform's metrics.
import { graphql } from '../gql/index.ts';

export const DashboardFields = graphql(`
  fragment DashboardFields on Dashboard {
    timeLearnedPerDay { day seconds }
    currentStreak longestStreak lessonsCompleted coursesCompleted
    averageScoreOverTime { day averagePercent submissions }
    skillHeatmap { skill mastery attempts lastPracticedAt }
    recommendations { weakestSkills { skill mastery attempts } nextLessons { id courseId title } }
  }
`);

export const MyDashboardQuery = graphql(`
  query MyDashboard { myDashboard { ...DashboardFields } }
`);

export const ProgressUpdatedSubscription = graphql(`
  subscription ProgressUpdated($userId: ID!) { progressUpdated(userId: $userId) { id reason at dashboard { ...DashboardFields } } }
`);

export const CourseAnalyticsQuery = graphql(`
  query CourseAnalytics($courseId: ID!, $from: String!, $to: String!) {
    course(id: $courseId) { id title priceCents currency }
    courseAnalytics(courseId: $courseId, from: $from, to: $to) {
      from to
      enrolmentsPerDay { day count }
      activeLearnersPerWeek { weekStart count }
      completionFunnel { position opened completed lesson { id courseId title } }
      exerciseDifficulty { exercise { id } title averageScorePercent attempts learners }
      questionResponseTime { questions answered averageSeconds medianSeconds }
      revenuePerDay { day currency paidCents refundedCents orders }
    }
  }
`);

export const PlatformMetricsQuery = graphql(`
  query PlatformMetrics($from: String!, $to: String!) {
    platformMetrics(from: $from, to: $to) {
      from to
      days { day activeUsers signUps enrolments orders revenue { currency cents } aiRequests aiTokens }
    }
  }
`);
