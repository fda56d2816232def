import { flushOutbox, newId, notFound, retryOnConflict, signedIn, type EventLog, type Viewer } from '@lg/platform';
import { voteChanged } from '../events.ts';
import { checkId, voteValue } from '../inputs.ts';
import type { AnswerModel, QuestionModel, VoteTarget } from '../models.ts';
import { voteId, type EngagementRepository } from '../repository.ts';
import type { CourseMembership, EngagementLoaders } from './membership.ts';
import { postVisible } from '../moderation/visibility.ts';

/**
 * One user's votes racing on one target take turns; past this many turns, one is refused. They
 * retry at once: a turn is lost to the same user's own request, which settles in a moment.
 */
const VOTE_ATTEMPTS = 100;

/** Votes on questions and answers, and the scores they add up to. */
export class VotesService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
  ) {}

  /** At start-up: settles the score moves a crash left owing (their events leave with the questions' and answers' outboxes, flushed next). */
  async finishPendingWork(): Promise<void> {
    for (const vote of await this.repository.pendingVotes()) if (vote.pending) await this.repository.applyScoreMove(vote, vote.pending);
  }

  async viewerVote(targetId: string, loaders: EngagementLoaders): Promise<number> {
    return loaders.vote ? loaders.vote.load(targetId) : 0;
  }

  async voteOnQuestion(viewer: Viewer | null, questionId: string, value: number, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<QuestionModel> {
    checkId(questionId, 'questionId');
    return this.vote(viewer, 'QUESTION', questionId, value, loaders) as Promise<QuestionModel>;
  }

  async voteOnAnswer(viewer: Viewer | null, answerId: string, value: number, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<AnswerModel> {
    checkId(answerId, 'answerId');
    return this.vote(viewer, 'ANSWER', answerId, value, loaders) as Promise<AnswerModel>;
  }

  /**
   * One vote per user and target, and the target's voteScore always the sum of the stored votes,
   * under concurrency and across crashes, without transactions:
   * 1. the vote gets its new value together with the score move it owes (`pending`), written only
   *    if nobody changed the vote since it was read (else: read again, retry);
   * 2. the target moves by that delta at most once (the move's id is recorded on the target, and
   *    remembered there for an hour);
   * 3. the vote's debt is cleared.
   * The move carries its VoteChanged, which step 2 puts in the target's outbox, so the event is
   * logged exactly when the score moves; the outbox is then flushed.
   * A vote found still owing (a crash, or a concurrent request of the same user mid-way) is
   * settled first; start-up settles every one left (finishPendingWork).
   */
  private async vote(viewer: Viewer | null, target: VoteTarget, targetId: string, value: number, loaders: EngagementLoaders): Promise<QuestionModel | AnswerModel> {
    const actor = signedIn(viewer);
    const v = voteValue(value);
    const found = target === 'QUESTION' ? await this.repository.findQuestion(targetId) : await this.repository.findAnswer(targetId);
    if (!found) throw notFound(target === 'QUESTION' ? 'The question' : 'The answer');
    await this.membership.requireMember(actor, found.courseId, loaders);
    // A deleted post, or one hidden from the voter, is not there to vote on.
    if (!(await postVisible(actor, found, loaders, this.membership))) throw notFound(target === 'QUESTION' ? 'The question' : 'The answer');
    await retryOnConflict(async () => {
      const current = await this.repository.findVote(targetId, actor.id);
      if (current?.pending) {
        await this.repository.applyScoreMove(current, current.pending);
        await this.flush(target, targetId);
        return null;
      }
      const previous = current?.value ?? 0;
      if (previous === v) return true;
      const delta = v - previous;
      const questionId = 'questionId' in found ? found.questionId : found._id;
      const event = voteChanged({ target, targetId, questionId, courseId: found.courseId, voterId: actor.id, value: v, delta });
      const move = { op: newId(), delta, event };
      if (!(await this.repository.recordVote(target, targetId, actor.id, current, v, move))) return null;
      await this.repository.applyScoreMove({ _id: voteId(targetId, actor.id), target, targetId }, move);
      await this.flush(target, targetId);
      return true;
    }, 'Too many votes on this at the same moment; try again.', { attempts: VOTE_ATTEMPTS, jitterMs: 0 });
    const now = await this.repository.findVoteTarget<QuestionModel | AnswerModel>(target, targetId);
    if (!now) throw notFound(target === 'QUESTION' ? 'The question' : 'The answer');
    loaders.vote?.clear(targetId).prime(targetId, v);
    const { outbox: _pending, voteOps: _moves, ...stored } = now;
    if (target === 'QUESTION') loaders.question.clear(targetId).prime(targetId, stored as QuestionModel);
    else loaders.answer.clear(targetId).prime(targetId, stored as AnswerModel);
    return stored;
  }

  private flush(target: VoteTarget, targetId: string): Promise<void> {
    return target === 'QUESTION' ? flushOutbox(this.repository.questions, targetId, this.events) : flushOutbox(this.repository.answers, targetId, this.events);
  }
}
