import {
  afterId, badInput, conflict, connectionOf, flushOutbox, forbidden, idCursor, newId, notFound, pageSize, signedIn, type EventLog, type Viewer,
} from '@lg/platform';
import { gradeAdjusted, gradeAppealOpened, gradeAppealRejected } from '../events.ts';
import { adjustedScoreOf, appealReasonOf, appealReplyOf, checkId } from '../inputs.ts';
import type { AppealDecision, AppealStatus, GradeAppealConnectionModel, GradeAppealModel, StoredAppeal, SubmissionModel } from '../models.ts';
import type { AssessmentRepository } from '../repository.ts';
import type { AssessmentLoaders, AssessmentService } from '../service.ts';

const appealOf = (submission: SubmissionModel): GradeAppealModel | null =>
  submission.appeal ? { ...submission.appeal, submission } : null;

const STATUS_AFTER: Record<AppealDecision, AppealStatus> = { ACCEPT: 'ACCEPTED', REJECT: 'REJECTED' };

/** Grade appeals: a student appeals a graded submission once; the course's instructor or ADMIN accepts or rejects it. */
export class AppealsService {
  constructor(
    private readonly core: AssessmentService,
    private readonly repository: AssessmentRepository,
    private readonly events: EventLog,
  ) {}

  /** Submission.appeal: whoever sees the submission sees its appeal. */
  async appealOfSubmission(submission: SubmissionModel, loaders: AssessmentLoaders): Promise<GradeAppealModel | null> {
    return appealOf(await this.core.whole(submission, loaders));
  }

  /** The student who made the submission, while enrolled; one appeal per submission, ever. */
  async appealGrade(viewer: Viewer | null, submissionId: string, reason: string, loaders: AssessmentLoaders): Promise<GradeAppealModel> {
    checkId(submissionId, 'submissionId');
    const actor = signedIn(viewer);
    const text = appealReasonOf(reason);
    const submission = await loaders.submission.load(submissionId);
    if (!submission) throw notFound('The submission');
    if (submission.userId !== actor.id) throw forbidden('Only the student who made a submission can appeal its grade.');
    if (!(await this.core.membership(actor, submission.courseId, loaders)).enrolled) throw forbidden('Only students enrolled in the course can appeal its grades.');
    if (submission.appeal) throw conflict(`This grade has been appealed already (the appeal is ${submission.appeal.status}).`);
    const appeal: StoredAppeal = {
      _id: newId(), reason: text, status: 'OPEN', createdAt: new Date(), previousScore: null, reply: null, resolvedAt: null, resolvedBy: null,
    };
    const event = gradeAppealOpened({
      appealId: appeal._id, submissionId, courseId: submission.courseId, userId: actor.id, exerciseId: submission.exerciseId, reason: text,
    });
    if (!(await this.repository.openAppeal(submissionId, actor.id, appeal, event))) throw conflict('This grade has been appealed already.');
    await flushOutbox(this.repository.submissions, submissionId, this.events);
    return { ...appeal, submission: { ...submission, appeal } };
  }

  /**
   * The course's instructor or ADMIN, of an open appeal. Accepting sets the submission's score and
   * closes the appeal in one conditional write with its one event (GradeAdjusted); of racing
   * resolutions exactly one wins and the others get CONFLICT, having changed nothing.
   */
  async resolveAppeal(
    viewer: Viewer | null, appealId: string, decision: AppealDecision, score: number | null | undefined, reply: string, loaders: AssessmentLoaders,
  ): Promise<GradeAppealModel> {
    checkId(appealId, 'appealId');
    const actor = signedIn(viewer);
    const text = appealReplyOf(reply);
    const submission = await this.repository.findByAppeal(appealId);
    if (!submission?.appeal) throw notFound('The appeal');
    await this.core.requireManager(actor, submission.courseId, loaders, 'resolve grade appeals');
    if (submission.appeal.status !== 'OPEN') throw conflict(`This appeal has been resolved already (${submission.appeal.status}).`);
    if (decision === 'REJECT' && score != null) throw badInput('A rejected appeal keeps its score; give no score.', 'score');
    const newScore = decision === 'ACCEPT' ? adjustedScoreOf(score, submission.maxScore) : submission.score;
    const now = new Date();
    const common = { appealId, submissionId: submission._id, courseId: submission.courseId, userId: submission.userId, exerciseId: submission.exerciseId, reply: text, by: actor.id };
    const closed: Record<string, unknown> = {
      'appeal.status': STATUS_AFTER[decision], 'appeal.reply': text, 'appeal.resolvedAt': now, 'appeal.resolvedBy': actor.id,
    };
    const event = decision === 'ACCEPT'
      ? gradeAdjusted({ ...common, previousScore: submission.score, score: newScore, maxScore: submission.maxScore })
      : gradeAppealRejected({ ...common, score: submission.score });
    if (decision === 'ACCEPT') Object.assign(closed, { score: newScore, 'appeal.previousScore': submission.score, regradePending: true });
    const after = await this.repository.closeAppeal(appealId, closed, event);
    if (!after) throw conflict('This appeal has been resolved already.');
    if (decision === 'ACCEPT') await this.core.regrade(after);
    await flushOutbox(this.repository.submissions, after._id, this.events);
    const { outbox: _outbox, regradePending: _pending, gradePending: _graded, ...model } = after;
    return appealOf(model)!;
  }

  /** The viewer's own appeals, newest first. */
  async myAppeals(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<GradeAppealConnectionModel> {
    const actor = signedIn(viewer);
    return this.page({ userId: actor.id }, first, after);
  }

  /** A course's appeals, newest first: its instructor and ADMIN. */
  async courseAppeals(
    viewer: Viewer | null, courseId: string, status: AppealStatus | null | undefined, first: number | null | undefined, after: string | null | undefined, loaders: AssessmentLoaders,
  ): Promise<GradeAppealConnectionModel> {
    checkId(courseId, 'courseId');
    await this.core.requireManager(viewer, courseId, loaders, "see the course's appeals");
    return this.page({ courseId, ...(status ? { status } : {}) }, first, after);
  }

  private async page(filter: { userId?: string; courseId?: string; status?: AppealStatus }, first: number | null | undefined, after: string | null | undefined): Promise<GradeAppealConnectionModel> {
    const size = pageSize(first);
    const { rows, total } = await this.repository.appealsPage(filter, afterId(after), size + 1);
    return connectionOf(rows.map(appealOf).filter((a): a is GradeAppealModel => a !== null), size, total, (a) => idCursor(a._id));
  }
}
