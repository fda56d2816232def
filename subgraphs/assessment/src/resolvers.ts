import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

const courseRef = (id: string) => ({ id });
const userRef = (id: string) => ({ __typename: 'User' as const, id });

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    exercise: (_root, { id }, ctx) => ctx.assessment.exercise(ctx.viewer, id, ctx.loaders),
    courseLeaderboard: (_root, { courseId, first }, ctx) => ctx.assessment.courseLeaderboard(ctx.viewer, courseId, first, ctx.loaders),
    submissionHistory: (_root, { exerciseId, userId, first }, ctx) => ctx.gradebook.submissionHistory(ctx.viewer, exerciseId, userId, first, ctx.loaders),
    gradebook: (_root, { courseId, first, after }, ctx) => ctx.gradebook.gradebook(ctx.viewer, courseId, first, after, ctx.loaders),
    exportGradebook: (_root, { courseId }, ctx) => ctx.gradebook.exportGradebook(ctx.viewer, courseId, ctx.loaders),
    myAppeals: (_root, { first, after }, ctx) => ctx.appeals.myAppeals(ctx.viewer, first, after),
    appeals: (_root, { courseId, status, first, after }, ctx) => ctx.appeals.courseAppeals(ctx.viewer, courseId, status, first, after, ctx.loaders),
  },
  Mutation: {
    createExercise: (_root, { courseId, input }, ctx) => ctx.assessment.createExercise(ctx.viewer, courseId, input),
    submitExercise: (_root, { exerciseId, answers }, ctx) => ctx.assessment.submitExercise(ctx.viewer, exerciseId, answers),
    appealGrade: (_root, { submissionId, reason }, ctx) => ctx.appeals.appealGrade(ctx.viewer, submissionId, reason, ctx.loaders),
    resolveAppeal: (_root, { appealId, decision, score, reply }, ctx) => ctx.appeals.resolveAppeal(ctx.viewer, appealId, decision, score, reply, ctx.loaders),
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
    skills: (exercise) => exercise.skills ?? [],
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
    feedback: (submission, _args, ctx) => ctx.gradebook.feedback(submission, ctx.loaders),
    appeal: (submission, _args, ctx) => ctx.appeals.appealOfSubmission(submission, ctx.loaders),
  },
  GradeAppeal: {
    id: (appeal) => appeal._id,
    submission: (appeal) => appeal.submission,
    student: (appeal) => userRef(appeal.submission.userId),
    course: (appeal) => courseRef(appeal.submission.courseId),
    resolvedBy: (appeal) => (appeal.resolvedBy ? userRef(appeal.resolvedBy) : null),
  },
  GradebookRow: {
    student: (row) => userRef(row.studentId),
  },
  CourseGrade: {
    course: (grade) => courseRef(grade.courseId),
    user: (grade) => userRef(grade.userId),
  },
  LeaderboardEntry: {
    user: (entry) => userRef(entry.userId),
  },
};
