import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Everything here needs a signed-in viewer except a course's viewerGrade (null for anonymous).
// The gradebook, appeals and other students' attempts are checked by the service too (instructor or ADMIN).
// Membership (enrolled, the course's instructor, ADMIN) is checked by the service, which answers
// FORBIDDEN; so are the answers of a question, which only the instructor and ADMIN get.
export const permissions: IRules = {
  Query: {
    exercise: isAuthenticated, courseLeaderboard: isAuthenticated, submissionHistory: isAuthenticated, gradebook: isAuthenticated,
    exportGradebook: isAuthenticated, myAppeals: isAuthenticated, appeals: isAuthenticated,
  },
  Mutation: { createExercise: isAuthenticated, submitExercise: isAuthenticated, appealGrade: isAuthenticated, resolveAppeal: isAuthenticated },
  Course: { id: allow, exercises: isAuthenticated, viewerGrade: allow },
  Exercise: allow,
  ExerciseQuestion: { '*': allow, correctChoices: isAuthenticated, acceptedAnswers: isAuthenticated },
  Submission: allow,
  CourseGrade: allow,
  LeaderboardEntry: allow,
  QuestionFeedback: allow,
  GradeAppeal: allow,
  GradeAppealEdge: allow,
  GradeAppealConnection: allow,
  PageInfo: allow,
  GradebookConnection: allow,
  GradebookEdge: allow,
  GradebookRow: allow,
  GradebookCell: allow,
  User: allow,
};
