import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Everything personal needs a signed-in viewer here; whose enrolment it is (the user themself, the
// course's instructor, ADMIN) is checked by the service, which answers FORBIDDEN or null otherwise.
// Course fields are open: an anonymous viewer gets the count, no enrolment and false.
export const permissions: IRules = {
  Query: { myEnrollments: isAuthenticated, myWishlist: isAuthenticated },
  Mutation: {
    enrollInFreeCourse: isAuthenticated,
    completeLesson: isAuthenticated,
    savePlaybackPosition: isAuthenticated,
    recordLessonActivity: isAuthenticated,
    addToWishlist: isAuthenticated,
    removeFromWishlist: isAuthenticated,
  },
  Enrollment: allow,
  PlaybackPosition: allow,
  Lesson: allow,
  EnrollmentConnection: allow,
  EnrollmentEdge: allow,
  PageInfo: allow,
  Course: allow,
  User: { id: allow, enrollments: isAuthenticated },
};
