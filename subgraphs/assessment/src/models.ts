import type { WithOutbox } from '@lg/platform';
import type { AppealDecision, AppealStatus, QuestionKind } from './generated/resolvers-types.ts';

export type { AppealDecision, AppealStatus, QuestionKind };

/** A question as stored inside its exercise, answers included (they never leave for students). */
export interface StoredQuestion {
  _id: string;
  prompt: string;
  kind: QuestionKind;
  /** Empty for SHORT_TEXT. */
  choices: string[];
  points: number;
  /** Sorted choice indexes; null for SHORT_TEXT. */
  correctChoices: number[] | null;
  /** Trimmed, inner spaces collapsed; null for choice questions. */
  acceptedAnswers: string[] | null;
}

/**
 * One exercise is one aggregate with its questions embedded; exercises are never changed after
 * creation, so a submission graded against one stays right.
 */
export interface ExerciseModel extends WithOutbox {
  _id: string;
  courseId: string;
  title: string;
  questions: StoredQuestion[];
  /** The sum of the questions' points. */
  maxScore: number;
  dueAt: Date | null;
  /** Normalised skill names; absent on exercises made before skills existed. */
  skills?: string[];
  createdBy: string;
  createdAt: Date;
}

/** A question on its way to GraphQL: it carries its course, so the answers' guard can check who asks. */
export interface ExerciseQuestionModel extends StoredQuestion {
  courseId: string;
}

export interface GradedAnswer {
  questionId: string;
  choiceIndexes: number[] | null;
  text: string | null;
  score: number;
}

/** What the API shows of a submission; also built from a grade's best entries. */
export interface SubmissionModel {
  _id: string;
  exerciseId: string;
  courseId: string;
  userId: string;
  score: number;
  maxScore: number;
  submittedAt: Date;
  /** Present when read whole (history, by id); a grade's best entries do not carry them. */
  answers?: GradedAnswer[];
  appeal?: StoredAppeal;
}

/**
 * A student's appeal, kept inside the submission it appeals: one per submission, and accepting it
 * changes the submission's score in the same single-document write that closes it.
 */
export interface StoredAppeal {
  _id: string;
  reason: string;
  status: AppealStatus;
  createdAt: Date;
  previousScore: number | null;
  reply: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

/** A submission as stored: its answers, and the pending step of updating the grade. */
export interface SubmissionDocument extends SubmissionModel, WithOutbox {
  answers: GradedAnswer[];
  /** Set until the submission has been taken into its grade; start-up finishes what a crash left. */
  gradePending?: boolean;
  /** Set by an accepted appeal until the exercise's best score has been worked out again. */
  regradePending?: boolean;
}

/** An appeal on its way to GraphQL, with the submission it belongs to. */
export interface GradeAppealModel extends StoredAppeal {
  submission: SubmissionModel;
}

export interface QuestionFeedbackModel {
  question: ExerciseQuestionModel;
  score: number;
  points: number;
  correct: boolean;
}

export interface GradebookCellModel {
  exercise: ExerciseModel;
  bestScore: number | null;
  maxScore: number;
  attempts: number;
  lastAttemptAt: Date | null;
}

export interface GradebookRowModel {
  studentId: string;
  scorePercent: number;
  cells: GradebookCellModel[];
}

export interface GradebookConnectionModel {
  exercises: ExerciseModel[];
  edges: { cursor: string; node: GradebookRowModel }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface GradeAppealConnectionModel {
  edges: { cursor: string; node: GradeAppealModel }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Projection of identity's events: a user's display name, for the gradebook's CSV. */
export interface PersonProjection {
  _id: string;
  displayName: string;
  seq: number;
}

/** The best submission of one exercise, as kept in the grade. */
export interface BestEntry {
  exerciseId: string;
  submissionId: string;
  score: number;
  maxScore: number;
  submittedAt: Date;
}

/**
 * One user's grade in one course: the best submission of each exercise and their sum, so that the
 * leaderboard is one indexed, sorted query. Changed under a version guard.
 */
export interface GradeDocument {
  _id: string;
  courseId: string;
  userId: string;
  best: BestEntry[];
  scoreTotal: number;
  /** When scoreTotal last rose: among equal scores, who got there first is listed first. */
  reachedAt: Date;
  version: number;
  /** The latest attempt at each exercise, by exercise id; absent for grades made before it was kept. */
  lastAttemptAt?: Record<string, Date>;
}

/** Projection of catalog's events: who instructs a course. */
export interface CourseProjection {
  _id: string;
  instructorId: string;
  status: string;
  /** The log position of the last event applied; older events replayed later change nothing. */
  seq: number;
}

export type EnrollmentStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

/**
 * Projection of learning's events: who is enrolled in a course. `_id` is learning's enrolment id.
 * A CANCELLED one (its order was refunded) is kept, so that the log position guard still holds,
 * but does not make its user enrolled.
 */
export interface EnrollmentProjection {
  _id: string;
  courseId: string;
  userId: string;
  status: EnrollmentStatus;
  seq: number;
}

/** A Course as assessment knows it: a reference that catalog resolves. */
export interface CourseModel {
  id: string;
}

/** A User as assessment knows it: a reference that identity resolves. */
export interface UserModel {
  __typename?: 'User';
  id: string;
}

export interface CourseGradeModel {
  courseId: string;
  userId: string;
  scorePercent: number;
  submissions: SubmissionModel[];
}

export interface LeaderboardEntryModel {
  rank: number;
  userId: string;
  scorePercent: number;
}
