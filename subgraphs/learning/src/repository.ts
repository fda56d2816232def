import DataLoader from 'dataloader';
import { byIds, pageOf, MongoRepository, idTime, insertIfAbsent, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent, type LoggedEvent, applyToProjection } from '@lg/platform';
import type { CourseProjection, EnrollmentModel, EnrollmentTally, WishlistEntry } from './models.ts';

export const ENROLLMENTS = 'learning_enrollments';
export const WISHLIST = 'learning_wishlist';
export const COURSES = 'learning_courses';
export const TALLIES = 'learning_enrollment_tallies';

/** How long a tally remembers the events that moved it (far longer than any request runs). */
const TALLY_MEMORY_MS = 60 * 60_000;

/** Wishlist entries still listed: not tombstones of a removal whose event is on its way. */
const LISTED = { removedAt: { $exists: false } };

/** Enrolments that count: a cancelled one does not. */
export const COUNTED_STATUSES = ['ACTIVE', 'COMPLETED'] as const;

export const learningIndexes: CollectionIndexes[] = [
  {
    collection: ENROLLMENTS,
    indexes: [
      // One enrolment per user and course, also when grants race.
      { key: { userId: 1, courseId: 1 }, name: 'user_course_unique', unique: true },
      { key: { userId: 1, _id: -1 }, name: 'user_newest' },
      { key: { courseId: 1, status: 1 }, name: 'course_status' },
    ],
  },
  // savePlaybackPosition knows only the lesson.
  { collection: COURSES, indexes: [{ key: { lessonIds: 1 }, name: 'lesson_ids' }] },
  {
    collection: WISHLIST,
    indexes: [
      { key: { userId: 1, courseId: 1 }, name: 'user_course_unique', unique: true },
      { key: { userId: 1, _id: -1 }, name: 'user_newest' },
    ],
  },
];

export interface LearningLoaders {
  enrollment: DataLoader<string, EnrollmentModel | null>;
  course: DataLoader<string, CourseProjection | null>;
  enrollmentCount: DataLoader<string, number>;
  /** The viewer's enrolment per course id; null for anonymous viewers without a query. */
  viewerEnrollment: DataLoader<string, EnrollmentModel | null>;
  viewerWishlisted: DataLoader<string, boolean>;
}

/** A projection write that lost to another writer this many times in a row is reported. */

/** All MongoDB access of the learning subgraph. */
export class LearningRepository extends MongoRepository {
  readonly enrollments = this.db.collection<EnrollmentModel>(ENROLLMENTS);
  readonly wishlist = this.db.collection<WishlistEntry>(WISHLIST);
  readonly courses = this.db.collection<CourseProjection>(COURSES);
  readonly tallies = this.db.collection<EnrollmentTally>(TALLIES);

  // ---------------------------------------------------------------- per-request loaders

  /** Per request: every key asked for in one tick costs one command together, whatever the page size. */
  loaders(viewerId: string | null): LearningLoaders {
    return {
      enrollment: new DataLoader(async (ids) => {
        const byId = new Map((await this.enrollments.find(byIds(ids)).toArray()).map((e) => [e._id, e]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      course: new DataLoader(async (ids) => {
        const byId = new Map((await this.courses.find(byIds(ids)).toArray()).map((c) => [c._id, c]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      enrollmentCount: new DataLoader(async (courseIds) => {
        const tallies = await this.tallies.find(byIds(courseIds), { projection: { enrollmentCount: 1 } }).toArray();
        const byId = new Map(tallies.map((t) => [t._id, t.enrollmentCount]));
        return courseIds.map((id) => byId.get(id) ?? 0);
      }),
      viewerEnrollment: new DataLoader(async (courseIds) => {
        if (!viewerId) return courseIds.map(() => null);
        const found = await this.enrollments.find({ userId: viewerId, courseId: { $in: [...courseIds] } }).toArray();
        const byCourse = new Map(found.map((e) => [e.courseId, e]));
        return courseIds.map((id) => byCourse.get(id) ?? null);
      }),
      viewerWishlisted: new DataLoader(async (courseIds) => {
        if (!viewerId) return courseIds.map(() => false);
        const found = await this.wishlist
          .find({ userId: viewerId, courseId: { $in: [...courseIds] }, ...LISTED }, { projection: { courseId: 1 } })
          .toArray();
        const wished = new Set(found.map((w) => w.courseId));
        return courseIds.map((id) => wished.has(id));
      }),
    };
  }

  // ---------------------------------------------------------------- enrolments

  findEnrollment(userId: string, courseId: string): Promise<EnrollmentModel | null> {
    return this.enrollments.findOne({ userId, courseId });
  }

  /** One key of the enrolment's playback map; the same position saved twice changes nothing. */
  savePlayback(id: string, lessonId: string, seconds: number, at: Date): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, status: { $ne: 'CANCELLED' } },
      { $set: { [`playback.${lessonId}`]: { seconds, at } } } as never,
      { returnDocument: 'after' },
    );
  }

  /**
   * Records a report of study time with its LessonActivity, guarded on the previous report's time:
   * of racing reports one counts (null for the others), so time is never credited twice.
   */
  recordActivity(id: string, previousAt: Date | null, at: Date, event: DomainEvent): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, status: { $ne: 'CANCELLED' }, activityAt: previousAt },
      { $set: { activityAt: at }, $push: pushToOutbox(event) } as never,
      { returnDocument: 'after' },
    );
  }

  /** Records events in an enrolment's outbox alone (the seed's history of study). */
  async pushEvents(id: string, events: DomainEvent[]): Promise<void> {
    await this.enrollments.updateOne({ _id: id }, { $push: pushToOutbox(...events) } as never);
  }

  /** The course (projection) a lesson belongs to. */
  findCourseOfLesson(lessonId: string): Promise<CourseProjection | null> {
    return this.courses.findOne({ lessonIds: lessonId });
  }

  findEnrollmentById(id: string): Promise<EnrollmentModel | null> {
    return this.enrollments.findOne({ _id: id });
  }

  /** Inserts a new enrolment; false when the user already has one for the course (the unique index). */
  insertEnrollment(enrollment: EnrollmentModel): Promise<boolean> {
    return insertIfAbsent(this.enrollments, enrollment);
  }

  /**
   * Adds a completed lesson with its event, once: guarded on the lesson not being there yet, so of
   * racing completions one writes (null for the others); $addToSet keeps completions of different
   * lessons from losing one another.
   */
  addCompletedLesson(id: string, lessonId: string, event: DomainEvent): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, completedLessonIds: { $ne: lessonId } },
      { $addToSet: { completedLessonIds: lessonId }, $set: { updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** ACTIVE to COMPLETED with its event; guarded on ACTIVE, so only one racer completes it. */
  markCompleted(id: string, completedAt: Date, event: DomainEvent): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, status: 'ACTIVE' },
      { $set: { status: 'COMPLETED', completedAt, updatedAt: completedAt }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** A user's enrolments granted by one order. */
  enrollmentsOfOrder(userId: string, orderId: string): Promise<EnrollmentModel[]> {
    return this.enrollments.find({ userId, source: 'ORDER', orderId }).toArray();
  }

  /** To CANCELLED with its event, once: guarded on the granting order and on not being cancelled yet. */
  markCancelled(id: string, orderId: string, cancelledAt: Date, event: DomainEvent): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, source: 'ORDER', orderId, status: { $in: [...COUNTED_STATUSES] } },
      { $set: { status: 'CANCELLED', cancelledAt, updatedAt: cancelledAt }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** CANCELLED to ACTIVE for a new grant, with its event; guarded on CANCELLED, so only one racer renews it. */
  reactivate(id: string, grant: { source: EnrollmentModel['source']; orderId: string | null; enrolledAt: Date }, event: DomainEvent): Promise<EnrollmentModel | null> {
    return this.enrollments.findOneAndUpdate(
      { _id: id, status: 'CANCELLED' },
      { $set: { ...grant, status: 'ACTIVE', completedAt: null, cancelledAt: null, updatedAt: grant.enrolledAt }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** One page of a user's enrolments, newest first (limit + 1 rows), and their total. */
  async enrollmentPage(userId: string, afterId: string | undefined, limit: number): Promise<{ rows: EnrollmentModel[]; total: number }> {
    return pageOf(this.enrollments, { userId }, afterId ? { _id: { $lt: afterId } } : null, { _id: -1 }, limit);
  }

  // ---------------------------------------------------------------- enrolment tallies

  /**
   * Moves a course's tally by one event's delta, once: the event id is recorded in the same write,
   * and a tally that holds it already is not moved again. Ids older than TALLY_MEMORY are dropped.
   */
  async moveTally(courseId: string, eventId: string, delta: number): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const moved = await this.tallies.findOneAndUpdate(
          { _id: courseId, ops: { $ne: eventId } },
          { $inc: { enrollmentCount: delta }, $push: { ops: eventId } },
          { upsert: true, returnDocument: 'after' },
        );
        const forgotten = (moved?.ops ?? []).filter((op) => idTime(op) < Date.now() - TALLY_MEMORY_MS);
        if (forgotten.length > 0) await this.tallies.updateOne({ _id: courseId }, { $pullAll: { ops: forgotten } });
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // The tally exists and holds the event (moved before), or a racing upsert created it first: then once more.
        if (await this.tallies.findOne({ _id: courseId, ops: eventId }, { projection: { _id: 1 } })) return;
      }
    }
  }

  /**
   * At start-up: a tally for every course with enrolments but none (data from before tallies, or a
   * crash before a course's first move), counted from the enrolments as stored. Their pending
   * events are already in those statuses, so their ids are recorded as moved.
   */
  async createMissingTallies(): Promise<number> {
    const known = new Set((await this.tallies.find({}, { projection: { _id: 1 } }).toArray()).map((t) => t._id));
    const missing = new Map<string, EnrollmentTally>();
    const stored = await this.enrollments.find({}, { projection: { courseId: 1, status: 1, outbox: 1 } }).toArray();
    for (const enrollment of stored) {
      if (known.has(enrollment.courseId)) continue;
      const tally = missing.get(enrollment.courseId) ?? { _id: enrollment.courseId, enrollmentCount: 0, ops: [] };
      if ((COUNTED_STATUSES as readonly string[]).includes(enrollment.status)) tally.enrollmentCount += 1;
      tally.ops.push(...(enrollment.outbox ?? []).map((e) => e._id));
      missing.set(enrollment.courseId, tally);
    }
    for (const tally of missing.values()) await insertIfAbsent(this.tallies, tally);
    return missing.size;
  }

  // ---------------------------------------------------------------- wishlist

  async isWishlisted(userId: string, courseId: string): Promise<boolean> {
    return (await this.wishlist.findOne({ userId, courseId, ...LISTED }, { projection: { _id: 1 } })) !== null;
  }

  wishlistSize(userId: string): Promise<number> {
    return this.wishlist.countDocuments({ userId, ...LISTED });
  }

  /** The user's entry for the course, listed or a tombstone. */
  findWishlistEntry(userId: string, courseId: string): Promise<WishlistEntry | null> {
    return this.wishlist.findOne({ userId, courseId });
  }

  /** A new entry with its event; false when the user has one for the course already, listed or a tombstone (the unique index). */
  insertWishlistEntry(entry: WishlistEntry): Promise<boolean> {
    return insertIfAbsent(this.wishlist, entry);
  }

  /** The listed entry becomes a tombstone with its event, once; null when none is listed. */
  markWishlistRemoved(userId: string, courseId: string, event: DomainEvent): Promise<WishlistEntry | null> {
    return this.wishlist.findOneAndUpdate(
      { userId, courseId, ...LISTED },
      { $set: { removedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Deletes tombstones whose event is logged (one, or every one at start-up); one still owing its event stays. */
  async deleteTombstones(id?: string): Promise<void> {
    await this.wishlist.deleteMany({ ...(id ? { _id: id } : {}), removedAt: { $exists: true }, 'outbox.0': { $exists: false } });
  }

  wishlistOf(userId: string, limit: number): Promise<WishlistEntry[]> {
    return this.wishlist.find({ userId, ...LISTED }).sort({ _id: -1 }).limit(limit).toArray();
  }

  // ---------------------------------------------------------------- course projection

  findCourse(id: string): Promise<CourseProjection | null> {
    return this.courses.findOne({ _id: id });
  }

  /** Whether some course projection was written in another shape than `shape` (by an older learning). */
  async hasOutdatedCourses(shape: number): Promise<boolean> {
    return (await this.courses.findOne({ shape: { $ne: shape } }, { projection: { _id: 1 } })) !== null;
  }

  findCourses(ids: string[]): Promise<CourseProjection[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.courses.find({ _id: { $in: ids } }).toArray();
  }

  /**
   * Applies one event to its course's projection: read, compute, then write only if nobody wrote
   * since (guarded on the `seq` read). An event at or below the stored `seq` is a replay and is
   * skipped, so delivery at least once, concurrent consumers and restarts all leave one result.
   */
  applyCourseEvent(event: LoggedEvent, project: (current: CourseProjection | null, event: LoggedEvent) => CourseProjection): Promise<void> {
    return applyToProjection(this.courses, event.courseId ?? event.aggregateId, event, project);
  }
}
