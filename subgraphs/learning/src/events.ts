import type { DomainEvent } from '@lg/platform';
import {
  EnrollmentCancelled, EnrollmentCompleted, EnrollmentCreated, LessonActivity, LessonCompleted, WishlistChanged,
  type EnrollmentCancelledData, type EnrollmentCompletedData, type EnrollmentCreatedData, type LessonActivityData, type LessonCompletedData,
} from '@lg/events';

// The events learning produces, built from their contracts in @lg/events (which validate them).
// Each is about one enrolment, its aggregate, but WishlistChanged, about a user's wishlist.

type Fields<D> = Omit<D, 'enrollmentId'>;

export const enrollmentCreated = (enrollmentId: string, d: Fields<EnrollmentCreatedData>): DomainEvent => EnrollmentCreated.build({ enrollmentId, ...d });
export const enrollmentCompleted = (enrollmentId: string, d: Fields<EnrollmentCompletedData>): DomainEvent => EnrollmentCompleted.build({ enrollmentId, ...d });
export const enrollmentCancelled = (enrollmentId: string, d: Fields<EnrollmentCancelledData>): DomainEvent => EnrollmentCancelled.build({ enrollmentId, ...d });
export const lessonCompleted = (enrollmentId: string, d: Fields<LessonCompletedData>): DomainEvent => LessonCompleted.build({ enrollmentId, ...d });
export const lessonActivity = (enrollmentId: string, d: Fields<LessonActivityData>): DomainEvent => LessonActivity.build({ enrollmentId, ...d });
export const wishlistChanged = (userId: string, courseId: string, wishlisted: boolean): DomainEvent => WishlistChanged.build({ userId, courseId, wishlisted });
