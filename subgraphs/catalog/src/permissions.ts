import { allow, hasAnyRole, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Reads are open: which courses a viewer sees (drafts) is decided per course by the service.
// Changing a course needs a signed-in viewer here; that it is *their* course is checked by the
// service, which answers FORBIDDEN for anyone else.
export const permissions: IRules = {
  Query: { course: allow, courseBySlug: allow, courses: allow, categories: allow },
  Mutation: {
    createCourse: hasAnyRole('INSTRUCTOR', 'ADMIN'),
    updateCourse: isAuthenticated,
    publishCourse: isAuthenticated,
    addCourseSection: isAuthenticated,
    addLesson: isAuthenticated,
  },
  Course: allow,
  CourseSection: allow,
  Lesson: allow,
  CourseConnection: allow,
  CourseEdge: allow,
  PageInfo: allow,
  User: allow,
};
