import { applyToProjection, byIds, MongoRepository, type LoggedEvent, type Projected } from '@lg/platform';
import type { Collection } from 'mongodb';
import type {
  CourseDayDoc, CourseDoc, CourseWeekDoc, ExerciseDoc, LessonFunnelDoc, PlatformDayDoc, QuestionDoc, UserDayDoc, UserDoc,
} from './models.ts';

export const USERS = 'analytics_users';
export const USER_DAYS = 'analytics_user_days';
export const COURSES = 'analytics_courses';
export const COURSE_DAYS = 'analytics_course_days';
export const COURSE_WEEKS = 'analytics_course_weeks';
export const LESSON_FUNNEL = 'analytics_lesson_funnel';
export const EXERCISES = 'analytics_exercises';
export const QUESTIONS = 'analytics_questions';
export const PLATFORM_DAYS = 'analytics_platform_days';

/** Every collection analytics keeps: all projections, dropped by a rebuild. */
export const ANALYTICS_COLLECTIONS = [USERS, USER_DAYS, COURSES, COURSE_DAYS, COURSE_WEEKS, LESSON_FUNNEL, EXERCISES, QUESTIONS, PLATFORM_DAYS];

// Everything is read by _id (a document per user, per user and day, per course and day…), the one
// lookup the embedded database answers without a scan, so no secondary index is declared.

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
  readonly platformDays = this.db.collection<PlatformDayDoc>(PLATFORM_DAYS);

  /**
   * Applies one event to one document, made from `fresh` when absent: once, however often the
   * event is delivered (the document's `seq` guard, see applyToProjection).
   */
  apply<T extends Projected>(collection: Collection<T>, id: string, event: LoggedEvent, fresh: () => Omit<T, '_id' | 'seq'>, change: (doc: T) => void): Promise<void> {
    return applyToProjection(collection, id, event, (current) => {
      const doc = structuredClone(current ?? ({ _id: id, seq: 0, ...fresh() } as unknown as T));
      change(doc);
      doc.seq = event.seq;
      return doc;
    });
  }

  async clear(): Promise<void> {
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
