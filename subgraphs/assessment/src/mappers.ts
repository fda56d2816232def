/**
 * The value each GraphQL object type's resolvers get as parent: its model in models.ts. Codegen
 * reads this and fails on a type the schema lacks, a model models.ts lacks, or an exported
 * `...Model` mapped by nothing (tools/codegen/mappers.ts).
 */
export const mappers = {
  Exercise: 'ExerciseModel',
  ExerciseQuestion: 'ExerciseQuestionModel',
  Submission: 'SubmissionModel',
  Course: 'CourseModel',
  User: 'UserModel',
  CourseGrade: 'CourseGradeModel',
  LeaderboardEntry: 'LeaderboardEntryModel',
  GradeAppeal: 'GradeAppealModel',
  GradeAppealConnection: 'GradeAppealConnectionModel',
  QuestionFeedback: 'QuestionFeedbackModel',
  GradebookConnection: 'GradebookConnectionModel',
  GradebookRow: 'GradebookRowModel',
  GradebookCell: 'GradebookCellModel',
} as const;
