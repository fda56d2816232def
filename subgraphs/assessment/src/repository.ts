import DataLoader from 'dataloader';
import { byIds, MongoRepository, insertIfAbsent, isDuplicateKey, type CollectionIndexes } from '@lg/platform';
import type {
  BestEntry, CourseProjection, EnrollmentProjection, EnrollmentStatus, ExerciseModel, GradeDocument, SubmissionDocument, SubmissionModel,
} from './models.ts';

export const EXERCISES = 'assessment_exercises';
export const SUBMISSIONS = 'assessment_submissions';
export const GRADES = 'assessment_grades';
/** Projections of other subgraphs' events; rebuilt from the log at will. */
export const COURSES = 'assessment_courses';
export const ENROLLMENTS = 'assessment_enrollments';

/** The projected enrolments that make their user enrolled: a cancelled one does not. */
const ENROLLED = { status: { $in: ['ACTIVE', 'COMPLETED'] as EnrollmentStatus[] } };

export const assessmentIndexes: CollectionIndexes[] = [
  { collection: EXERCISES, indexes: [{ key: { courseId: 1, _id: 1 }, name: 'course_oldest' }] },
  {
    collection: SUBMISSIONS,
    indexes: [
      { key: { userId: 1, exerciseId: 1, _id: -1 }, name: 'user_exercise_newest' },
      // Start-up looks for submissions whose grade step a crash interrupted.
      { key: { gradePending: 1 }, name: 'grade_pending' },
    ],
  },
  {
    collection: GRADES,
    indexes: [
      { key: { userId: 1, courseId: 1 }, name: 'user_course_unique', unique: true },
      { key: { courseId: 1, scoreTotal: -1, reachedAt: 1, _id: 1 }, name: 'course_ranking' },
    ],
  },
  {
    collection: ENROLLMENTS,
    indexes: [
      { key: { courseId: 1, userId: 1 }, name: 'course_user_unique', unique: true },
      { key: { userId: 1, courseId: 1 }, name: 'user_course' },
    ],
  },
];

/** All MongoDB access of the assessment subgraph. */
export class AssessmentRepository extends MongoRepository {
  readonly exercises = this.db.collection<ExerciseModel>(EXERCISES);
  readonly submissions = this.db.collection<SubmissionDocument>(SUBMISSIONS);
  readonly grades = this.db.collection<GradeDocument>(GRADES);
  readonly courses = this.db.collection<CourseProjection>(COURSES);
  readonly enrollments = this.db.collection<EnrollmentProjection>(ENROLLMENTS);

  // ---------------------------------------------------------------- per-request loaders

  /** Who instructs each course of a page, in one query. */
  courseLoader(): DataLoader<string, CourseProjection | null> {
    return new DataLoader(async (ids) => {
      const found = await this.courses.find(byIds(ids)).toArray();
      const byId = new Map(found.map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Whether `userId` is enrolled in each course of a page, in one query. */
  enrolledLoader(userId: string | null): DataLoader<string, boolean> {
    return new DataLoader(async (courseIds) => {
      if (!userId) return courseIds.map(() => false);
      const found = await this.enrollments.find({ userId, courseId: { $in: [...courseIds] }, ...ENROLLED }, { projection: { courseId: 1 } }).toArray();
      const enrolled = new Set(found.map((e) => e.courseId));
      return courseIds.map((id) => enrolled.has(id));
    });
  }

  exerciseLoader(): DataLoader<string, ExerciseModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.exercises.find(byIds(ids)).toArray();
      const byId = new Map(found.map((e) => [e._id, e]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** The exercises of every course of a page in one query, oldest first, at most `cap` each; each also primes `byId`. */
  courseExercisesLoader(byId: DataLoader<string, ExerciseModel | null>, cap: number): DataLoader<string, ExerciseModel[]> {
    return new DataLoader(async (courseIds) => {
      const found = await this.exercises.find({ courseId: { $in: [...courseIds] } }).sort({ courseId: 1, _id: 1 }).toArray();
      for (const exercise of found) byId.prime(exercise._id, exercise);
      return courseIds.map((id) => found.filter((e) => e.courseId === id).slice(0, cap));
    });
  }

  /** The grades of `userId` in every course of a page, in one query. */
  gradeLoader(userId: string | null): DataLoader<string, GradeDocument | null> {
    return new DataLoader(async (courseIds) => {
      if (!userId) return courseIds.map(() => null);
      const found = await this.grades.find({ userId, courseId: { $in: [...courseIds] } }).toArray();
      const byCourse = new Map(found.map((g) => [g.courseId, g]));
      return courseIds.map((id) => byCourse.get(id) ?? null);
    });
  }

  submissionLoader(): DataLoader<string, SubmissionModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.submissions.find(byIds(ids), { projection: { answers: 0, outbox: 0, gradePending: 0 } }).toArray();
      const byId = new Map(found.map((s) => [s._id, s as SubmissionModel]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  // ---------------------------------------------------------------- exercises and submissions

  findCourse(id: string): Promise<CourseProjection | null> {
    return this.courses.findOne({ _id: id });
  }

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    return (await this.enrollments.countDocuments({ courseId, userId, ...ENROLLED }, { limit: 1 })) > 0;
  }

  /** Of `userIds`, those enrolled in the course. */
  async enrolledAmong(courseId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const found = await this.enrollments.find({ courseId, userId: { $in: userIds }, ...ENROLLED }, { projection: { userId: 1 } }).toArray();
    return new Set(found.map((e) => e.userId));
  }

  findExercise(id: string): Promise<ExerciseModel | null> {
    return this.exercises.findOne({ _id: id });
  }

  countExercises(courseId: string): Promise<number> {
    return this.exercises.countDocuments({ courseId });
  }

  async insertExercise(exercise: ExerciseModel): Promise<void> {
    await this.exercises.insertOne(exercise);
  }

  async insertSubmission(submission: SubmissionDocument): Promise<void> {
    await this.submissions.insertOne(submission);
  }

  /** The grade step is done: the submission is in its grade. */
  async markGraded(id: string): Promise<void> {
    await this.submissions.updateOne({ _id: id }, { $unset: { gradePending: '' } });
  }

  pendingGrades(): Promise<SubmissionDocument[]> {
    return this.submissions.find({ gradePending: true }).toArray();
  }

  // ---------------------------------------------------------------- grades

  findGrade(userId: string, courseId: string): Promise<GradeDocument | null> {
    return this.grades.findOne({ userId, courseId });
  }

  /** False when another writer created this user's grade in the course first. */
  insertGrade(grade: GradeDocument): Promise<boolean> {
    return insertIfAbsent(this.grades, grade);
  }

  /** Replaces the best entries only if nobody changed the grade since `version` was read. */
  async replaceBest(id: string, version: number, best: BestEntry[], scoreTotal: number, reachedAt: Date): Promise<boolean> {
    const result = await this.grades.updateOne({ _id: id, version }, { $set: { best, scoreTotal, reachedAt }, $inc: { version: 1 } });
    return result.matchedCount === 1;
  }

  /** The course's grades from the best, `limit` of them after skipping `skip`. */
  rankedGrades(courseId: string, skip: number, limit: number): Promise<GradeDocument[]> {
    return this.grades
      .find({ courseId }, { projection: { best: 0 } })
      .sort({ scoreTotal: -1, reachedAt: 1, _id: 1 })
      .skip(skip)
      .limit(limit)
      .toArray();
  }

  // ---------------------------------------------------------------- projections

  /**
   * Applies a catalog event to the course projection unless a later event is already applied.
   * The guard makes replays and out-of-order redelivery harmless: an upsert that does not match
   * because the stored position is newer runs into the _id and is ignored.
   */
  async projectCourse(courseId: string, seq: number, set: { instructorId: string; status?: string }): Promise<void> {
    try {
      await this.courses.updateOne({ _id: courseId, seq: { $lt: seq } }, { $set: { ...set, seq } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The same guard for enrolments; one document per user and course whatever the replays. */
  async projectEnrollment(enrollmentId: string, courseId: string, userId: string, status: EnrollmentStatus, seq: number): Promise<void> {
    try {
      await this.enrollments.updateOne(
        { courseId, userId, seq: { $lt: seq } },
        { $set: { status, seq }, $setOnInsert: { _id: enrollmentId } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
