import type { EntityReference, WithOutbox } from '@lg/platform';
import type { EnrollmentStatus } from './generated/resolvers-types.ts';

export type { EnrollmentStatus };
/** How an enrolment was granted: a free course enrolled in, or a course of a paid order. */
export type EnrollmentSource = 'FREE' | 'ORDER';
export type CourseStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

/**
 * One user in one course (unique on userId + courseId). Progress is embedded, so completing a
 * lesson is a single-document write. CANCELLED (its order was refunded) grants nothing; a later
 * grant of the course makes the same document ACTIVE again, progress kept.
 */
export interface EnrollmentModel extends WithOutbox {
  _id: string;
  userId: string;
  courseId: string;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  /** The paid order that granted it (source ORDER). */
  orderId: string | null;
  /** In the order they were completed; only ever grows ($addToSet). */
  completedLessonIds: string[];
  enrolledAt: Date;
  completedAt: Date | null;
  /** When it became CANCELLED; absent or null otherwise. */
  cancelledAt?: Date | null;
  /**
   * The last playback position per lesson (key: the lesson id). Saved every few seconds by the
   * player, so one `$set` of one key, logging no event; absent on enrolments from before.
   */
  playback?: Record<string, SavedPosition>;
  /** When the student last reported study time (recordLessonActivity); absent before the first report. */
  activityAt?: Date | null;
  updatedAt: Date;
}

export interface SavedPosition {
  seconds: number;
  at: Date;
}

/** A saved position as the API shows it. */
export interface PlaybackPositionModel {
  lessonId: string;
  seconds: number;
  updatedAt: Date;
}

/** A Lesson reference (id and course); catalog resolves it, but for the title learning provides. */
export interface LessonModel {
  __typename: 'Lesson';
  id: string;
  courseId: string;
  /** Absent only for a lesson no LessonAdded named (then the field is an error, as catalog's non-null title would be missing). */
  title?: string;
}

/**
 * A course's enrolments that count (ACTIVE or COMPLETED), kept instead of counted per page. Each
 * enrolment event moves it once: the event id is recorded in the same write (and remembered for
 * an hour), so the retries and start-up flushes that replay a pending event do not move it again.
 */
export interface EnrollmentTally {
  /** The course id. */
  _id: string;
  enrollmentCount: number;
  ops: string[];
}

/**
 * A wishlisted course; unique on userId + courseId; newest first by its time-ordered _id. Its
 * events leave through its outbox, so a removal first marks it `removedAt` with its event (a
 * tombstone, listed nowhere) and deletes it once the event is logged.
 */
export interface WishlistEntry extends WithOutbox {
  _id: string;
  userId: string;
  courseId: string;
  addedAt: Date;
  removedAt?: Date;
}

export interface SectionRef {
  sectionId: string;
  position: number;
}

export interface LessonRef {
  lessonId: string;
  sectionId: string;
  position: number;
  /**
   * From LessonAdded (a lesson's title never changes after): what Enrollment.resumeLesson provides,
   * so that My learning names the lesson without a read of catalog. Absent on projections from
   * before (createLearningSubgraph rebuilds those: `shape`) and on a lesson known only from a published snapshot.
   */
  title?: string;
}

/**
 * What learning knows of a catalog course: a local projection of catalog's events, never a read of
 * catalog's collection. Rebuilt at any time by replaying the event log from the start.
 */
export interface CourseProjection {
  _id: string;
  instructorId: string;
  status: CourseStatus;
  priceCents: number;
  currency: string;
  sections: SectionRef[];
  lessons: LessonRef[];
  /** Every lesson id in reading order: by section position, then lesson position. */
  lessonIds: string[];
  lessonCount: number;
  /** The video of each lesson that has one (from LessonContentUpdated); absent on projections from before. */
  videos?: { lessonId: string; assetId: string }[];
  /** Known durations of the course's videos (LessonContentUpdated, MediaAssetReady), by asset. */
  videoDurations?: { assetId: string; seconds: number }[];
  /** What the document holds (PROJECTION_SHAPE); absent on projections from before lessons kept their titles. */
  shape?: number;
  /** Log position of the last event applied; an event at or below it is a replay and changes nothing. */
  seq: number;
  /** The time of the last event applied (not of the processing), so that a rebuild yields the same document. */
  updatedAt: Date;
}

/** A Course reference; catalog resolves it. */
export type CourseModel = EntityReference<'Course'>;

/** A User reference; identity resolves it. */
export type UserModel = EntityReference<'User'>;

export interface EnrollmentEdgeModel {
  cursor: string;
  node: EnrollmentModel;
}

export interface EnrollmentConnectionModel {
  edges: EnrollmentEdgeModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
