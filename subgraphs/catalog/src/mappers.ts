/**
 * The value each GraphQL object type's resolvers get as parent: its model in models.ts. Codegen
 * reads this and fails on a type the schema lacks, a model models.ts lacks, or an exported
 * `...Model` mapped by nothing (tools/codegen/mappers.ts).
 */
export const mappers = {
  Lesson: 'LessonModel',
  LessonContent: 'LessonContentModel',
  MediaAsset: 'MediaAssetModel',
  Supplement: 'SupplementModel',
  CourseSection: 'CourseSectionModel',
  Course: 'CourseModel',
  User: 'UserModel',
  CourseEdge: 'CourseEdgeModel',
  CourseConnection: 'CourseConnectionModel',
} as const;
