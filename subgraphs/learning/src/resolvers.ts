import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    myEnrollments: (_root, { first, after }, ctx) => ctx.learning.myEnrollments(ctx.viewer, first, after),
    myWishlist: (_root, _args, ctx) => ctx.learning.myWishlist(ctx.viewer),
  },
  Mutation: {
    enrollInFreeCourse: (_root, { courseId }, ctx) => ctx.learning.enrollInFreeCourse(ctx.viewer, courseId),
    completeLesson: (_root, { courseId, lessonId }, ctx) => ctx.learning.completeLesson(ctx.viewer, courseId, lessonId),
    savePlaybackPosition: (_root, { lessonId, seconds }, ctx) => ctx.learning.savePlaybackPosition(ctx.viewer, lessonId, seconds),
    recordLessonActivity: (_root, { lessonId, seconds, opened }, ctx) => ctx.learning.recordLessonActivity(ctx.viewer, lessonId, seconds, opened),
    addToWishlist: (_root, { courseId }, ctx) => ctx.learning.addToWishlist(ctx.viewer, courseId),
    removeFromWishlist: (_root, { courseId }, ctx) => ctx.learning.removeFromWishlist(ctx.viewer, courseId),
  },
  Enrollment: {
    __resolveReference: (ref, ctx) => ctx.learning.enrollmentReference(ctx.viewer, ref.id, ctx.loaders),
    id: (enrollment) => enrollment._id,
    // References only: identity and catalog resolve the rest through the gateway's batched _entities.
    user: (enrollment) => ({ __typename: 'User', id: enrollment.userId }),
    course: (enrollment) => ({ __typename: 'Course', id: enrollment.courseId }),
    progressPercent: (enrollment, _args, ctx) => ctx.learning.progressPercent(enrollment, ctx.loaders),
    cancelledAt: (enrollment) => enrollment.cancelledAt ?? null,
    resumeLesson: (enrollment, _args, ctx) => ctx.learning.resumeLesson(enrollment, ctx.loaders),
    resumeAtSeconds: (enrollment, _args, ctx) => ctx.learning.resumeAtSeconds(enrollment, ctx.loaders),
    playbackPositions: (enrollment, _args, ctx) => ctx.learning.playbackPositions(enrollment),
  },
  Course: {
    __resolveReference: (ref) => ({ id: ref.id }),
    enrollmentCount: (course, _args, ctx) => ctx.learning.enrollmentCount(course.id, ctx.loaders),
    viewerEnrollment: (course, _args, ctx) => ctx.learning.viewerEnrollment(ctx.viewer, course.id, ctx.loaders),
    viewerHasWishlisted: (course, _args, ctx) => ctx.learning.viewerHasWishlisted(ctx.viewer, course.id, ctx.loaders),
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    enrollments: (user, { first, after }, ctx) => ctx.learning.userEnrollments(ctx.viewer, user.id, first, after),
  },
};
