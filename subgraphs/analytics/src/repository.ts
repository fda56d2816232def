import { isDeepStrictEqual } from 'node:util';
import { byIds, isDuplicateKey, MongoRepository, type LoggedEvent, type Projected } from '@lg/platform';
import type { Collection } from 'mongodb';
import type {
  CourseDayDoc, CourseDoc, CourseWeekDoc, ExerciseDoc, LessonFunnelDoc, PlatformDayDoc, QuestionDoc, SubmissionDoc, UserDayDoc, UserDoc,
} from './models.ts';

export const USERS = 'analytics_users';
export const USER_DAYS = 'analytics_user_days';
export const COURSES = 'analytics_courses';
export const COURSE_DAYS = 'analytics_course_days';
export const COURSE_WEEKS = 'analytics_course_weeks';
export const LESSON_FUNNEL = 'analytics_lesson_funnel';
export const EXERCISES = 'analytics_exercises';
export const QUESTIONS = 'analytics_questions';
export const SUBMISSIONS = 'analytics_submissions';
export const PLATFORM_DAYS = 'analytics_platform_days';

/** Every collection analytics keeps: all projections, dropped by a rebuild. */
export const ANALYTICS_COLLECTIONS = [USERS, USER_DAYS, COURSES, COURSE_DAYS, COURSE_WEEKS, LESSON_FUNNEL, EXERCISES, QUESTIONS, SUBMISSIONS, PLATFORM_DAYS];

// Everything is read by _id (a document per user, per user and day, per course and day…), the one
// lookup the embedded database answers without a scan, so no secondary index is declared.

const WRITE_ATTEMPTS = 20;
/** Documents remembered as written (the most recent): a user's, a day's, a course's are hit again and again. */
const REMEMBERED = 10_000;

/** All MongoDB access of analytics. */
export class AnalyticsRepository extends MongoRepository {
  readonly users = this.db.collection<UserDoc>(USERS);
  readonly userDays = this.db.collection<UserDayDoc>(USER_DAYS);
  readonly courses = this.db.collection<CourseDoc>(COURSES);
  readonly courseDays = this.db.collection<CourseDayDoc>(COURSE_DAYS);
  readonly courseWeeks = this.db.collection<CourseWeekDoc>(COURSE_WEEKS);
  readonly lessonFunnel = this.db.collection<LessonFunnelDoc>(LESSON_FUNNEL);
  readonly exercises = this.db.collection<ExerciseDoc>(EXERCISES);
  readonly questions = this.db.collection<QuestionDoc>(QUESTIONS);
  readonly submissions = this.db.collection<SubmissionDoc>(SUBMISSIONS);
  readonly platformDays = this.db.collection<PlatformDayDoc>(PLATFORM_DAYS);

  /** The documents this process wrote last, so that the next event of one costs a write alone. */
  private readonly written = new Map<string, Projected>();

  /**
   * Applies one event to one document, made from `fresh` when absent: once, however often the
   * event is delivered. As applyToProjection, the replacement is guarded on the stored `seq` and an
   * event at or below it is skipped; the document this process wrote last is taken as the stored
   * one (a write by another instance fails the guard, and the document is read again).
   */
  async apply<T extends Projected>(collection: Collection<T>, id: string, event: LoggedEvent, fresh: () => Omit<T, '_id' | 'seq'>, change: (doc: T) => void): Promise<void> {
    const key = `${collection.collectionName}:${id}`;
    let current = (this.written.get(key) as T | undefined) ?? null;
    let known = current !== null;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      if (!known) current = (await collection.findOne({ _id: id } as never)) as T | null;
      if (current && current.seq >= event.seq) return;
      const next = structuredClone(current ?? ({ _id: id, seq: 0, ...fresh() } as unknown as T));
      change(next);
      // Most events only confirm what a document holds (a user already counted active today):
      // no write, and a redelivery finds it unchanged again.
      if (current && isDeepStrictEqual(next, current)) return;
      next.seq = event.seq;
      if (await this.write(collection, current, next)) {
        this.remember(key, next);
        return;
      }
      known = false;
    }
    throw new Error(`Could not apply event ${event._id} to ${key}: too many concurrent writers.`);
  }

  private async write<T extends Projected>(collection: Collection<T>, current: T | null, next: T): Promise<boolean> {
    if (current) return (await collection.replaceOne({ _id: current._id, seq: current.seq } as never, next)).matchedCount === 1;
    try {
      await collection.insertOne(next as never);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  }

  private remember(key: string, doc: Projected): void {
    this.written.delete(key);
    this.written.set(key, doc);
    if (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }

  async clear(): Promise<void> {
    this.written.clear();
    for (const name of ANALYTICS_COLLECTIONS) await this.db.collection(name).deleteMany({});
  }

  // ---------------------------------------------------------------- reads (each one command)

  user(userId: string): Promise<UserDoc | null> {
    return this.users.findOne({ _id: userId });
  }

  userDaysOf(userId: string, days: readonly string[]): Promise<UserDayDoc[]> {
    return this.userDays.find(byIds(days.map((d) => `${userId}:${d}`))).toArray();
  }

  course(courseId: string): Promise<CourseDoc | null> {
    return this.courses.findOne({ _id: courseId });
  }

  coursesByIds(ids: readonly string[]): Promise<CourseDoc[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.courses.find(byIds(ids)).toArray();
  }

  courseDaysOf(courseId: string, days: readonly string[]): Promise<CourseDayDoc[]> {
    return this.courseDays.find(byIds(days.map((d) => `${courseId}:${d}`))).toArray();
  }

  /** Sets of user ids (learners of a week, of a lesson, of a day) are read whole: a count is their size. */
  courseWeeksOf(courseId: string, weeks: readonly string[]): Promise<CourseWeekDoc[]> {
    return this.courseWeeks.find(byIds(weeks.map((w) => `${courseId}:${w}`))).toArray();
  }

  funnelOf(courseId: string, lessonIds: readonly string[]): Promise<LessonFunnelDoc[]> {
    if (lessonIds.length === 0) return Promise.resolve([]);
    return this.lessonFunnel.find(byIds(lessonIds.map((l) => `${courseId}:${l}`))).toArray();
  }

  exercisesByIds(ids: readonly string[]): Promise<ExerciseDoc[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.exercises.find(byIds(ids)).toArray();
  }

  platformDaysOf(days: readonly string[]): Promise<PlatformDayDoc[]> {
    return this.platformDays.find(byIds(days)).toArray();
  }
}
