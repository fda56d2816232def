import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    course: (_root, { id }, ctx) => ctx.catalog.course(ctx.viewer, id, ctx.loaders),
    courseBySlug: (_root, { slug }, ctx) => ctx.catalog.courseBySlug(ctx.viewer, slug),
    courses: (_root, { filter, first, after }, ctx) => ctx.catalog.courses(ctx.viewer, filter, first, after),
    categories: (_root, _args, ctx) => ctx.catalog.categories(),
  },
  Mutation: {
    createCourse: (_root, { input }, ctx) => ctx.catalog.createCourse(ctx.viewer, input),
    updateCourse: (_root, { id, input }, ctx) => ctx.catalog.updateCourse(ctx.viewer, id, input),
    publishCourse: (_root, { id }, ctx) => ctx.catalog.publishCourse(ctx.viewer, id),
    addCourseSection: (_root, { courseId, title }, ctx) => ctx.catalog.addCourseSection(ctx.viewer, courseId, title),
    addLesson: (_root, { sectionId, input }, ctx) => ctx.catalog.addLesson(ctx.viewer, sectionId, input),
    updateLessonContent: (_root, { input }, ctx) => ctx.content.updateLessonContent(ctx.viewer, input),
    reorderCourse: (_root, { input }, ctx) => ctx.catalog.reorderCourse(ctx.viewer, input),
    setCourseCover: (_root, { courseId, mediaId }, ctx) => ctx.catalog.setCourseCover(ctx.viewer, courseId, mediaId),
    addSupplement: (_root, { input }, ctx) => ctx.content.addSupplement(ctx.viewer, input),
    removeSupplement: (_root, { courseId, supplementId }, ctx) => ctx.content.removeSupplement(ctx.viewer, courseId, supplementId),
  },
  Course: {
    __resolveReference: (ref, ctx) => ctx.catalog.courseReference(ctx.viewer, ref.id, ctx.loaders),
    id: (course) => course._id,
    // A reference only: identity resolves the rest through the gateway's batched _entities.
    instructor: (course) => ({ __typename: 'User', id: course.instructorId }),
    description: (course, _args, ctx) => ctx.catalog.description(course, ctx.loaders),
    sections: (course, _args, ctx) => ctx.catalog.sections(course, ctx.loaders),
    lesson: (course, { id }, ctx) => ctx.catalog.lesson(course, id, ctx.loaders),
    coverImage: (course) => (course.coverImageId ? { __typename: 'MediaAsset', id: course.coverImageId } : null),
    supplements: (course, _args, ctx) => ctx.content.supplements(ctx.viewer, course, ctx.loaders),
  },
  CourseSection: {
    id: (section) => section._id,
    lessons: (section, _args, ctx) => ctx.catalog.lessons(section),
  },
  Lesson: {
    __resolveReference: (ref, ctx) => ctx.catalog.lessonReference(ctx.viewer, ref, ctx.loaders),
    id: (lesson) => lesson._id,
    preview: (lesson) => lesson.preview ?? false,
    content: (lesson, _args, ctx) => ctx.content.content(ctx.viewer, lesson, ctx.loaders),
  },
  LessonContent: {
    media: (content) => content.mediaIds.map((id) => ({ __typename: 'MediaAsset', id })),
    video: (content) => (content.videoId ? { __typename: 'MediaAsset', id: content.videoId } : null),
    captions: (content) => content.captionIds.map((id) => ({ __typename: 'MediaAsset', id })),
  },
  Supplement: {
    id: (supplement) => supplement._id,
    file: (supplement) => (supplement.fileId ? { __typename: 'MediaAsset', id: supplement.fileId } : null),
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    taughtCourses: (user, _args, ctx) => ctx.catalog.taughtCourses(user.id, ctx.loaders),
  },
};
