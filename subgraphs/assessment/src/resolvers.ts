import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

const courseRef = (id: string) => ({ id });
const userRef = (id: string) => ({ __typename: 'User' as const, id });

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    exercise: (_root, { id }, ctx) => ctx.assessment.exercise(ctx.viewer, id, ctx.loaders),
    courseLeaderboard: (_root, { courseId, first }, ctx) => ctx.assessment.courseLeaderboard(ctx.viewer, courseId, first, ctx.loaders),
  },
  Mutation: {
    createExercise: (_root, { courseId, input }, ctx) => ctx.assessment.createExercise(ctx.viewer, courseId, input),
    submitExercise: (_root, { exerciseId, answers }, ctx) => ctx.assessment.submitExercise(ctx.viewer, exerciseId, answers),
  },
  Course: {
    // A reference only: catalog owns the course and resolves the rest.
    __resolveReference: (ref) => courseRef(ref.id),
    exercises: (course, _args, ctx) => ctx.assessment.courseExercises(ctx.viewer, course.id, ctx.loaders),
    viewerGrade: (course, _args, ctx) => ctx.assessment.viewerGrade(ctx.viewer, course.id, ctx.loaders),
  },
  Exercise: {
    __resolveReference: (ref, ctx) => ctx.assessment.exerciseReference(ctx.viewer, ref.id, ctx.loaders),
    id: (exercise) => exercise._id,
    course: (exercise) => courseRef(exercise.courseId),
    questions: (exercise, _args, ctx) => ctx.assessment.questions(exercise),
  },
  ExerciseQuestion: {
    id: (question) => question._id,
    correctChoices: async (question, _args, ctx) => (await ctx.assessment.answersOf(ctx.viewer, question, ctx.loaders)).correctChoices,
    acceptedAnswers: async (question, _args, ctx) => (await ctx.assessment.answersOf(ctx.viewer, question, ctx.loaders)).acceptedAnswers,
  },
  Submission: {
    __resolveReference: (ref, ctx) => ctx.assessment.submissionReference(ctx.viewer, ref.id, ctx.loaders),
    id: (submission) => submission._id,
    exercise: (submission, _args, ctx) => ctx.assessment.exerciseOf(submission, ctx.loaders),
    user: (submission) => userRef(submission.userId),
  },
  CourseGrade: {
    course: (grade) => courseRef(grade.courseId),
    user: (grade) => userRef(grade.userId),
  },
  LeaderboardEntry: {
    user: (entry) => userRef(entry.userId),
  },
};
