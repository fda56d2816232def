import DataLoader from 'dataloader';
import { byIds, MongoRepository, insertIfAbsent, isDuplicateKey, type CollectionIndexes } from '@lg/platform';
import type { DomainEvent } from '@lg/platform';
import type {
  AppealStatus, BestEntry, CourseProjection, EnrollmentProjection, EnrollmentStatus, ExerciseModel, GradeDocument, PersonProjection,
  StoredAppeal, SubmissionDocument, SubmissionModel,
} from './models.ts';

export const EXERCISES = 'assessment_exercises';
export const SUBMISSIONS = 'assessment_submissions';
export const GRADES = 'assessment_grades';
/** Projections of other subgraphs' events; rebuilt from the log at will. */
export const COURSES = 'assessment_courses';
export const ENROLLMENTS = 'assessment_enrollments';
export const PEOPLE = 'assessment_people';

/** What a submission read for the API leaves out: its pending work. */
const SUBMISSION_FIELDS = { projection: { outbox: 0, gradePending: 0, regradePending: 0 } };

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
      { key: { regradePending: 1 }, name: 'regrade_pending' },
      { key: { courseId: 1, userId: 1, exerciseId: 1 }, name: 'course_user_exercise' },
      { key: { 'appeal._id': 1 }, name: 'appeal_id' },
      { key: { courseId: 1, 'appeal.status': 1, 'appeal._id': -1 }, name: 'course_appeals' },
      { key: { userId: 1, 'appeal._id': -1 }, name: 'user_appeals' },
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
  readonly people = this.db.collection<PersonProjection>(PEOPLE);

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
      const found = await this.submissions.find(byIds(ids), SUBMISSION_FIELDS).toArray();
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

  // ---------------------------------------------------------------- attempts and the gradebook

  /** A student's attempts at an exercise, newest first, at most `limit`. */
  attemptsAt(userId: string, exerciseId: string, limit: number): Promise<SubmissionModel[]> {
    return this.submissions.find({ userId, exerciseId }, SUBMISSION_FIELDS).sort({ _id: -1 }).limit(limit).toArray();
  }

  /** The scores of every attempt of a student at an exercise: what its best is worked out from. */
  scoresAt(userId: string, exerciseId: string): Promise<Pick<SubmissionDocument, '_id' | 'score' | 'maxScore' | 'submittedAt'>[]> {
    return this.submissions.find({ userId, exerciseId }, { projection: { score: 1, maxScore: 1, submittedAt: 1 } }).toArray();
  }

  /** A page of the course's enrolled students, in enrolment order, one more than `limit` to tell a next page. */
  enrolledPage(courseId: string, after: string | undefined, limit: number): Promise<EnrollmentProjection[]> {
    return this.enrollments
      .find({ courseId, ...ENROLLED, ...(after ? { _id: { $gt: after } } : {}) }, { projection: { userId: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  countEnrolled(courseId: string): Promise<number> {
    return this.enrollments.countDocuments({ courseId, ...ENROLLED });
  }

  /** The grades of the given students in the course (every student's when `userIds` is omitted), in one query. */
  gradesIn(courseId: string, userIds?: string[]): Promise<GradeDocument[]> {
    return this.grades.find({ courseId, ...(userIds ? { userId: { $in: userIds } } : {}) }).toArray();
  }

  /** How many attempts each student made at each exercise, counted by the database in one command. */
  async attemptCounts(courseId: string, userIds?: string[]): Promise<{ userId: string; exerciseId: string; attempts: number }[]> {
    const rows = await this.submissions
      .aggregate<{ _id: { userId: string; exerciseId: string }; attempts: number }>([
        { $match: { courseId, ...(userIds ? { userId: { $in: userIds } } : {}) } },
        { $group: { _id: { userId: '$userId', exerciseId: '$exerciseId' }, attempts: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ userId: r._id.userId, exerciseId: r._id.exerciseId, attempts: r.attempts }));
  }

  /** Keeps the time of the latest attempt at an exercise in the grade (the embedded database has no $max to group by). */
  async noteAttempt(gradeId: string, exerciseId: string, at: Date): Promise<void> {
    await this.grades.updateOne({ _id: gradeId }, { $max: { [`lastAttemptAt.${exerciseId}`]: at } });
  }

  /** The display names of users, by id, in one query. */
  async namesOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const found = await this.people.find(byIds(userIds), { projection: { displayName: 1 } }).toArray();
    return new Map(found.map((p) => [p._id, p.displayName]));
  }

  /** Every enrolled student of the course (for the export), at most `limit`. */
  async enrolledIn(courseId: string, limit: number): Promise<string[]> {
    const found = await this.enrollments.find({ courseId, ...ENROLLED }, { projection: { userId: 1 } }).sort({ _id: 1 }).limit(limit).toArray();
    return found.map((e) => e.userId);
  }

  // ---------------------------------------------------------------- appeals

  /** Opens the submission's appeal if it is the user's and has none yet; false otherwise. The event goes with it. */
  async openAppeal(submissionId: string, userId: string, appeal: StoredAppeal, event: DomainEvent): Promise<boolean> {
    const result = await this.submissions.updateOne(
      { _id: submissionId, userId, appeal: { $exists: false } },
      { $set: { appeal }, $push: { outbox: event } },
    );
    return result.matchedCount === 1;
  }

  findByAppeal(appealId: string): Promise<SubmissionModel | null> {
    return this.submissions.findOne({ 'appeal._id': appealId }, SUBMISSION_FIELDS);
  }

  /**
   * Closes an open appeal, and for an accepted one sets the score and marks the best score to be
   * worked out again, with its event, in one conditional write: of two racing resolutions exactly
   * one finds the appeal still OPEN. Null when it was not open.
   */
  async closeAppeal(appealId: string, set: Record<string, unknown>, event: DomainEvent): Promise<SubmissionDocument | null> {
    return this.submissions.findOneAndUpdate(
      { 'appeal._id': appealId, 'appeal.status': 'OPEN' satisfies AppealStatus },
      { $set: set, $push: { outbox: event } },
      { returnDocument: 'after' },
    );
  }

  /** The regrade step is done: the exercise's best score reflects the adjusted one. */
  async markRegraded(id: string): Promise<void> {
    await this.submissions.updateOne({ _id: id }, { $unset: { regradePending: '' } });
  }

  pendingRegrades(): Promise<SubmissionDocument[]> {
    return this.submissions.find({ regradePending: true }).toArray();
  }

  /** A page of appeals, newest first, one more than `limit`, and how many match in all. */
  async appealsPage(filter: { userId?: string; courseId?: string; status?: AppealStatus }, before: string | undefined, limit: number): Promise<{ rows: SubmissionModel[]; total: number }> {
    const match: Record<string, unknown> = { 'appeal._id': { $exists: true } };
    if (filter.userId) match.userId = filter.userId;
    if (filter.courseId) match.courseId = filter.courseId;
    if (filter.status) match['appeal.status'] = filter.status;
    const [rows, total] = await Promise.all([
      this.submissions.find(before ? { ...match, 'appeal._id': { $lt: before } } : match, SUBMISSION_FIELDS).sort({ 'appeal._id': -1 }).limit(limit).toArray(),
      this.submissions.countDocuments(match),
    ]);
    return { rows, total };
  }

  // ---------------------------------------------------------------- projections

  /** Applies identity's latest display name of a user unless a later event is applied already. */
  async projectPerson(userId: string, seq: number, displayName: string): Promise<void> {
    try {
      await this.people.updateOne({ _id: userId, seq: { $lt: seq } }, { $set: { displayName, seq } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

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
