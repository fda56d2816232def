import type { Projected } from '@lg/platform';

// The projected documents (each records in `seq` the log position it last applied) and the
// models the GraphQL types are answered from. Days are UTC calendar days, YYYY-MM-DD.

/** One user's learning on one day; _id `<userId>:<day>`. */
export interface UserDayDoc extends Projected {
  userId: string;
  day: string;
  seconds: number;
  lessonsOpened: number;
  lessonsCompleted: number;
  submissions: number;
  /** Sum of score / maxScore × 100 over the day's graded submissions. */
  scorePercentSum: number;
}

/** `submissionId`: which graded submission it came from (absent on results projected before grade appeals), so an accepted appeal can correct it. */
export interface SkillResult { at: Date; percent: number; submissionId?: string }
export interface UserSkill { skill: string; results: SkillResult[] }
export interface UserCourse {
  courseId: string;
  status: 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
  completedLessonIds: string[];
  lastActiveAt: Date;
}

/** One user over all time; _id the user id. */
export interface UserDoc extends Projected {
  /** Days with learning activity, ascending, each once. */
  activeDays: string[];
  lessonsCompleted: number;
  coursesCompleted: number;
  /** The latest results per skill (at most LIMITS.resultsPerSkill each). */
  skills: UserSkill[];
  courses: UserCourse[];
}

export interface SectionOrder { sectionId: string; lessonIds: string[] }

/** What analytics knows of a course from catalog's and assessment's events; _id the course id. */
export interface CourseDoc extends Projected {
  instructorId: string;
  title: string;
  category: string;
  tags: string[];
  priceCents: number;
  currency: string;
  sections: SectionOrder[];
  exerciseIds: string[];
}

/** One course on one day; _id `<courseId>:<day>`. */
export interface CourseDayDoc extends Projected {
  courseId: string;
  day: string;
  enrolments: number;
  paidCents: number;
  refundedCents: number;
  orders: number;
  /** Questions asked that day, and the seconds to the first answer of those answered. */
  questions: number;
  responseSeconds: number[];
}

/** Distinct learners active in a course in a week; _id `<courseId>:<Monday>`. */
export interface CourseWeekDoc extends Projected {
  courseId: string;
  weekStart: string;
  learners: string[];
}

/** Who opened and completed one lesson; _id `<courseId>:<lessonId>`. */
export interface LessonFunnelDoc extends Projected {
  courseId: string;
  lessonId: string;
  openedBy: string[];
  completedBy: string[];
}

/** One exercise's results; _id the exercise id. */
export interface ExerciseDoc extends Projected {
  courseId: string;
  title: string;
  /** The exercise's own skills when its event carried some; else its course's category and tags count. */
  skills: string[];
  attempts: number;
  percentSum: number;
  learners: string[];
}

/** A graded submission as analytics counted it, so that an accepted appeal corrects the very day and averages; _id the submission id. */
export interface SubmissionDoc extends Projected {
  userId: string;
  exerciseId: string;
  day: string;
  percent: number;
}

/** A question, until its first answer; _id the question id. */
export interface QuestionDoc extends Projected {
  courseId: string;
  authorId: string;
  askedAt: Date;
  answered: boolean;
  /** The position of the event that answered it first. */
  answerSeq: number | null;
}

export interface MoneyModel { currency: string; cents: number }

/** The platform on one day; _id the day. */
export interface PlatformDayDoc extends Projected {
  day: string;
  activeUsers: string[];
  signUps: number;
  enrolments: number;
  orders: number;
  revenue: MoneyModel[];
  aiRequests: number;
  aiTokens: number;
}

// ------------------------------------------------------------------ GraphQL models

export interface UserModel { __typename: 'User'; id: string }
export interface CourseModel { __typename: 'Course'; id: string }
export interface LessonModel { __typename: 'Lesson'; id: string; courseId: string }
export interface ExerciseModel { __typename: 'Exercise'; id: string }

export interface DaySecondsModel { day: string; seconds: number }
export interface DayCountModel { day: string; count: number }
export interface DayScoreModel { day: string; averagePercent: number; submissions: number }
export interface WeekCountModel { weekStart: string; count: number }
export interface SkillMasteryModel { skill: string; mastery: number; attempts: number; lastPracticedAt: Date }
export interface RecommendationsModel { weakestSkills: SkillMasteryModel[]; nextLessons: LessonModel[] }

export interface DashboardModel {
  userId: string;
  timeLearnedPerDay: DaySecondsModel[];
  currentStreak: number;
  longestStreak: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  averageScoreOverTime: DayScoreModel[];
  skillHeatmap: SkillMasteryModel[];
  recommendations: RecommendationsModel;
}

export interface ProgressUpdateModel { id: string; userId: string; reason: string; at: Date; dashboard: DashboardModel }

export interface UserDayModel {
  day: string;
  seconds: number;
  lessonsOpened: number;
  lessonsCompleted: number;
  submissions: number;
  averageScorePercent: number | null;
}

export interface UserMetricsModel {
  userId: string;
  from: string;
  to: string;
  days: UserDayModel[];
  totalSeconds: number;
  activeDays: number;
  lessonsCompleted: number;
  submissions: number;
}

export interface FunnelStepModel { lesson: LessonModel; position: number; opened: number; completed: number }
export interface ExerciseDifficultyModel { exercise: ExerciseModel; title: string; averageScorePercent: number; attempts: number; learners: number }
export interface ResponseTimeModel { questions: number; answered: number; averageSeconds: number | null; medianSeconds: number | null }
export interface DayRevenueModel { day: string; currency: string; paidCents: number; refundedCents: number; orders: number }

export interface CourseAnalyticsModel {
  courseId: string;
  from: string;
  to: string;
  enrolmentsPerDay: DayCountModel[];
  activeLearnersPerWeek: WeekCountModel[];
  completionFunnel: FunnelStepModel[];
  exerciseDifficulty: ExerciseDifficultyModel[];
  questionResponseTime: ResponseTimeModel;
  revenuePerDay: DayRevenueModel[];
}

/** A platform day as read: the count of its active users instead of their ids. */
export interface PlatformDayModel extends Omit<PlatformDayDoc, '_id' | 'seq' | 'activeUsers'> {
  activeUsers: number;
}

export interface PlatformMetricsModel { from: string; to: string; days: PlatformDayModel[] }
