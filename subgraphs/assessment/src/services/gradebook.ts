import { afterId, badInput, connectionOf, idCursor, notFound, pageSize, signedIn, type Viewer } from '@lg/platform';
import { toCsv } from '../csv.ts';
import { LIMITS, checkId, historySize } from '../inputs.ts';
import type {
  ExerciseModel, ExerciseQuestionModel, GradebookConnectionModel, GradebookRowModel, GradeDocument, QuestionFeedbackModel, SubmissionModel,
} from '../models.ts';
import type { AssessmentRepository } from '../repository.ts';
import { percent, type AssessmentLoaders, type AssessmentService, type ProjectionCatchUp } from '../service.ts';

/** One student's row: a cell per exercise, from their grade's best entries and the attempts counted. */
function rowOf(userId: string, exercises: ExerciseModel[], grade: GradeDocument | undefined, attempts: Map<string, number>): GradebookRowModel {
  const best = new Map((grade?.best ?? []).map((b) => [b.exerciseId, b]));
  const cells = exercises.map((exercise) => {
    const entry = best.get(exercise._id);
    return {
      exercise, bestScore: entry?.score ?? null, maxScore: exercise.maxScore,
      attempts: attempts.get(`${userId}:${exercise._id}`) ?? 0,
      // Grades made before the latest attempt was kept know the best one's time at least.
      lastAttemptAt: grade?.lastAttemptAt?.[exercise._id] ?? entry?.submittedAt ?? null,
    };
  });
  const maxTotal = exercises.reduce((sum, e) => sum + e.maxScore, 0);
  return { studentId: userId, scorePercent: percent(cells.reduce((sum, c) => sum + (c.bestScore ?? 0), 0), maxTotal), cells };
}

/** Rows for the given students: their grades and attempt tallies in one query each, whatever the page size. */
async function rowsOf(repository: AssessmentRepository, courseId: string, userIds: string[] | undefined, exercises: ExerciseModel[]): Promise<Map<string, GradebookRowModel>> {
  if (userIds && userIds.length === 0) return new Map();
  const [grades, counts] = await Promise.all([repository.gradesIn(courseId, userIds), repository.attemptCounts(courseId, userIds)]);
  const gradeOf = new Map(grades.map((g) => [g.userId, g]));
  const attempts = new Map(counts.map((c) => [`${c.userId}:${c.exerciseId}`, c.attempts]));
  const ids = userIds ?? [...new Set([...gradeOf.keys(), ...counts.map((c) => c.userId)])];
  return new Map(ids.map((id) => [id, rowOf(id, exercises, gradeOf.get(id), attempts)]));
}

const score = (value: number | null) => (value === null ? '' : Number(value.toFixed(2)));

/** The instructor's view of results: the gradebook, its CSV, and attempt histories with their feedback. */
export class GradebookService {
  constructor(
    private readonly core: AssessmentService,
    private readonly repository: AssessmentRepository,
    private readonly projections: ProjectionCatchUp,
  ) {}

  /** A page of enrolled students × every exercise, in a constant number of database commands. */
  async gradebook(viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined, loaders: AssessmentLoaders): Promise<GradebookConnectionModel> {
    checkId(courseId, 'courseId');
    const size = pageSize(first);
    const cursor = afterId(after);
    await this.core.requireManager(viewer, courseId, loaders, 'see the gradebook');
    const [enrolled, totalCount, exercises] = await Promise.all([
      this.repository.enrolledPage(courseId, cursor, size + 1), this.repository.countEnrolled(courseId), loaders.courseExercises.load(courseId),
    ]);
    const page = enrolled.slice(0, size);
    const rows = await rowsOf(this.repository, courseId, page.map((e) => e.userId), exercises);
    const connection = connectionOf(enrolled, size, totalCount, (e) => idCursor(e._id));
    return { exercises, ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: rows.get(edge.node.userId)! })) };
  }

  /**
   * The whole gradebook as CSV text. Text, not a download URL: it needs no storage, no signed link
   * that could leak, and the same authorization as every other field; a course's results are small.
   */
  async exportGradebook(viewer: Viewer | null, courseId: string, loaders: AssessmentLoaders): Promise<string> {
    checkId(courseId, 'courseId');
    await this.core.requireManager(viewer, courseId, loaders, 'export the gradebook');
    const [userIds, exercises] = await Promise.all([
      this.repository.enrolledIn(courseId, LIMITS.exportStudents + 1), loaders.courseExercises.load(courseId), this.projections.people(),
    ]);
    if (userIds.length > LIMITS.exportStudents) throw badInput(`A course of more than ${LIMITS.exportStudents} students is too large to export at once; page through gradebook instead.`, 'courseId');
    const [rows, names] = await Promise.all([rowsOf(this.repository, courseId, undefined, exercises), this.repository.namesOf(userIds)]);
    const header = ['Student', 'Student ID', 'Total %', ...exercises.flatMap((e) => [`${e.title} (best of ${e.maxScore})`, `${e.title} attempts`, `${e.title} last attempt`])];
    const lines = userIds.map((id) => {
      const row = rows.get(id);
      const cells = row?.cells ?? exercises.map(() => ({ bestScore: null, attempts: 0, lastAttemptAt: null }));
      return [
        names.get(id) ?? '', id, score(row?.scorePercent ?? 0),
        ...cells.flatMap((c) => [score(c.bestScore), c.attempts, c.lastAttemptAt?.toISOString() ?? '']),
      ];
    });
    return toCsv([header, ...lines]);
  }

  /**
   * Every attempt at an exercise, newest first: the viewer's own (for a member of its course), or a
   * student's for the course's instructor and ADMIN.
   */
  async submissionHistory(viewer: Viewer | null, exerciseId: string, userId: string | null | undefined, first: number | null | undefined, loaders: AssessmentLoaders): Promise<SubmissionModel[]> {
    checkId(exerciseId, 'exerciseId');
    const size = historySize(first);
    if (userId != null) checkId(userId, 'userId');
    const actor = signedIn(viewer);
    const exercise = await loaders.exercise.load(exerciseId);
    if (!exercise) throw notFound('The exercise');
    const student = userId ?? actor.id;
    if (student === actor.id) await this.core.requireMember(actor, exercise.courseId, loaders);
    else await this.core.requireManager(actor, exercise.courseId, loaders, "read a student's attempts");
    return this.repository.attemptsAt(student, exerciseId, size);
  }

  /** What each question of the submission's exercise scored, in the exercise's order. */
  async feedback(submission: SubmissionModel, loaders: AssessmentLoaders): Promise<QuestionFeedbackModel[]> {
    const [whole, exercise] = await Promise.all([this.core.whole(submission, loaders), loaders.exercise.load(submission.exerciseId)]);
    if (!exercise) return [];
    const scored = new Map((whole.answers ?? []).map((a) => [a.questionId, a.score]));
    return exercise.questions.map((q) => {
      const question: ExerciseQuestionModel = { ...q, courseId: exercise.courseId };
      const got = scored.get(q._id) ?? 0;
      return { question, score: got, points: q.points, correct: got >= q.points };
    });
  }
}
