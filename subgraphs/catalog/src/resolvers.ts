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
  },
  Course: {
    __resolveReference: (ref, ctx) => ctx.catalog.courseReference(ctx.viewer, ref.id, ctx.loaders),
    id: (course) => course._id,
    // A reference only: identity resolves the rest through the gateway's batched _entities.
    instructor: (course) => ({ __typename: 'User', id: course.instructorId }),
    description: (course, _args, ctx) => ctx.catalog.description(course, ctx.loaders),
    sections: (course, _args, ctx) => ctx.catalog.sections(course, ctx.loaders),
  },
  CourseSection: {
    id: (section) => section._id,
    lessons: (section, _args, ctx) => ctx.catalog.lessons(section),
  },
  Lesson: {
    id: (lesson) => lesson._id,
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    taughtCourses: (user, _args, ctx) => ctx.catalog.taughtCourses(user.id, ctx.loaders),
  },
};
