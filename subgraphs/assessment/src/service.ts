import type DataLoader from 'dataloader';
import {
  badInput, flushOutbox, forbidden, hasRole, isId, isOwnerOrAdmin, newId, notFound, retryOnConflict, signedIn, type EventLog, type Viewer,
} from '@lg/platform';
import { exerciseCreated, submissionGraded } from './events.ts';
import {
  LIMITS, checkId, gradeAnswers, leaderboardSize, validateExercise, type CreateExerciseInput, type SubmissionAnswerInput,
} from './inputs.ts';
import type {
  BestEntry, CourseGradeModel, CourseProjection, ExerciseModel, ExerciseQuestionModel, GradeDocument, LeaderboardEntryModel,
  SubmissionDocument, SubmissionModel,
} from './models.ts';
import type { AssessmentRepository } from './repository.ts';

export interface AssessmentLoaders {
  course: DataLoader<string, CourseProjection | null>;
  enrolled: DataLoader<string, boolean>;
  exercise: DataLoader<string, ExerciseModel | null>;
  courseExercises: DataLoader<string, ExerciseModel[]>;
  grade: DataLoader<string, GradeDocument | null>;
  submission: DataLoader<string, SubmissionModel | null>;
  /** Set once a request has caught the projections up: a request does that at most once. */
  refreshed?: Promise<void>;
}

/** Brings the projections up to the end of the log now (the consumers' catchUp). */
export interface ProjectionCatchUp {
  courses(): Promise<void>;
  enrollments(): Promise<void>;
  people(): Promise<void>;
}

/** What a viewer is to a course. */
export interface Membership {
  instructor: boolean;
  admin: boolean;
  enrolled: boolean;
}
export const isMember = (m: Membership) => m.instructor || m.admin || m.enrolled;
export const canManage = (m: Membership) => m.instructor || m.admin;

export const withoutOutbox = <T extends { outbox?: unknown }>(doc: T): Omit<T, 'outbox'> => {
  const { outbox: _pending, ...rest } = doc;
  return rest;
};

export const percent = (score: number, max: number) => (max > 0 ? (score / max) * 100 : 0);

/** Assessment's use cases and rules; resolvers only translate to and from GraphQL. */
export class AssessmentService {
  constructor(
    private readonly repository: AssessmentRepository,
    private readonly events: EventLog,
    private readonly projections: ProjectionCatchUp,
  ) {}

  /** Per request: the viewer's enrolments and grades are part of what the loaders fetch. */
  loaders(viewer: Viewer | null): AssessmentLoaders {
    const exercise = this.repository.exerciseLoader();
    return {
      course: this.repository.courseLoader(),
      enrolled: this.repository.enrolledLoader(viewer?.id ?? null),
      exercise,
      courseExercises: this.repository.courseExercisesLoader(exercise, LIMITS.exercisesPerCourse),
      grade: this.repository.gradeLoader(viewer?.id ?? null),
      submission: this.repository.submissionLoader(),
    };
  }

  // ---------------------------------------------------------------- membership

  /**
   * What the viewer is to the course, from the projections. A signed-in viewer who appears to be
   * no member may have just enrolled (or just created the course): the request then catches the
   * projections up once, for all its courses together, and looks again.
   */
  async membership(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders): Promise<Membership> {
    const admin = hasRole(viewer, 'ADMIN');
    if (!viewer) return { instructor: false, admin, enrolled: false };
    const look = async (): Promise<Membership> => {
      const [course, enrolled] = await Promise.all([loaders.course.load(courseId), loaders.enrolled.load(courseId)]);
      return { instructor: course?.instructorId === viewer.id, admin, enrolled };
    };
    const first = await look();
    if (isMember(first)) return first;
    await (loaders.refreshed ??= this.refresh(loaders));
    return look();
  }

  private async refresh(loaders: AssessmentLoaders): Promise<void> {
    await Promise.all([this.projections.courses(), this.projections.enrollments()]);
    loaders.course.clearAll();
    loaders.enrolled.clearAll();
  }

  async requireMember(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders): Promise<Membership> {
    const actor = signedIn(viewer);
    const membership = await this.membership(actor, courseId, loaders);
    if (!isMember(membership)) throw forbidden("Only the course's members (its students, its instructor and ADMIN) can see this.");
    return membership;
  }

  /** The course's instructor or ADMIN; FORBIDDEN for anyone else. */
  async requireManager(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders, what: string): Promise<Membership> {
    const actor = signedIn(viewer);
    const membership = await this.membership(actor, courseId, loaders);
    if (!canManage(membership)) throw forbidden(`Only the course's instructor or an ADMIN can ${what}.`);
    return membership;
  }

  // ---------------------------------------------------------------- reading

  /** Null for an unknown exercise; FORBIDDEN for someone outside its course. */
  async exercise(viewer: Viewer | null, id: string, loaders: AssessmentLoaders): Promise<ExerciseModel | null> {
    checkId(id, 'id');
    const actor = signedIn(viewer);
    const exercise = await loaders.exercise.load(id);
    if (!exercise) return null;
    await this.requireMember(actor, exercise.courseId, loaders);
    return exercise;
  }

  /** For `_entities`: another subgraph's reference; null for whoever may not see it. */
  async exerciseReference(viewer: Viewer | null, id: string, loaders: AssessmentLoaders): Promise<ExerciseModel | null> {
    if (!viewer || !isId(id)) return null;
    const exercise = await loaders.exercise.load(id);
    if (!exercise) return null;
    return isMember(await this.membership(viewer, exercise.courseId, loaders)) ? exercise : null;
  }

  /** The exercise a submission belongs to; whoever sees the submission may see its exercise. */
  async exerciseOf(submission: SubmissionModel, loaders: AssessmentLoaders): Promise<ExerciseModel> {
    const exercise = await loaders.exercise.load(submission.exerciseId);
    if (!exercise) throw notFound('The exercise');
    return exercise;
  }

  /** The submission as stored (answers and appeal included) when `submission` was built from a grade's best entry. */
  async whole(submission: SubmissionModel, loaders: AssessmentLoaders): Promise<SubmissionModel> {
    if (submission.answers) return submission;
    return (await loaders.submission.load(submission._id)) ?? submission;
  }

  /** Course.exercises: oldest first, for the course's members. */
  async courseExercises(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders): Promise<ExerciseModel[]> {
    await this.requireMember(viewer, courseId, loaders);
    return loaders.courseExercises.load(courseId);
  }

  questions(exercise: ExerciseModel): ExerciseQuestionModel[] {
    return exercise.questions.map((q) => ({ ...q, courseId: exercise.courseId }));
  }

  /** The answers of a question: its course's instructor and ADMIN only; anyone else FORBIDDEN. */
  async answersOf(viewer: Viewer | null, question: ExerciseQuestionModel, loaders: AssessmentLoaders): Promise<Pick<ExerciseQuestionModel, 'correctChoices' | 'acceptedAnswers'>> {
    const actor = signedIn(viewer);
    if (!canManage(await this.membership(actor, question.courseId, loaders)))
      throw forbidden("The answers are shown to the course's instructor and ADMIN only.");
    return { correctChoices: question.correctChoices, acceptedAnswers: question.acceptedAnswers };
  }

  /** For `_entities`: the user who submitted, the course's instructor and ADMIN; null for others. */
  async submissionReference(viewer: Viewer | null, id: string, loaders: AssessmentLoaders): Promise<SubmissionModel | null> {
    if (!viewer || !isId(id)) return null;
    const submission = await loaders.submission.load(id);
    if (!submission) return null;
    if (submission.userId === viewer.id) return submission;
    return canManage(await this.membership(viewer, submission.courseId, loaders)) ? submission : null;
  }

  /**
   * Course.viewerGrade: the viewer's grade as a student of the course, so null unless enrolled.
   * The best score of each exercise over the maximum of all the course's exercises.
   */
  async viewerGrade(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders): Promise<CourseGradeModel | null> {
    if (!viewer) return null;
    if (!(await this.membership(viewer, courseId, loaders)).enrolled) return null;
    const [grade, exercises] = await Promise.all([loaders.grade.load(courseId), loaders.courseExercises.load(courseId)]);
    const maxTotal = exercises.reduce((sum, e) => sum + e.maxScore, 0);
    const best = new Map((grade?.best ?? []).map((entry) => [entry.exerciseId, entry]));
    const counted = exercises.map((e) => best.get(e._id)).filter((entry): entry is BestEntry => entry !== undefined);
    const scored = counted.reduce((sum, entry) => sum + entry.score, 0);
    return {
      courseId,
      userId: viewer.id,
      scorePercent: percent(scored, maxTotal),
      submissions: counted.map((entry) => ({
        _id: entry.submissionId, exerciseId: entry.exerciseId, courseId, userId: viewer.id,
        score: entry.score, maxScore: entry.maxScore, submittedAt: entry.submittedAt,
      })),
    };
  }

  /** Enrolled users who have submitted, best first; equal scores share a rank (1, 1, 3). */
  async courseLeaderboard(viewer: Viewer | null, courseId: string, first: number | null | undefined, loaders: AssessmentLoaders): Promise<LeaderboardEntryModel[]> {
    checkId(courseId, 'courseId');
    const size = leaderboardSize(first);
    await this.requireMember(viewer, courseId, loaders);
    const maxTotal = (await loaders.courseExercises.load(courseId)).reduce((sum, e) => sum + e.maxScore, 0);
    const entries: LeaderboardEntryModel[] = [];
    let previous: { scoreTotal: number; rank: number } | undefined;
    // Grades are only made by enrolled users, so the first page is normally the answer; anyone no
    // longer in the enrolment projection is left out and the next rows are read instead.
    for (let skip = 0; entries.length < size; skip += size) {
      const rows = await this.repository.rankedGrades(courseId, skip, size);
      const enrolled = await this.repository.enrolledAmong(courseId, rows.map((g) => g.userId));
      for (const row of rows) {
        if (!enrolled.has(row.userId) || entries.length >= size) continue;
        const rank = previous && previous.scoreTotal === row.scoreTotal ? previous.rank : entries.length + 1;
        previous = { scoreTotal: row.scoreTotal, rank };
        entries.push({ rank, userId: row.userId, scorePercent: percent(row.scoreTotal, maxTotal) });
      }
      if (rows.length < size) break;
    }
    return entries;
  }

  // ---------------------------------------------------------------- writing

  /** The course's instructor or ADMIN. Also the seed script's entry point. */
  async createExercise(viewer: Viewer | null, courseId: string, input: CreateExerciseInput): Promise<ExerciseModel> {
    checkId(courseId, 'courseId');
    const actor = signedIn(viewer);
    let course = await this.repository.findCourse(courseId);
    if (!course) {
      // The course may be newer than the projection: catch up once before calling it unknown.
      await this.projections.courses();
      course = await this.repository.findCourse(courseId);
    }
    if (!course) throw notFound('The course');
    if (!isOwnerOrAdmin(actor, course.instructorId)) throw forbidden("Only the course's instructor or an ADMIN can add exercises.");
    const fields = validateExercise(input);
    if ((await this.repository.countExercises(courseId)) >= LIMITS.exercisesPerCourse)
      throw badInput(`A course may have at most ${LIMITS.exercisesPerCourse} exercises.`, 'courseId');
    const id = newId();
    const exercise: ExerciseModel = {
      _id: id, courseId, ...fields, createdBy: actor.id, createdAt: new Date(),
      outbox: [exerciseCreated(courseId, {
        exerciseId: id, title: fields.title, questionCount: fields.questions.length, maxScore: fields.maxScore, dueAt: fields.dueAt, by: actor.id,
        skills: fields.skills,
      })],
    };
    await this.repository.insertExercise(exercise);
    await flushOutbox(this.repository.exercises, id, this.events);
    return withoutOutbox(exercise);
  }

  /**
   * Users enrolled in the exercise's course; graded at once. The submission and its event are one
   * write; taking it into the grade is a recorded pending step, finished at start-up after a crash.
   * Also the seed script's entry point; `submittedAt` (the seed only, not the API) backdates the
   * submission and its event so that the demo's score charts have a history.
   */
  async submitExercise(viewer: Viewer | null, exerciseId: string, answers: SubmissionAnswerInput[], submittedAt = new Date()): Promise<SubmissionModel> {
    checkId(exerciseId, 'exerciseId');
    const actor = signedIn(viewer);
    const exercise = await this.repository.findExercise(exerciseId);
    if (!exercise) throw notFound('The exercise');
    let enrolled = await this.repository.isEnrolled(actor.id, exercise.courseId);
    if (!enrolled) {
      // A student who has just enrolled may be ahead of the projection: catch up once.
      await this.projections.enrollments();
      enrolled = await this.repository.isEnrolled(actor.id, exercise.courseId);
    }
    if (!enrolled) {
      const instructs = (await this.repository.findCourse(exercise.courseId))?.instructorId === actor.id;
      throw forbidden(instructs ? "The course's instructor is not one of its students and cannot submit." : 'Only students enrolled in the course can submit its exercises.');
    }
    const graded = gradeAnswers(exercise, answers);
    const id = newId();
    const submission: SubmissionDocument = {
      _id: id, exerciseId, courseId: exercise.courseId, userId: actor.id, answers: graded.answers,
      score: graded.score, maxScore: exercise.maxScore, submittedAt, gradePending: true,
      outbox: [{ ...submissionGraded(id, exercise.courseId, actor.id, { exerciseId, score: graded.score, maxScore: exercise.maxScore }), at: submittedAt }],
    };
    await this.repository.insertSubmission(submission);
    await this.takeIntoGrade(submission);
    await flushOutbox(this.repository.submissions, id, this.events);
    const { answers: _answers, gradePending: _pending, ...model } = withoutOutbox(submission);
    return model;
  }

  /** Start-up: grade steps a crash interrupted. Safe to run any number of times. */
  async finishPendingGrades(): Promise<number> {
    const pending = await this.repository.pendingGrades();
    for (const submission of pending) await this.takeIntoGrade(submission);
    return pending.length;
  }

  /**
   * Keeps the submission as its exercise's best in the user's grade if it scores higher than the
   * best so far (the earlier one stays on a tie). Idempotent; racing submissions retry on a fresh read.
   */
  private async takeIntoGrade(submission: SubmissionDocument): Promise<void> {
    const entry: BestEntry = {
      exerciseId: submission.exerciseId, submissionId: submission._id, score: submission.score,
      maxScore: submission.maxScore, submittedAt: submission.submittedAt,
    };
    let gradeId = '';
    await retryOnConflict(async () => {
      const grade = await this.repository.findGrade(submission.userId, submission.courseId);
      let done: boolean;
      if (!grade) {
        gradeId = newId();
        done = await this.repository.insertGrade({
          _id: gradeId, courseId: submission.courseId, userId: submission.userId, best: [entry],
          scoreTotal: entry.score, reachedAt: entry.submittedAt, version: 0,
        });
      } else {
        gradeId = grade._id;
        const current = grade.best.find((b) => b.exerciseId === entry.exerciseId);
        if (current && (current.submissionId === entry.submissionId || current.score >= entry.score)) {
          done = true;
        } else {
          const best = [...grade.best.filter((b) => b.exerciseId !== entry.exerciseId), entry];
          const scoreTotal = best.reduce((sum, b) => sum + b.score, 0);
          done = await this.repository.replaceBest(grade._id, grade.version, best, scoreTotal, scoreTotal > grade.scoreTotal ? entry.submittedAt : grade.reachedAt);
        }
      }
      return done || null;
    }, 'Your grade is being updated by other submissions right now; try again.');
    await this.repository.noteAttempt(gradeId, submission.exerciseId, submission.submittedAt);
    await this.repository.markGraded(submission._id);
  }

  /** Start-up: best scores an accepted appeal left to work out again. Safe to run any number of times. */
  async finishPendingRegrades(): Promise<number> {
    const pending = await this.repository.pendingRegrades();
    for (const submission of pending) await this.regrade(submission);
    return pending.length;
  }

  /**
   * After an accepted appeal changed a submission's score, works the exercise's best out again
   * from every attempt (the adjusted one may now be below another, or above every other), so
   * that the grade and the leaderboard honour it. Idempotent; racing writers retry on a fresh read.
   */
  async regrade(submission: Pick<SubmissionModel, '_id' | 'userId' | 'courseId' | 'exerciseId'>): Promise<void> {
    const { userId, courseId, exerciseId } = submission;
    await retryOnConflict(async () => {
      const [grade, attempts] = await Promise.all([this.repository.findGrade(userId, courseId), this.repository.scoresAt(userId, exerciseId)]);
      // The best is the highest score; the earliest of equal ones, as when submitted.
      const top = attempts.reduce<(typeof attempts)[number] | undefined>(
        (best, a) => (!best || a.score > best.score || (a.score === best.score && a.submittedAt < best.submittedAt) ? a : best), undefined);
      if (!top) return true;
      const entry: BestEntry = { exerciseId, submissionId: top._id, score: top.score, maxScore: top.maxScore, submittedAt: top.submittedAt };
      if (!grade) {
        return (await this.repository.insertGrade({
          _id: newId(), courseId, userId, best: [entry], scoreTotal: entry.score, reachedAt: new Date(), version: 0,
        })) || null;
      }
      const best = [...grade.best.filter((b) => b.exerciseId !== exerciseId), entry];
      const scoreTotal = best.reduce((sum, b) => sum + b.score, 0);
      return (await this.repository.replaceBest(grade._id, grade.version, best, scoreTotal, scoreTotal > grade.scoreTotal ? new Date() : grade.reachedAt)) || null;
    }, 'The grade is being updated by other submissions right now; try again.');
    await this.repository.markRegraded(submission._id);
  }
}
