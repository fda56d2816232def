import {
  afterId, badInput, connectionOf, flushAllOutboxes, flushOutbox, forbidden, idCursor, isId, newId, notFound, pageSize, retryOnConflict,
  signedIn, type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { answerAccepted, answerPosted, questionAsked } from '../events.ts';
import { LIMITS, answerBody, checkId, questionCursor, questionFields, questionPageKey, type AskQuestionInput } from '../inputs.ts';
import type { AnswerModel, QuestionModel, QuestionOrder } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { CourseMembership, EngagementLoaders } from './membership.ts';
import { visiblePostsFilter } from '../moderation/repository.ts';
import { postVisible } from '../moderation/visibility.ts';

/** A course's Q&A: questions, their answers, and the accepted answer. */
export class QuestionsService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
  ) {}

  /** At start-up: counts answers a crash left uncounted, then logs the events left in outboxes. */
  async finishPendingWork(): Promise<void> {
    for (const answer of await this.repository.uncountedAnswers()) await this.repository.countAnswer(answer.questionId, answer._id);
    await flushAllOutboxes(this.repository.questions, this.events);
    await flushAllOutboxes(this.repository.answers, this.events);
  }

  // ---------------------------------------------------------------- reading

  async question(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<QuestionModel | null> {
    checkId(id, 'id');
    const question = await loaders.question.load(id);
    if (!question) return null;
    await this.membership.requireMember(viewer, question.courseId, loaders);
    return (await postVisible(viewer, question, loaders, this.membership)) ? question : null;
  }

  async answer(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<AnswerModel | null> {
    checkId(id, 'id');
    const answer = await loaders.answer.load(id);
    if (!answer) return null;
    await this.membership.requireMember(viewer, answer.courseId, loaders);
    return (await postVisible(viewer, answer, loaders, this.membership)) ? answer : null;
  }

  /** Entity references from other subgraphs: null for a bad id, an unknown one, or a non-member. */
  async questionReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<QuestionModel | null> {
    const question = isId(id) ? await loaders.question.load(id) : null;
    return question && (await this.membership.isMember(viewer, question.courseId, loaders)) && (await postVisible(viewer, question, loaders, this.membership)) ? question : null;
  }

  async answerReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<AnswerModel | null> {
    const answer = isId(id) ? await loaders.answer.load(id) : null;
    return answer && (await this.membership.isMember(viewer, answer.courseId, loaders)) && (await postVisible(viewer, answer, loaders, this.membership)) ? answer : null;
  }

  /** NEWEST, TOP (score, then newest) or UNANSWERED (newest first); course members only. */
  async courseQuestions(
    viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined,
    orderBy: QuestionOrder | null | undefined, loaders: EngagementLoaders = this.membership.loaders(viewer),
  ): Promise<Connection<QuestionModel>> {
    const order = orderBy ?? 'NEWEST';
    const size = pageSize(first);
    const key = questionPageKey(order, after);
    checkId(courseId, 'courseId');
    await this.membership.requireMember(viewer, courseId, loaders);
    const staff = await this.membership.isCourseStaff(viewer, courseId, loaders);
    const { rows, total } = await this.repository.questionsPage(courseId, order, key, size + 1, visiblePostsFilter(viewer?.id ?? null, staff));
    for (const row of rows) loaders.question.prime(row._id, row);
    return connectionOf(rows, size, total, (q) => questionCursor(order, q));
  }

  /** Oldest first, those the viewer sees. Only reached through a question the viewer was allowed to see. */
  async questionAnswers(
    viewer: Viewer | null, question: QuestionModel, first: number | null | undefined, after: string | null | undefined, loaders: EngagementLoaders = this.membership.loaders(viewer),
  ): Promise<Connection<AnswerModel>> {
    const size = pageSize(first);
    const staff = await this.membership.isCourseStaff(viewer, question.courseId, loaders);
    const { rows, total } = await this.repository.answersPage(question._id, afterId(after), size + 1, visiblePostsFilter(viewer?.id ?? null, staff));
    for (const row of rows) loaders?.answer.prime(row._id, row);
    return connectionOf(rows, size, total, (a) => idCursor(a._id));
  }

  /** Null too when the viewer may not see it (hidden or deleted). */
  async acceptedAnswer(viewer: Viewer | null, question: QuestionModel, loaders: EngagementLoaders): Promise<AnswerModel | null> {
    const answer = question.acceptedAnswerId ? await loaders.answer.load(question.acceptedAnswerId) : null;
    return answer && (await postVisible(viewer, answer, loaders, this.membership)) ? answer : null;
  }

  /** Whether the answer is its question's accepted one, read from the question (the only record of it). */
  async isAccepted(answer: AnswerModel, loaders: EngagementLoaders): Promise<boolean> {
    return (await loaders.question.load(answer.questionId))?.acceptedAnswerId === answer._id;
  }

  async questionOf(answer: AnswerModel, loaders: EngagementLoaders): Promise<QuestionModel> {
    const question = await loaders.question.load(answer.questionId);
    if (!question) throw notFound('The question');
    return question;
  }

  // ---------------------------------------------------------------- writing

  /** Course members. Also the seed script's entry point. */
  async askQuestion(viewer: Viewer | null, input: AskQuestionInput, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<QuestionModel> {
    const actor = signedIn(viewer);
    checkId(input.courseId, 'courseId');
    const fields = questionFields(input);
    await this.membership.requireMember(actor, input.courseId, loaders, { courseMustExist: true });
    const now = new Date();
    const id = newId();
    const question: QuestionModel = {
      _id: id, courseId: input.courseId, authorId: actor.id, ...fields, voteScore: 0, answerCount: 0, answerIds: [],
      acceptedAnswerId: null, createdAt: now, updatedAt: now,
      outbox: [questionAsked({ questionId: id, courseId: input.courseId, authorId: actor.id, title: fields.title })],
    };
    await this.repository.insertQuestion(question);
    await flushOutbox(this.repository.questions, id, this.events);
    const { outbox: _pending, ...stored } = question;
    loaders.question.prime(id, stored);
    return stored;
  }

  /**
   * Course members. Two steps without a transaction: the answer is written with its event and
   * `counted: false`, then counted on the question once (guarded by its id); a crash in between
   * is finished at start-up.
   */
  async answerQuestion(viewer: Viewer | null, questionId: string, body: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<AnswerModel> {
    const actor = signedIn(viewer);
    checkId(questionId, 'questionId');
    const text = answerBody(body);
    const question = await this.repository.findQuestion(questionId);
    if (!question) throw notFound('The question');
    await this.membership.requireMember(actor, question.courseId, loaders);
    // A deleted question, or one hidden from the viewer, is not there to answer.
    if (!(await postVisible(actor, question, loaders, this.membership))) throw notFound('The question');
    if (question.answerCount >= LIMITS.answersPerQuestion) throw badInput(`A question may have at most ${LIMITS.answersPerQuestion} answers.`, 'questionId');
    const id = newId();
    const answer: AnswerModel = {
      _id: id, questionId, courseId: question.courseId, authorId: actor.id, body: text, voteScore: 0, counted: false, createdAt: new Date(),
      outbox: [answerPosted({
        answerId: id, questionId, courseId: question.courseId, authorId: actor.id, questionAuthorId: question.authorId, questionTitle: question.title,
      })],
    };
    await this.repository.insertAnswer(answer);
    await this.repository.countAnswer(questionId, id);
    await flushOutbox(this.repository.answers, id, this.events);
    const { outbox: _pending, ...stored } = answer;
    loaders.answer.prime(id, { ...stored, counted: true });
    loaders.question.clear(questionId);
    return { ...stored, counted: true };
  }

  /** The question's author only; accepting another answer replaces the accepted one; accepting it again changes nothing. */
  async acceptAnswer(viewer: Viewer | null, answerId: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<AnswerModel> {
    const actor = signedIn(viewer);
    checkId(answerId, 'answerId');
    const answer = await this.repository.findAnswer(answerId);
    if (!answer) throw notFound('The answer');
    return retryOnConflict(async () => {
      const question = await this.repository.findQuestion(answer.questionId);
      if (!question) throw notFound('The question');
      await this.membership.requireMember(actor, question.courseId, loaders);
      if (question.authorId !== actor.id) throw forbidden("Only the question's author can accept an answer.");
      if (question.acceptedAnswerId === answerId) {
        loaders.question.clear(question._id).prime(question._id, question);
        return answer;
      }
      const event = answerAccepted({
        questionId: question._id, answerId, courseId: question.courseId, answerAuthorId: answer.authorId, questionAuthorId: question.authorId,
        previousAnswerId: question.acceptedAnswerId, questionTitle: question.title,
      });
      const written = await this.repository.accept(question._id, question.acceptedAnswerId, answerId, event);
      if (!written) return null;
      await flushOutbox(this.repository.questions, question._id, this.events);
      const { outbox: _pending, ...stored } = written;
      loaders.question.clear(question._id).prime(question._id, stored);
      return answer;
    }, 'The question is being changed by others right now; try again.');
  }
}
