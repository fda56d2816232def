import DataLoader from 'dataloader';
import {
  afterId, badInput, conflict, connectionOf, flushAllOutboxes, flushOutbox, forbidden, hasRole, idCursor, isId, newId, notFound, pageSize, signedIn,
  type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import {
  PostReactionChanged, TeachingAssistantAppointed, TeachingAssistantRemoved, ThreadFollowChanged, ThreadModerated, ThreadReplyPosted, ThreadStarted,
} from '@lg/events';
import { checkId } from '../inputs.ts';
import type {
  CourseMemberModel, CourseRole, ModeratedPost, PersonProjection, PostKind, Reaction, ReactionCounts, ThreadModel, ThreadReplyModel,
} from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import { isCourseStaff, type CourseMembership, type EngagementLoaders } from '../services/membership.ts';
import {
  REACTIONS, ROLE_RANK, THREAD_LIMITS, markdownBody, memberCursor, memberPageKey, mentionCandidates, reactionTarget, threadCursor, threadPageKey,
  threadTitle,
} from './inputs.ts';
import { visibleTo, type ThreadsRepository } from './repository.ts';

/** Per request, beside engagement's loaders: threads, replies, names, and the viewer's reactions and follows. */
interface ThreadLoaders {
  thread: DataLoader<string, ThreadModel | null>;
  reply: DataLoader<string, ThreadReplyModel | null>;
  person: DataLoader<string, PersonProjection | null>;
  reactions: DataLoader<string, Reaction[]> | null;
  follows: DataLoader<string, boolean> | null;
  /** First pages of replies to replies, by `<threadId>|<size>|<staff>`: every reply of a page in one query. */
  children: Map<string, DataLoader<string, Connection<ThreadReplyModel> | null>>;
}

/** Rows a batched read of replies to replies may return before it gives way to one read per parent. */
const CHILDREN_CAP = 2_000;

export interface StartThreadFields { courseId: string; title: string; body: string }

/** What catches the people projection up before `@mentions` are matched against names. */
export interface PeopleSource { catchUp(): Promise<void> }

export interface PostReactionsModel { kind: PostKind; id: string; reactions: { reaction: Reaction; count: number }[]; viewerReactions: Reaction[] }


/**
 * A course's members and teaching assistants, and its discussion threads: starting, replying in a
 * two-level tree, reactions, pins and locks by staff, follows. Bodies are sanitised Markdown.
 */
export class ThreadsService {
  /** Thread loaders live as long as the request's engagement loaders, created on first use. */
  private readonly perRequest = new WeakMap<EngagementLoaders, ThreadLoaders>();

  constructor(
    private readonly repository: ThreadsRepository,
    private readonly engagement: EngagementRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
    private readonly people: PeopleSource,
  ) {}

  /** At start-up: logs the events a crash left in outboxes. */
  async finishPendingWork(): Promise<void> {
    // Replies accepted before a crash but not stored: stored now (their place in the order is lost: seq 0).
    for (const thread of await this.repository.threadsWithPendingReplies()) {
      for (const pending of thread.pendingReplies ?? []) await this.repository.storeReply({ ...pending, seq: 0 }, pending);
    }
    await flushAllOutboxes(this.repository.threads, this.events);
    await flushAllOutboxes(this.repository.replies, this.events);
    await flushAllOutboxes(this.repository.assistants, this.events);
  }

  loaders(viewer: Viewer | null, loaders: EngagementLoaders): ThreadLoaders {
    let found = this.perRequest.get(loaders);
    if (!found) {
      found = {
        thread: this.repository.threadLoader(),
        reply: this.repository.replyLoader(),
        person: this.repository.personLoader(),
        reactions: viewer ? this.repository.reactionLoader(viewer.id) : null,
        follows: viewer ? this.repository.followLoader(viewer.id) : null,
        children: new Map(),
      };
      this.perRequest.set(loaders, found);
    }
    return found;
  }

  /** After moderation changed a post: this request reads it again (editPost's answer, say). */
  forget(kind: PostKind, id: string, loaders: EngagementLoaders): void {
    const tl = this.perRequest.get(loaders);
    if (kind === 'THREAD') tl?.thread.clear(id);
    if (kind === 'THREAD_REPLY') tl?.reply.clear(id);
  }

  // ---------------------------------------------------------------- members and teaching assistants

  async viewerIsStaff(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders): Promise<boolean> {
    return this.membership.isStaff(viewer, courseId, loaders);
  }

  /** Its instructor, then its teaching assistants, then its students (each by user id); members only. */
  async courseMembers(
    viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined, role: CourseRole | null | undefined,
    loaders: EngagementLoaders,
  ): Promise<Connection<CourseMemberModel>> {
    const size = pageSize(first);
    const key = memberPageKey(after);
    checkId(courseId, 'courseId');
    await this.membership.requireMember(viewer, courseId, loaders);
    const course = await loaders.course.load(courseId);
    const assistants = await this.repository.assistantsOf(courseId);
    const staff: CourseMemberModel[] = [
      ...(course ? [{ userId: course.instructorId, displayName: '', role: 'INSTRUCTOR' as const, since: null }] : []),
      ...assistants.filter((a) => a.userId !== course?.instructorId).map((a) => ({ userId: a.userId, displayName: '', role: 'TEACHING_ASSISTANT' as const, since: a.appointedAt })),
    ];
    const wanted = staff.filter((m) => !role || m.role === role);
    const after_ = (m: CourseMemberModel) => !key || ROLE_RANK[m.role] > key.rank || (ROLE_RANK[m.role] === key.rank && m.userId > key.userId);
    const rows = wanted.filter(after_).slice(0, size + 1);
    let total = wanted.length;
    if (!role || role === 'STUDENT') {
      const afterStudent = key?.rank === 2 ? key.userId : undefined;
      const except = staff.map((m) => m.userId);
      const room = Math.max(size + 1 - rows.length, 0);
      const students = await this.repository.studentsPage(courseId, except, afterStudent, room);
      // pageOf counts only when it must; with no room left it still answers the total.
      total += room === 0 || afterStudent !== undefined || students.rows.length === room ? students.total : students.rows.length;
      rows.push(...students.rows.map((m) => ({ userId: m.userId, displayName: '', role: 'STUDENT' as const, since: m.enrolledAt })));
    }
    const tl = this.loaders(viewer, loaders);
    const names = await Promise.all(rows.map((m) => tl.person.load(m.userId)));
    rows.forEach((m, i) => (m.displayName = names[i]?.displayName ?? 'A member'));
    return connectionOf(rows, size, total, (m) => memberCursor(m.role, m.userId));
  }

  /** The course's instructor or ADMIN; the new teaching assistant must be enrolled in the course. */
  async appointTeachingAssistant(viewer: Viewer | null, courseId: string, userId: string, loaders: EngagementLoaders): Promise<CourseMemberModel> {
    const actor = await this.requireInstructor(viewer, courseId, userId, loaders);
    const course = (await loaders.course.load(courseId))!;
    if (userId === course.instructorId) throw badInput('The instructor is staff already.', 'userId');
    const enrolment = await this.repository.findEnrolment(courseId, userId);
    if (!enrolment) throw badInput('A teaching assistant must be a student enrolled in this course.', 'userId');
    const existing = await this.repository.findAssistant(courseId, userId);
    if (!existing) {
      if ((await this.repository.countAssistants(courseId)) >= THREAD_LIMITS.assistantsPerCourse) {
        throw conflict(`A course has at most ${THREAD_LIMITS.assistantsPerCourse} teaching assistants.`);
      }
      const id = `${courseId}:${userId}`;
      const appointed = await this.repository.appointAssistant({
        _id: id, courseId, userId, appointedBy: actor.id, appointedAt: new Date(),
        outbox: [TeachingAssistantAppointed.build({ courseId, userId, by: actor.id })],
      });
      if (appointed) await flushOutbox(this.repository.assistants, id, this.events);
    }
    const assistant = await this.repository.findAssistant(courseId, userId);
    const person = await this.loaders(viewer, loaders).person.load(userId);
    return { userId, displayName: person?.displayName ?? 'A member', role: 'TEACHING_ASSISTANT', since: assistant?.appointedAt ?? null };
  }

  async removeTeachingAssistant(viewer: Viewer | null, courseId: string, userId: string, loaders: EngagementLoaders): Promise<boolean> {
    const actor = await this.requireInstructor(viewer, courseId, userId, loaders);
    const removed = await this.repository.removeAssistant(courseId, userId);
    // The document is gone with its outbox: the event is logged right after (a crash in between
    // leaves caches to their TTL, nothing else reads it).
    if (removed) await this.events.append([TeachingAssistantRemoved.build({ courseId, userId, by: actor.id })]);
    return removed;
  }

  private async requireInstructor(viewer: Viewer | null, courseId: string, userId: string, loaders: EngagementLoaders): Promise<Viewer> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    checkId(userId, 'userId');
    if (!(await loaders.course.load(courseId))) await this.membership.requireMember(actor, courseId, loaders, { courseMustExist: true });
    const course = await loaders.course.load(courseId);
    if (!course && !hasRole(actor, 'ADMIN')) throw forbidden("Only the course's instructor and ADMIN appoint its teaching assistants.");
    if (!course) throw notFound('The course');
    if (course.instructorId !== actor.id && !hasRole(actor, 'ADMIN')) throw forbidden("Only the course's instructor and ADMIN appoint its teaching assistants.");
    return actor;
  }

  // ---------------------------------------------------------------- reading threads

  /** A deleted post is gone for everyone (its text is erased); a hidden one is for its author and staff only. */
  private async canSee(viewer: Viewer, post: ModeratedPost & { authorId: string; courseId: string }, loaders: EngagementLoaders): Promise<boolean> {
    if (post.deletedAt !== null) return false;
    return post.hiddenAt === null || post.authorId === viewer.id || isCourseStaff(viewer, post.courseId, loaders);
  }

  async thread(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ThreadModel | null> {
    checkId(id, 'id');
    const thread = await this.loaders(viewer, loaders).thread.load(id);
    if (!thread) return null;
    const actor = await this.membership.requireMember(viewer, thread.courseId, loaders);
    return (await this.canSee(actor, thread, loaders)) ? thread : null;
  }

  async threadReply(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ThreadReplyModel | null> {
    checkId(id, 'id');
    const reply = await this.loaders(viewer, loaders).reply.load(id);
    if (!reply) return null;
    const actor = await this.membership.requireMember(viewer, reply.courseId, loaders);
    return (await this.canSee(actor, reply, loaders)) ? reply : null;
  }

  /** For `_entities`: null for a bad id, an unknown one, a non-member, or a post hidden from the viewer. */
  async threadReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ThreadModel | null> {
    const thread = viewer && isId(id) ? await this.loaders(viewer, loaders).thread.load(id) : null;
    return thread && (await this.membership.isMember(viewer, thread.courseId, loaders)) && (await this.canSee(viewer!, thread, loaders)) ? thread : null;
  }

  async replyReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ThreadReplyModel | null> {
    const reply = viewer && isId(id) ? await this.loaders(viewer, loaders).reply.load(id) : null;
    return reply && (await this.membership.isMember(viewer, reply.courseId, loaders)) && (await this.canSee(viewer!, reply, loaders)) ? reply : null;
  }

  /** Pinned first, then latest activity; course members only. */
  async courseThreads(
    viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined, loaders: EngagementLoaders,
  ): Promise<Connection<ThreadModel>> {
    const size = pageSize(first);
    const key = threadPageKey(after);
    checkId(courseId, 'courseId');
    const actor = await this.membership.requireMember(viewer, courseId, loaders);
    const staff = await isCourseStaff(actor, courseId, loaders);
    const { rows, total } = await this.repository.threadsPage(courseId, visibleTo<ThreadModel>(staff ? null : actor.id), key, size + 1);
    const tl = this.loaders(viewer, loaders);
    for (const row of rows) tl.thread.prime(row._id, row);
    return connectionOf(rows, size, total, threadCursor);
  }

  /** A thread's top-level replies, or a reply's replies; oldest first. Reached only through a post the viewer may see. */
  async replies(
    viewer: Viewer | null, threadId: string, courseId: string, parentId: string | null, first: number | null | undefined, after: string | null | undefined,
    loaders: EngagementLoaders,
  ): Promise<Connection<ThreadReplyModel>> {
    const size = pageSize(first);
    const start = afterId(after);
    const actor = signedIn(viewer);
    const staff = await isCourseStaff(actor, courseId, loaders);
    const visibility = visibleTo<ThreadReplyModel>(staff ? null : actor.id);
    const tl = this.loaders(viewer, loaders);
    if (parentId !== null && start === undefined) {
      const batched = await this.childrenLoader(tl, threadId, size, staff, visibility).load(parentId);
      if (batched) return batched;
    }
    const { rows, total } = await this.repository.repliesPage(threadId, parentId, visibility, start, size + 1);
    for (const row of rows) tl.reply.prime(row._id, row);
    return connectionOf(rows, size, total, (r) => idCursor(r._id));
  }

  /**
   * The first pages of replies to every depth-1 reply a page shows, in one query; null for each
   * parent when the batch was cut (then each parent is read on its own).
   */
  private childrenLoader(tl: ThreadLoaders, threadId: string, size: number, staff: boolean, visibility: ReturnType<typeof visibleTo<ThreadReplyModel>>) {
    const key = `${threadId}|${size}|${staff}`;
    let loader = tl.children.get(key);
    if (!loader) {
      loader = new DataLoader<string, Connection<ThreadReplyModel> | null>(async (parentIds) => {
        const rows = await this.repository.childrenOf(threadId, parentIds, visibility, CHILDREN_CAP);
        if (rows.length >= CHILDREN_CAP) return parentIds.map(() => null);
        const byParent = new Map<string, ThreadReplyModel[]>();
        for (const row of rows) {
          tl.reply.prime(row._id, row);
          byParent.set(row.parentId!, [...(byParent.get(row.parentId!) ?? []), row]);
        }
        return parentIds.map((id) => {
          const all = byParent.get(id) ?? [];
          return connectionOf(all.slice(0, size + 1), size, all.length, (r) => idCursor(r._id));
        });
      });
      tl.children.set(key, loader);
    }
    return loader;
  }

  parent(viewer: Viewer | null, reply: ThreadReplyModel, loaders: EngagementLoaders): Promise<ThreadReplyModel | null> | null {
    return reply.parentId ? this.threadReply(viewer, reply.parentId, loaders) : null;
  }

  async threadOf(viewer: Viewer | null, reply: ThreadReplyModel, loaders: EngagementLoaders): Promise<ThreadModel> {
    const thread = await this.loaders(viewer, loaders).thread.load(reply.threadId);
    if (!thread) throw notFound('The thread');
    return thread;
  }

  reactionCounts(counts: ReactionCounts | undefined): { reaction: Reaction; count: number }[] {
    return REACTIONS.filter((r) => (counts?.[r] ?? 0) > 0).map((reaction) => ({ reaction, count: counts![reaction]! }));
  }

  async viewerReactions(viewer: Viewer | null, postId: string, loaders: EngagementLoaders): Promise<Reaction[]> {
    const mine = (await this.loaders(viewer, loaders).reactions?.load(postId)) ?? [];
    return REACTIONS.filter((r) => mine.includes(r));
  }

  async viewerFollows(viewer: Viewer | null, threadId: string, loaders: EngagementLoaders): Promise<boolean> {
    return (await this.loaders(viewer, loaders).follows?.load(threadId)) ?? false;
  }

  // ---------------------------------------------------------------- writing threads

  async startThread(viewer: Viewer | null, input: StartThreadFields, loaders: EngagementLoaders): Promise<ThreadModel> {
    const actor = signedIn(viewer);
    checkId(input.courseId, 'courseId');
    const title = threadTitle(input.title);
    const { body, bodyHtml } = markdownBody(input.body, THREAD_LIMITS.threadBody);
    const courseId = input.courseId;
    await this.membership.requireMember(actor, courseId, loaders, { courseMustExist: true });
    const mentionedUserIds = await this.mentions(`${title}\n${body}`, courseId, actor.id);
    const id = newId();
    const now = new Date();
    const thread: ThreadModel = {
      _id: id, courseId, authorId: actor.id, title, body, bodyHtml, pinned: false, locked: false, replyCount: 0, lockedAtReplyCount: null,
      lastActivityAt: now, reactionCounts: {}, createdAt: now, editedAt: null, deletedAt: null, hiddenAt: null, hiddenReason: null,
      outbox: [ThreadStarted.build({ threadId: id, courseId, authorId: actor.id, title, mentionedUserIds })],
    };
    await this.repository.insertThread(thread);
    // The author follows their own thread from the start.
    await this.repository.follow(id, actor.id);
    await flushOutbox(this.repository.threads, id, this.events);
    const { outbox: _pending, ...stored } = thread;
    return stored;
  }

  /**
   * A reply to the thread (depth 1) or to a depth-1 reply (depth 2); a reply to a depth-2 reply is
   * refused rather than moved up, so that nobody's reply lands under a post they did not answer.
   * A locked thread refuses it, also when the lock is committed while this request runs.
   */
  async replyToThread(viewer: Viewer | null, threadId: string, bodyInput: string, parentId: string | null | undefined, loaders: EngagementLoaders): Promise<ThreadReplyModel> {
    const actor = signedIn(viewer);
    checkId(threadId, 'threadId');
    if (parentId !== null && parentId !== undefined) checkId(parentId, 'parentId');
    const { body, bodyHtml } = markdownBody(bodyInput, THREAD_LIMITS.replyBody);
    const thread = await this.visibleThread(actor, threadId, loaders);
    let depth: 1 | 2 = 1;
    if (parentId) {
      const parent = await this.loaders(actor, loaders).reply.load(parentId);
      if (!parent || parent.threadId !== threadId || !(await this.canSee(actor, parent, loaders))) throw badInput('parentId is not a reply of this thread.', 'parentId');
      if (parent.depth >= THREAD_LIMITS.replyDepth) {
        throw badInput(`Replies go ${THREAD_LIMITS.replyDepth} levels deep: answer the reply this one answers instead.`, 'parentId');
      }
      depth = 2;
    }
    if (thread.locked) throw conflict('This thread is locked: it takes no more replies.');
    const mentionedUserIds = await this.mentions(body, thread.courseId, actor.id);
    const id = newId();
    const pending: Omit<ThreadReplyModel, 'seq'> = {
      _id: id, threadId, courseId: thread.courseId, parentId: parentId ?? null, depth, authorId: actor.id, body, bodyHtml,
      reactionCounts: {}, createdAt: new Date(), editedAt: null, deletedAt: null, hiddenAt: null, hiddenReason: null,
      outbox: [ThreadReplyPosted.build({
        replyId: id, threadId, parentId: parentId ?? null, courseId: thread.courseId, authorId: actor.id, threadTitle: thread.title, mentionedUserIds,
      })],
    };
    // The acceptance: counted and recorded on the unlocked thread in one write (see acceptReply).
    const accepted = await this.repository.acceptReply(threadId, pending);
    if (!accepted) throw conflict('This thread is locked: it takes no more replies.');
    const reply: ThreadReplyModel = { ...pending, seq: accepted.replyCount };
    await this.repository.storeReply(reply, pending);
    await flushOutbox(this.repository.replies, id, this.events);
    const { outbox: _pending, ...stored } = reply;
    return stored;
  }

  async reactToPost(viewer: Viewer | null, kind: PostKind, id: string, reaction: Reaction, loaders: EngagementLoaders): Promise<PostReactionsModel> {
    const actor = signedIn(viewer);
    const target = reactionTarget(kind);
    checkId(id, 'id');
    if (!REACTIONS.includes(reaction)) throw badInput('reaction is not one of the Reaction values.', 'reaction');
    const tl = this.loaders(actor, loaders);
    const post = target === 'THREAD' ? await this.visibleThread(actor, id, loaders) : await this.visibleReply(actor, id, loaders);
    const threadId = target === 'THREAD' ? post._id : (post as ThreadReplyModel).threadId;
    const on = await this.repository.toggleReaction(
      { _id: `${id}:${actor.id}:${reaction}`, kind: target, postId: id, userId: actor.id, reaction, createdAt: new Date() },
      target === 'THREAD' ? 'threads' : 'replies',
    );
    await this.events.append([PostReactionChanged.build({ kind: target, postId: id, threadId, courseId: post.courseId, userId: actor.id, reaction, on })]);
    const fresh = target === 'THREAD' ? await this.repository.threads.findOne({ _id: id }) : await this.repository.replies.findOne({ _id: id });
    tl.reactions?.clear(id);
    return { kind: target, id, reactions: this.reactionCounts(fresh?.reactionCounts), viewerReactions: await this.viewerReactions(actor, id, loaders) };
  }

  async pinThread(viewer: Viewer | null, threadId: string, pinned: boolean, loaders: EngagementLoaders): Promise<ThreadModel> {
    return this.setFlag(viewer, threadId, { pinned }, pinned ? 'PINNED' : 'UNPINNED', loaders);
  }

  /** Once this write is committed, acceptReply matches nothing: no reply gets in after it. */
  async lockThread(viewer: Viewer | null, threadId: string, locked: boolean, loaders: EngagementLoaders): Promise<ThreadModel> {
    return this.setFlag(viewer, threadId, { locked }, locked ? 'LOCKED' : 'UNLOCKED', loaders);
  }

  private async setFlag(
    viewer: Viewer | null, threadId: string, set: { pinned: boolean } | { locked: boolean }, change: 'PINNED' | 'UNPINNED' | 'LOCKED' | 'UNLOCKED',
    loaders: EngagementLoaders,
  ): Promise<ThreadModel> {
    const actor = signedIn(viewer);
    checkId(threadId, 'threadId');
    const thread = await this.visibleThread(actor, threadId, loaders);
    await this.membership.requireStaff(actor, thread.courseId, loaders);
    const updated = await this.repository.setThreadFlag(threadId, set, ThreadModerated.build({ threadId, courseId: thread.courseId, by: actor.id, change }));
    if (!updated) throw notFound('The thread');
    await flushOutbox(this.repository.threads, threadId, this.events);
    const { outbox: _pending, ...stored } = updated;
    this.loaders(actor, loaders).thread.clear(threadId).prime(threadId, stored);
    return stored;
  }

  async followThread(viewer: Viewer | null, threadId: string, following: boolean, loaders: EngagementLoaders): Promise<ThreadModel> {
    const actor = signedIn(viewer);
    checkId(threadId, 'threadId');
    const thread = await this.visibleThread(actor, threadId, loaders);
    const changed = following ? await this.repository.follow(threadId, actor.id) : await this.repository.unfollow(threadId, actor.id);
    if (changed) await this.events.append([ThreadFollowChanged.build({ threadId, courseId: thread.courseId, userId: actor.id, following })]);
    this.loaders(actor, loaders).follows?.clear(threadId);
    return thread;
  }

  // ---------------------------------------------------------------- helpers

  /** A thread the viewer may see as a member: NOT_FOUND when there is none (or it is hidden from them), FORBIDDEN for non-members. */
  private async visibleThread(actor: Viewer, threadId: string, loaders: EngagementLoaders): Promise<ThreadModel> {
    const thread = await this.loaders(actor, loaders).thread.load(threadId);
    if (!thread) throw notFound('The thread');
    await this.membership.requireMember(actor, thread.courseId, loaders);
    if (!(await this.canSee(actor, thread, loaders))) throw notFound('The thread');
    return thread;
  }

  private async visibleReply(actor: Viewer, replyId: string, loaders: EngagementLoaders): Promise<ThreadReplyModel> {
    const reply = await this.loaders(actor, loaders).reply.load(replyId);
    if (!reply) throw notFound('The reply');
    await this.membership.requireMember(actor, reply.courseId, loaders);
    if (!(await this.canSee(actor, reply, loaders))) throw notFound('The reply');
    return reply;
  }

  /**
   * The course's members an edit names with `@displayName` whom the text before it did not name
   * (never the author): they are told as a new post's mentions are.
   */
  newMentions(before: string, after: string, courseId: string, authorId: string): Promise<string[]> {
    const named = new Set(mentionCandidates(before));
    return this.mentions(after, courseId, authorId, (name) => !named.has(name));
  }

  /** The course's members a body names with `@displayName` (never the author), at most THREAD_LIMITS.mentions. */
  private async mentions(body: string, courseId: string, authorId: string, counts: (name: string) => boolean = () => true): Promise<string[]> {
    const names = mentionCandidates(body).filter(counts);
    if (names.length === 0) return [];
    // A user who registered a moment ago is found by name.
    await this.people.catchUp();
    const people = await this.repository.peopleNamed(names);
    const course = await this.engagement.courses.findOne({ _id: courseId });
    const found: string[] = [];
    for (const person of people) {
      if (person._id === authorId || found.includes(person._id)) continue;
      const member = person._id === course?.instructorId
        || (await this.repository.findEnrolment(courseId, person._id)) !== null
        || (await this.repository.findAssistant(courseId, person._id)) !== null;
      if (member) found.push(person._id);
      if (found.length >= THREAD_LIMITS.mentions) break;
    }
    return found;
  }
}
