import {
  afterId, badInput, flushOutbox, forbidden, isId, isOwnerOrAdmin, newId, notFound, pageSize, paymentRequired, rateLimited, retryOnConflict, signedIn,
  toConnection, type Connection, type EventLog, type OwedByEvents, type Viewer,
} from '@lg/platform';
import { enrollmentCancelled, enrollmentCompleted, enrollmentCreated, lessonActivity, lessonCompleted, wishlistChanged } from './events.ts';
import type { CourseModel, CourseProjection, EnrollmentModel, EnrollmentSource, LessonModel, PlaybackPositionModel } from './models.ts';
import { ACTIVITY, PLAYBACK, checkActivitySeconds, checkSeconds, creditedSeconds, positionsOf, resumeOf, videoSecondsOf, watchedEnough } from './playback.ts';
import type { LearningLoaders, LearningRepository } from './repository.ts';
import { tallyMoves } from './tallies.ts';

export const LIMITS = {
  /** myWishlist is one unpaginated list, so a wishlist is bounded. */
  wishlist: 200,
} as const;

/** What the service needs of the course projection beyond reading it: bringing it up to date. */
export interface CourseCatchUp {
  catchUp(): Promise<void>;
}

const checkId = (id: string, field: string): string => {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
};

const withoutOutbox = ({ outbox: _pending, ...stored }: EnrollmentModel): EnrollmentModel => stored;
const round2 = (value: number) => Math.round(value * 100) / 100;
const price = (course: CourseProjection) => `${(course.priceCents / 100).toFixed(2)} ${course.currency}`;

/** Learning's use cases and rules; resolvers only translate to and from GraphQL. */
export class LearningService {
  private readonly owed: OwedByEvents;

  constructor(
    private readonly repository: LearningRepository,
    private readonly events: EventLog,
    private readonly projection: CourseCatchUp,
  ) {
    this.owed = tallyMoves(repository);
  }

  /** Per request: what the viewer may see is part of what the loaders fetch. */
  loaders(viewer: Viewer | null): LearningLoaders {
    return this.repository.loaders(viewer?.id ?? null);
  }

  // ---------------------------------------------------------------- enrolling

  /** A signed-in viewer enrols in a PUBLISHED free course; twice, or racing, still one enrolment. */
  async enrollInFreeCourse(viewer: Viewer | null, courseId: string): Promise<EnrollmentModel> {
    const actor = signedIn(viewer);
    return this.grantEnrollment(actor.id, courseId, 'FREE');
  }

  /**
   * The one way an enrolment comes to be, idempotent: the user's existing enrolment in the course
   * is returned as it is, and racing grants meet the unique index and return the winner's.
   * FREE: the course must be PUBLISHED (else NOT_FOUND) and free (else PAYMENT_REQUIRED).
   * ORDER (commerce's consumer of paid orders, one call per course of the order): the order was
   * paid, so any course the projection knows is granted; `orderId` is required.
   * Emits EnrollmentCreated once, through the enrolment's outbox. A CANCELLED enrolment is granted
   * again on the same rules: the same document becomes ACTIVE (progress kept) with a new
   * EnrollmentCreated, so every projection of "who is enrolled" takes the user back.
   */
  async grantEnrollment(userId: string, courseId: string, source: EnrollmentSource, orderId?: string | null, at?: Date): Promise<EnrollmentModel> {
    checkId(userId, 'userId');
    checkId(courseId, 'courseId');
    if (source !== 'FREE' && source !== 'ORDER') throw badInput('source must be FREE or ORDER.', 'source');
    if (source === 'ORDER' && !(orderId && isId(orderId))) throw badInput('An enrolment granted by an order needs the order id.', 'orderId');
    if (source === 'FREE' && orderId != null) throw badInput('A free enrolment has no order.', 'orderId');

    const existing = await this.repository.findEnrollment(userId, courseId);
    // A replayed grant of the very order whose refund cancelled the enrolment gives nothing back.
    const cancelledBySameOrder = existing?.status === 'CANCELLED' && source === 'ORDER' && existing.orderId === orderId;
    if (existing && (existing.status !== 'CANCELLED' || cancelledBySameOrder)) return this.flushed(existing);

    // A free enrolment is decided on the course as it is now: a price raised a moment ago may not
    // be projected yet, and a stale "free" must not give a paid course away. So FREE always
    // catches up first; ORDER (already paid) only when the course is unknown.
    const course = await this.course(courseId, (c) => source === 'ORDER' && Boolean(c));
    if (!course || (source === 'FREE' && course.status !== 'PUBLISHED')) throw notFound('The course');
    if (source === 'FREE' && course.priceCents > 0) throw paymentRequired(`This course costs ${price(course)}; buy it to enrol.`);

    const now = at ?? new Date();
    const data = { userId, courseId, source, ...(source === 'ORDER' ? { orderId: orderId! } : {}) };
    const created = (enrollmentId: string) => ({ ...enrollmentCreated(enrollmentId, data), at: now });
    if (existing) {
      const event = created(existing._id);
      const renewed = await this.repository.reactivate(existing._id, { source, orderId: data.orderId ?? null, enrolledAt: now }, event);
      // Null: a racing grant renewed it first, and that is the enrolment.
      const current = renewed ?? (await this.repository.findEnrollmentById(existing._id));
      if (!current) throw new Error('A cancelled enrolment being granted again is gone.');
      return this.flushed(current);
    }
    const id = newId();
    const enrollment: EnrollmentModel = {
      _id: id, userId, courseId, status: 'ACTIVE', source, orderId: source === 'ORDER' ? orderId! : null,
      completedLessonIds: [], enrolledAt: now, completedAt: null, updatedAt: now,
      outbox: [created(id)],
    };
    if (await this.repository.insertEnrollment(enrollment)) {
      await this.flush(id);
      return withoutOutbox(enrollment);
    }
    // Another grant for the same user and course got in first: that one is the enrolment.
    const winner = await this.repository.findEnrollment(userId, courseId);
    if (!winner) throw new Error('An enrolment that blocked the insert is gone.');
    return this.flushed(winner);
  }

  /**
   * The enrolments an order granted (source ORDER, that order id) become CANCELLED, with one
   * EnrollmentCancelled each (commerce's consumer of refunded orders). Idempotent: one cancelled
   * already, or granted meanwhile by another order or for free, is left as it is.
   */
  async cancelOrderEnrollments(userId: string, orderId: string): Promise<EnrollmentModel[]> {
    checkId(userId, 'userId');
    checkId(orderId, 'orderId');
    const cancelled: EnrollmentModel[] = [];
    for (const enrollment of await this.repository.enrollmentsOfOrder(userId, orderId)) {
      if (enrollment.status === 'CANCELLED') {
        cancelled.push(await this.flushed(enrollment));
        continue;
      }
      const cancelledAt = new Date();
      const data = { userId, courseId: enrollment.courseId, source: 'ORDER', orderId, reason: 'ORDER_REFUNDED', cancelledAt } as const;
      const event = enrollmentCancelled(enrollment._id, data);
      const done = await this.repository.markCancelled(enrollment._id, orderId, cancelledAt, event);
      const current = done ?? (await this.repository.findEnrollmentById(enrollment._id));
      if (current?.status === 'CANCELLED') cancelled.push(await this.flushed(current));
    }
    return cancelled;
  }

  // ---------------------------------------------------------------- progress

  /**
   * Marks one lesson of the course completed for the enrolled viewer; completing it again changes
   * nothing. A lesson's first completion emits LessonCompleted; when every lesson the course has is
   * completed, the enrolment becomes COMPLETED and EnrollmentCompleted is emitted, once.
   */
  async completeLesson(viewer: Viewer | null, courseId: string, lessonId: string): Promise<EnrollmentModel> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    checkId(lessonId, 'lessonId');
    const enrollment = await this.repository.findEnrollment(actor.id, courseId);
    if (!enrollment || enrollment.status === 'CANCELLED')
      throw forbidden('You are not enrolled in this course; enrol in it before completing its lessons.');
    const course = await this.course(courseId, (c) => c.lessonIds.includes(lessonId));
    if (!course?.lessonIds.includes(lessonId)) throw badInput('lessonId is not a lesson of this course.', 'lessonId');

    let current = enrollment;
    if (!current.completedLessonIds.includes(lessonId)) {
      const event = lessonCompleted(enrollment._id, { userId: actor.id, courseId, lessonId });
      const added = await this.repository.addCompletedLesson(enrollment._id, lessonId, event);
      if (added) await this.flush(enrollment._id);
      // Null: a racing request completed it first; read what it wrote.
      current = added ?? (await this.repository.findEnrollmentById(enrollment._id)) ?? current;
    }
    // Also when the lesson was done already: a crash may have come between the two writes.
    if (current.status === 'ACTIVE' && course.lessonIds.every((id) => current.completedLessonIds.includes(id))) {
      const completedAt = new Date();
      const data = { userId: actor.id, courseId, completedAt, lessonCount: course.lessonCount };
      const event = enrollmentCompleted(current._id, data);
      const completed = await this.repository.markCompleted(current._id, completedAt, event);
      if (completed) await this.flush(current._id);
      current = completed ?? (await this.repository.findEnrollmentById(current._id)) ?? current;
    }
    return withoutOutbox(current);
  }

  /**
   * Saves where the enrolled viewer is in a lesson's video: one key of the enrolment, no event
   * (the player saves every few seconds). Reaching 90% of a known duration completes the lesson
   * through completeLesson, which does so once.
   */
  async savePlaybackPosition(viewer: Viewer | null, lessonId: string, seconds: number): Promise<EnrollmentModel> {
    const actor = signedIn(viewer);
    checkId(lessonId, 'lessonId');
    const at = checkSeconds(seconds);
    const { course, enrollment } = await this.lessonEnrollment(actor.id, lessonId, 'watching');
    const saved = await this.repository.savePlayback(enrollment._id, lessonId, at, new Date());
    if (!saved) throw forbidden('You are not enrolled in this course; enrol in it before watching its lessons.');
    if (!saved.completedLessonIds.includes(lessonId) && watchedEnough(at, videoSecondsOf(course, lessonId))) {
      return this.completeLesson(actor, course._id, lessonId);
    }
    return withoutOutbox(saved);
  }

  /**
   * The enrolled viewer studied a lesson: LessonActivity logged with the enrolment's write (analytics
   * counts it). Credited at most the wall time since the previous report; a report sooner than
   * ACTIVITY.minIntervalMs after it, or racing another, is RATE_LIMITED and changes nothing.
   */
  async recordLessonActivity(viewer: Viewer | null, lessonId: string, seconds: number, opened: boolean): Promise<EnrollmentModel> {
    const actor = signedIn(viewer);
    checkId(lessonId, 'lessonId');
    checkActivitySeconds(seconds);
    const { course, enrollment } = await this.lessonEnrollment(actor.id, lessonId, 'studying');
    const now = new Date();
    const previousAt = enrollment.activityAt ?? null;
    const tooSoon = () => rateLimited(`Report study time at most every ${ACTIVITY.minIntervalMs / 1000} s.`, Math.ceil(ACTIVITY.minIntervalMs / 1000));
    if (previousAt && now.getTime() - previousAt.getTime() < ACTIVITY.minIntervalMs) throw tooSoon();
    const event = lessonActivity(enrollment._id, { userId: actor.id, courseId: course._id, lessonId, seconds: creditedSeconds(seconds, previousAt, now), opened });
    const recorded = await this.repository.recordActivity(enrollment._id, previousAt, now, event);
    if (!recorded) throw tooSoon();
    return this.flushed(recorded);
  }

  /**
   * The demo seed's history of study (tools/seed), never a resolver's: LessonActivity events of an
   * enrolment at the past times given, in one write of its outbox, so analytics' charts have a
   * shape on first start. Backdating is what a live report cannot do; here it is said openly.
   */
  /**
   * Seed only (not in the API): a free enrolment dated `at` — its EnrollmentCreated logged with
   * that time — so that the demo's enrolment charts have a history. The rules of a free enrolment apply.
   */
  async importFreeEnrollment(userId: string, courseId: string, at: Date): Promise<EnrollmentModel> {
    return this.grantEnrollment(userId, courseId, 'FREE', null, at);
  }

  async importStudyHistory(enrollmentId: string, sessions: { at: Date; lessonId: string; seconds: number; opened: boolean }[]): Promise<void> {
    const enrollment = await this.repository.findEnrollmentById(enrollmentId);
    if (!enrollment) throw notFound('The enrolment');
    const { userId, courseId } = enrollment;
    const events = sessions.map((s) => ({
      ...lessonActivity(enrollment._id, { userId, courseId, lessonId: s.lessonId, seconds: checkActivitySeconds(s.seconds), opened: s.opened }),
      at: s.at,
    }));
    if (events.length === 0) return;
    await this.repository.pushEvents(enrollment._id, events);
    await this.flush(enrollment._id);
  }

  /** The course of a lesson and the viewer's live enrolment in it: NOT_FOUND for an unknown lesson, FORBIDDEN when not enrolled. */
  private async lessonEnrollment(userId: string, lessonId: string, doing: string): Promise<{ course: CourseProjection; enrollment: EnrollmentModel }> {
    let course = await this.repository.findCourseOfLesson(lessonId);
    if (!course) {
      await this.projection.catchUp();
      course = await this.repository.findCourseOfLesson(lessonId);
    }
    if (!course) throw notFound('The lesson');
    const enrollment = await this.repository.findEnrollment(userId, course._id);
    if (!enrollment || enrollment.status === 'CANCELLED') throw forbidden(`You are not enrolled in this course; enrol in it before ${doing} its lessons.`);
    return { course, enrollment };
  }

  playbackPositions(enrollment: EnrollmentModel): PlaybackPositionModel[] {
    return positionsOf(enrollment).slice(0, PLAYBACK.listed);
  }

  /** With its title from the course projection (the schema's @provides): My learning names it without a read of catalog. */
  async resumeLesson(enrollment: EnrollmentModel, loaders: LearningLoaders): Promise<LessonModel | null> {
    const course = await loaders.course.load(enrollment.courseId);
    const resume = resumeOf(enrollment, course);
    if (!resume) return null;
    const title = course?.lessons.find((l) => l.lessonId === resume.lessonId)?.title;
    return { __typename: 'Lesson', id: resume.lessonId, courseId: enrollment.courseId, ...(title !== undefined ? { title } : {}) };
  }

  async resumeAtSeconds(enrollment: EnrollmentModel, loaders: LearningLoaders): Promise<number | null> {
    return resumeOf(enrollment, await loaders.course.load(enrollment.courseId))?.seconds ?? null;
  }

  /** Completed lessons among the course's current lessons, over their number, in percent. */
  async progressPercent(enrollment: EnrollmentModel, loaders: LearningLoaders): Promise<number> {
    const course = await loaders.course.load(enrollment.courseId);
    if (!course || course.lessonCount === 0) return enrollment.status === 'COMPLETED' ? 100 : 0;
    const lessons = new Set(course.lessonIds);
    const done = enrollment.completedLessonIds.filter((id) => lessons.has(id)).length;
    return round2((done / course.lessonCount) * 100);
  }

  // ---------------------------------------------------------------- reading enrolments

  async myEnrollments(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<Connection<EnrollmentModel>> {
    return this.enrollmentsOf(signedIn(viewer).id, first, after);
  }

  /** The user themself and ADMIN only. */
  async userEnrollments(viewer: Viewer | null, userId: string, first: number | null | undefined, after: string | null | undefined): Promise<Connection<EnrollmentModel>> {
    const actor = signedIn(viewer);
    if (!isOwnerOrAdmin(actor, userId)) throw forbidden("Only the user themself or an ADMIN can see a user's enrolments.");
    return this.enrollmentsOf(userId, first, after);
  }

  /**
   * For `_entities`: an enrolment is shown to its user, the course's instructor and ADMIN; to
   * anyone else (and for a malformed or unknown id) it does not exist.
   */
  async enrollmentReference(viewer: Viewer | null, id: string, loaders: LearningLoaders): Promise<EnrollmentModel | null> {
    if (!viewer || !isId(id)) return null;
    const enrollment = await loaders.enrollment.load(id);
    if (!enrollment) return null;
    if (isOwnerOrAdmin(viewer, enrollment.userId)) return enrollment;
    const course = await loaders.course.load(enrollment.courseId);
    return course?.instructorId === viewer.id ? enrollment : null;
  }

  // ---------------------------------------------------------------- Course fields

  enrollmentCount(courseId: string, loaders: LearningLoaders): Promise<number> {
    return isId(courseId) ? loaders.enrollmentCount.load(courseId) : Promise.resolve(0);
  }

  viewerEnrollment(viewer: Viewer | null, courseId: string, loaders: LearningLoaders): Promise<EnrollmentModel | null> {
    return viewer && isId(courseId) ? loaders.viewerEnrollment.load(courseId) : Promise.resolve(null);
  }

  viewerHasWishlisted(viewer: Viewer | null, courseId: string, loaders: LearningLoaders): Promise<boolean> {
    return viewer && isId(courseId) ? loaders.viewerWishlisted.load(courseId) : Promise.resolve(false);
  }

  // ---------------------------------------------------------------- wishlist

  /**
   * PUBLISHED courses only (else NOT_FOUND); true, also when already wishlisted. Adding logs
   * WishlistChanged through the new entry's outbox; a tombstone of the same course (a removal
   * still on its way) is finished first.
   */
  async addToWishlist(viewer: Viewer | null, courseId: string): Promise<boolean> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const course = await this.course(courseId, (c) => c.status === 'PUBLISHED');
    if (course?.status !== 'PUBLISHED') throw notFound('The course');
    if (await this.repository.isWishlisted(actor.id, courseId)) return true;
    if ((await this.repository.wishlistSize(actor.id)) >= LIMITS.wishlist)
      throw badInput(`A wishlist holds at most ${LIMITS.wishlist} courses; remove one first.`, 'courseId');
    return retryOnConflict(async () => {
      const entry = { _id: newId(), userId: actor.id, courseId, addedAt: new Date(), outbox: [wishlistChanged(actor.id, courseId, true)] };
      if (await this.repository.insertWishlistEntry(entry)) {
        await flushOutbox(this.repository.wishlist, entry._id, this.events);
        return true;
      }
      const existing = await this.repository.findWishlistEntry(actor.id, courseId);
      if (existing && !existing.removedAt) return true;
      if (existing) await this.finishRemoval(existing._id);
      return null;
    }, 'Your wishlist is changing too fast; try again.');
  }

  /** True, also when the course was not wishlisted; a removal logs WishlistChanged. */
  async removeFromWishlist(viewer: Viewer | null, courseId: string): Promise<boolean> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const removed = await this.repository.markWishlistRemoved(actor.id, courseId, wishlistChanged(actor.id, courseId, false));
    if (removed) await this.finishRemoval(removed._id);
    return true;
  }

  /** The viewer's wishlisted courses that are published, most recently added first, as references. */
  async myWishlist(viewer: Viewer | null): Promise<CourseModel[]> {
    const actor = signedIn(viewer);
    const entries = await this.repository.wishlistOf(actor.id, LIMITS.wishlist);
    const published = new Set(
      (await this.repository.findCourses(entries.map((e) => e.courseId))).filter((c) => c.status === 'PUBLISHED').map((c) => c._id),
    );
    return entries.filter((e) => published.has(e.courseId)).map((e) => ({ __typename: 'Course' as const, id: e.courseId }));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The course as the projection knows it; when it is unknown or not yet as expected (a course
   * published or a lesson added a moment ago), the projection catches up once and is read again.
   */
  private async course(courseId: string, expected: (course: CourseProjection) => boolean): Promise<CourseProjection | null> {
    const course = await this.repository.findCourse(courseId);
    if (course && expected(course)) return course;
    await this.projection.catchUp();
    return this.repository.findCourse(courseId);
  }

  private async enrollmentsOf(userId: string, first: number | null | undefined, after: string | null | undefined): Promise<Connection<EnrollmentModel>> {
    const size = pageSize(first);
    const { rows, total } = await this.repository.enrollmentPage(userId, afterId(after), size + 1);
    return toConnection(rows.map(withoutOutbox), size, total, (e) => [e._id]);
  }

  /** An existing enrolment, with whatever a crash left in its outbox sent on first. */
  private async flushed(enrollment: EnrollmentModel): Promise<EnrollmentModel> {
    if (enrollment.outbox?.length) await this.flush(enrollment._id);
    return withoutOutbox(enrollment);
  }

  /** A tombstone's event logged, then the tombstone deleted. */
  private async finishRemoval(entryId: string): Promise<void> {
    await flushOutbox(this.repository.wishlist, entryId, this.events);
    await this.repository.deleteTombstones(entryId);
  }

  /** Sends an enrolment's pending events on, its course's count moved first (see tallies.ts). */
  private flush(id: string): Promise<void> {
    return flushOutbox(this.repository.enrollments, id, this.events, this.owed);
  }
}
