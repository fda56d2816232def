import type DataLoader from 'dataloader';
import {
  badInput, conflict, flushAllOutboxes, flushOutbox, forbidden, hasRole, isId, newId, notFound, pageSize, unauthenticated,
  type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { answerAccepted, answerPosted, chatMessageSent, questionAsked } from './events.ts';
import {
  LIMITS, answerBody, chatBody, checkId, idCursor, idFromCursor, questionCursor, questionFields, questionPageKey, voteValue,
  type AskQuestionInput,
} from './inputs.ts';
import type { AnswerModel, ChatMessageModel, CourseProjection, NotificationModel, QuestionModel, QuestionOrder, VoteTarget } from './models.ts';
import { voteId, type EngagementRepository } from './repository.ts';

const MAX_ATTEMPTS = 25;
/** One user's votes racing on one target take turns; past this many turns, one is refused. */
const VOTE_ATTEMPTS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Per request: batched reads, and the viewer's own memberships and votes. */
export interface EngagementLoaders {
  question: DataLoader<string, QuestionModel | null>;
  answer: DataLoader<string, AnswerModel | null>;
  course: DataLoader<string, CourseProjection | null>;
  /** The viewer's enrolments by course id; null for anonymous. */
  enrolled: DataLoader<string, boolean> | null;
  /** The viewer's votes by question or answer id; null for anonymous. */
  vote: DataLoader<string, number> | null;
  /** Set once this request has caught the membership projection up (at most once a request). */
  caughtUp: boolean;
}

/** What the service needs of the membership projection. */
export interface MembershipSource {
  catchUp(): Promise<void>;
}

const MEMBERS_ONLY = 'Only members of this course (its enrolled students, its instructor and ADMIN) can do this.';

/** Engagement's use cases and rules; resolvers only translate to and from GraphQL. */
export class EngagementService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly events: EventLog,
    private readonly membership: MembershipSource,
  ) {}

  loaders(viewer: Viewer | null): EngagementLoaders {
    return {
      question: this.repository.questionLoader(),
      answer: this.repository.answerLoader(),
      course: this.repository.courseLoader(),
      enrolled: viewer ? this.repository.enrolledLoader(viewer.id) : null,
      vote: viewer ? this.repository.voteLoader(viewer.id) : null,
      caughtUp: false,
    };
  }

  /** At start-up: counts answers a crash left uncounted, then logs every pending event. */
  async finishPendingWork(): Promise<void> {
    for (const vote of await this.repository.pendingVotes()) if (vote.pending) await this.repository.applyScoreMove(vote, vote.pending);
    for (const answer of await this.repository.uncountedAnswers()) await this.repository.countAnswer(answer.questionId, answer._id);
    await flushAllOutboxes(this.repository.questions, this.events);
    await flushAllOutboxes(this.repository.answers, this.events);
    await flushAllOutboxes(this.repository.chatMessages, this.events);
    await flushAllOutboxes(this.repository.notifications, this.events);
  }

  // ---------------------------------------------------------------- membership

  /**
   * Enrolled, the course's instructor, or ADMIN. A refusal is only given after catching the
   * projection up once, so that a user enrolled a moment ago is a member at once.
   */
  async isMember(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<boolean> {
    if (!viewer) return false;
    if (hasRole(viewer, 'ADMIN')) return true;
    const check = async () => {
      const [course, enrolled] = await Promise.all([loaders.course.load(courseId), loaders.enrolled!.load(courseId)]);
      return enrolled || course?.instructorId === viewer.id;
    };
    if (await check()) return true;
    if (loaders.caughtUp) return false;
    await this.catchUp(loaders);
    return check();
  }

  /** The viewer's membership as the API tells it: false when signed out. */
  async isCourseMember(viewer: Viewer | null, courseId: string, loaders?: EngagementLoaders): Promise<boolean> {
    checkId(courseId, 'courseId');
    return this.isMember(viewer, courseId, loaders);
  }

  // ---------------------------------------------------------------- reading

  async question(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<QuestionModel | null> {
    checkId(id, 'id');
    const question = await loaders.question.load(id);
    if (question) await this.requireMember(viewer, question.courseId, loaders);
    return question;
  }

  async answer(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<AnswerModel | null> {
    checkId(id, 'id');
    const answer = await loaders.answer.load(id);
    if (answer) await this.requireMember(viewer, answer.courseId, loaders);
    return answer;
  }

  async chatMessage(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<ChatMessageModel | null> {
    checkId(id, 'id');
    const message = await this.repository.findChatMessage(id);
    if (message) await this.requireMember(viewer, message.courseId, loaders);
    return message;
  }

  /** Entity references from other subgraphs: null for a bad id, an unknown one, or a non-member. */
  async questionReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<QuestionModel | null> {
    const question = isId(id) ? await loaders.question.load(id) : null;
    return question && (await this.isMember(viewer, question.courseId, loaders)) ? question : null;
  }

  async answerReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<AnswerModel | null> {
    const answer = isId(id) ? await loaders.answer.load(id) : null;
    return answer && (await this.isMember(viewer, answer.courseId, loaders)) ? answer : null;
  }

  async chatMessageReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ChatMessageModel | null> {
    const message = isId(id) ? await this.repository.findChatMessage(id) : null;
    return message && (await this.isMember(viewer, message.courseId, loaders)) ? message : null;
  }

  /** NEWEST, TOP (score, then newest) or UNANSWERED (newest first); course members only. */
  async courseQuestions(
    viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined,
    orderBy: QuestionOrder | null | undefined, loaders: EngagementLoaders = this.loaders(viewer),
  ): Promise<Connection<QuestionModel>> {
    const order = orderBy ?? 'NEWEST';
    const size = pageSize(first);
    const key = questionPageKey(order, after);
    checkId(courseId, 'courseId');
    await this.requireMember(viewer, courseId, loaders);
    const { rows, total } = await this.repository.questionsPage(courseId, order, key, size + 1);
    for (const row of rows) loaders.question.prime(row._id, row);
    return this.connection(rows, size, total, (q) => questionCursor(order, q));
  }

  /**
   * The newest `last` messages before `before`, oldest first within the page. The list pages
   * backwards: `hasNextPage` says older messages exist, `endCursor` (the oldest message of the
   * page) is what to pass as `before` for them.
   */
  async courseChatMessages(
    viewer: Viewer | null, courseId: string, last: number | null | undefined, before: string | null | undefined,
    loaders: EngagementLoaders = this.loaders(viewer),
  ): Promise<Connection<ChatMessageModel>> {
    const size = pageSize(last, 50);
    const beforeId = idFromCursor(before, 'before');
    checkId(courseId, 'courseId');
    await this.requireMember(viewer, courseId, loaders);
    const { rows, total } = await this.repository.chatPage(courseId, beforeId, size + 1);
    const page = rows.slice(0, size).reverse();
    const edges = page.map((node) => ({ node, cursor: idCursor(node._id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges[0]?.cursor ?? null }, totalCount: total };
  }

  /** Oldest first. Only reached through a question the viewer was allowed to see. */
  async questionAnswers(question: QuestionModel, first: number | null | undefined, after: string | null | undefined, loaders?: EngagementLoaders): Promise<Connection<AnswerModel>> {
    const size = pageSize(first);
    const afterId = idFromCursor(after, 'after');
    const { rows, total } = await this.repository.answersPage(question._id, afterId, size + 1);
    for (const row of rows) loaders?.answer.prime(row._id, row);
    return this.connection(rows, size, total, (a) => idCursor(a._id));
  }

  async acceptedAnswer(question: QuestionModel, loaders: EngagementLoaders): Promise<AnswerModel | null> {
    return question.acceptedAnswerId ? loaders.answer.load(question.acceptedAnswerId) : null;
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

  async viewerVote(targetId: string, loaders: EngagementLoaders): Promise<number> {
    return loaders.vote ? loaders.vote.load(targetId) : 0;
  }

  async myNotifications(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined, unreadOnly: boolean | null | undefined): Promise<Connection<NotificationModel>> {
    const actor = this.signedIn(viewer);
    const size = pageSize(first);
    const afterId = idFromCursor(after, 'after');
    const { rows, total } = await this.repository.notificationsPage(actor.id, unreadOnly ?? false, afterId, size + 1);
    return this.connection(rows, size, total, (n) => idCursor(n._id));
  }

  /** The viewer's own only: someone else's is FORBIDDEN. */
  async notification(viewer: Viewer | null, id: string): Promise<NotificationModel | null> {
    const actor = this.signedIn(viewer);
    checkId(id, 'id');
    const notification = await this.repository.findNotification(id);
    if (notification && notification.userId !== actor.id) throw forbidden('This notification is not yours.');
    return notification;
  }

  // ---------------------------------------------------------------- writing

  /** Course members. Also the seed script's entry point. */
  async askQuestion(viewer: Viewer | null, input: AskQuestionInput, loaders: EngagementLoaders = this.loaders(viewer)): Promise<QuestionModel> {
    const actor = this.signedIn(viewer);
    checkId(input.courseId, 'courseId');
    const fields = questionFields(input);
    await this.requireMember(actor, input.courseId, loaders, { courseMustExist: true });
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
  async answerQuestion(viewer: Viewer | null, questionId: string, body: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<AnswerModel> {
    const actor = this.signedIn(viewer);
    checkId(questionId, 'questionId');
    const text = answerBody(body);
    const question = await this.repository.findQuestion(questionId);
    if (!question) throw notFound('The question');
    await this.requireMember(actor, question.courseId, loaders);
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

  async voteOnQuestion(viewer: Viewer | null, questionId: string, value: number, loaders: EngagementLoaders = this.loaders(viewer)): Promise<QuestionModel> {
    checkId(questionId, 'questionId');
    return this.vote(viewer, 'QUESTION', questionId, value, loaders) as Promise<QuestionModel>;
  }

  async voteOnAnswer(viewer: Viewer | null, answerId: string, value: number, loaders: EngagementLoaders = this.loaders(viewer)): Promise<AnswerModel> {
    checkId(answerId, 'answerId');
    return this.vote(viewer, 'ANSWER', answerId, value, loaders) as Promise<AnswerModel>;
  }

  /** The question's author only; accepting another answer replaces the accepted one; accepting it again changes nothing. */
  async acceptAnswer(viewer: Viewer | null, answerId: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<AnswerModel> {
    const actor = this.signedIn(viewer);
    checkId(answerId, 'answerId');
    const answer = await this.repository.findAnswer(answerId);
    if (!answer) throw notFound('The answer');
    for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
      const question = await this.repository.findQuestion(answer.questionId);
      if (!question) throw notFound('The question');
      await this.requireMember(actor, question.courseId, loaders);
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
      if (written) {
        await flushOutbox(this.repository.questions, question._id, this.events);
        const { outbox: _pending, ...stored } = written;
        loaders.question.clear(question._id).prime(question._id, stored);
        return answer;
      }
      await pause(Math.random() * 5 * (tries + 1));
    }
    throw conflict('The question is being changed by others right now; try again.');
  }

  async sendChatMessage(viewer: Viewer | null, courseId: string, body: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<ChatMessageModel> {
    const actor = this.signedIn(viewer);
    checkId(courseId, 'courseId');
    const text = chatBody(body);
    await this.requireMember(actor, courseId, loaders, { courseMustExist: true });
    const id = newId();
    const message: ChatMessageModel = {
      _id: id, courseId, authorId: actor.id, body: text, createdAt: new Date(),
      outbox: [chatMessageSent({ messageId: id, courseId, authorId: actor.id })],
    };
    await this.repository.insertChatMessage(message);
    await flushOutbox(this.repository.chatMessages, id, this.events);
    const { outbox: _pending, ...stored } = message;
    return stored;
  }

  /** Only the viewer's own unread notifications change; ids of others are ignored. Returns how many changed. */
  async markNotificationsRead(viewer: Viewer | null, ids: string[]): Promise<number> {
    const actor = this.signedIn(viewer);
    if (ids.length > LIMITS.ids) throw badInput(`ids may hold at most ${LIMITS.ids} items.`, 'ids');
    for (const id of ids) checkId(id, 'ids');
    return this.repository.markRead(actor.id, [...new Set(ids)]);
  }

  // ---------------------------------------------------------------- rules

  /**
   * One vote per user and target, and the target's voteScore always the sum of the stored votes,
   * under concurrency and across crashes, without transactions:
   * 1. the vote gets its new value together with the score move it owes (`pending`), written only
   *    if nobody changed the vote since it was read (else: read again, retry);
   * 2. the target moves by that delta at most once (the move's id is recorded on the target, and
   *    remembered there for an hour);
   * 3. the vote's debt is cleared.
   * A vote found still owing (a crash, or a concurrent request of the same user mid-way) is
   * settled first; start-up settles every one left (finishPendingWork).
   */
  private async vote(viewer: Viewer | null, target: VoteTarget, targetId: string, value: number, loaders: EngagementLoaders): Promise<QuestionModel | AnswerModel> {
    const actor = this.signedIn(viewer);
    const v = voteValue(value);
    const found = target === 'QUESTION' ? await this.repository.findQuestion(targetId) : await this.repository.findAnswer(targetId);
    if (!found) throw notFound(target === 'QUESTION' ? 'The question' : 'The answer');
    await this.requireMember(actor, found.courseId, loaders);
    for (let attempt = 0; ; attempt += 1) {
      if (attempt >= VOTE_ATTEMPTS) throw conflict('Too many votes on this at the same moment; try again.');
      const current = await this.repository.findVote(targetId, actor.id);
      if (current?.pending) {
        await this.repository.applyScoreMove(current, current.pending);
        continue;
      }
      const previous = current?.value ?? 0;
      if (previous === v) break;
      const move = { op: newId(), delta: v - previous };
      if (!(await this.repository.recordVote(target, targetId, actor.id, current, v, move))) continue;
      await this.repository.applyScoreMove({ _id: voteId(targetId, actor.id), target, targetId }, move);
      break;
    }
    const now = await this.repository.findVoteTarget<QuestionModel | AnswerModel>(target, targetId);
    if (!now) throw notFound(target === 'QUESTION' ? 'The question' : 'The answer');
    loaders.vote?.clear(targetId).prime(targetId, v);
    const { outbox: _pending, voteOps: _moves, ...stored } = now;
    if (target === 'QUESTION') loaders.question.clear(targetId).prime(targetId, stored as QuestionModel);
    else loaders.answer.clear(targetId).prime(targetId, stored as AnswerModel);
    return stored;
  }

  private async requireMember(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders, options: { courseMustExist?: boolean } = {}): Promise<Viewer> {
    const actor = this.signedIn(viewer);
    if (!(await this.isMember(actor, courseId, loaders))) throw forbidden(MEMBERS_ONLY);
    if (options.courseMustExist && !(await loaders.course.load(courseId))) {
      // An ADMIN is a member of every course id: the course itself must be known before writing to it.
      if (!loaders.caughtUp) await this.catchUp(loaders);
      if (!(await loaders.course.load(courseId))) throw notFound('The course');
    }
    return actor;
  }

  private async catchUp(loaders: EngagementLoaders): Promise<void> {
    await this.membership.catchUp();
    loaders.caughtUp = true;
    loaders.course.clearAll();
    loaders.enrolled?.clearAll();
  }

  private signedIn(viewer: Viewer | null): Viewer {
    if (!viewer) throw unauthenticated();
    return viewer;
  }

  private connection<T>(rows: T[], size: number, total: number, cursorOf: (row: T) => string): Connection<T> {
    const edges = rows.slice(0, size).map((node) => ({ node, cursor: cursorOf(node) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
  }
}
