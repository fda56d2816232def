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
    updateLessonContent: isAuthenticated,
    reorderCourse: isAuthenticated,
    setCourseCover: isAuthenticated,
    addSupplement: isAuthenticated,
    removeSupplement: isAuthenticated,
  },
  Course: allow,
  CourseSection: allow,
  // Lesson.content is for members unless the lesson is a preview: the service decides per lesson.
  Lesson: allow,
  LessonContent: allow,
  MediaAsset: allow,
  Supplement: allow,
  CourseConnection: allow,
  CourseEdge: allow,
  PageInfo: allow,
  User: allow,
};
