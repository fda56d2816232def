import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Everything here needs a signed-in viewer except a course's viewerGrade (null for anonymous).
// Membership (enrolled, the course's instructor, ADMIN) is checked by the service, which answers
// FORBIDDEN; so are the answers of a question, which only the instructor and ADMIN get.
export const permissions: IRules = {
  Query: { exercise: isAuthenticated, courseLeaderboard: isAuthenticated },
  Mutation: { createExercise: isAuthenticated, submitExercise: isAuthenticated },
  Course: { id: allow, exercises: isAuthenticated, viewerGrade: allow },
  Exercise: allow,
  ExerciseQuestion: { '*': allow, correctChoices: isAuthenticated, acceptedAnswers: isAuthenticated },
  Submission: allow,
  CourseGrade: allow,
  LeaderboardEntry: allow,
  User: allow,
};
