import {
  afterId, badInput, conflict, connectionOf, flushAllOutboxes, flushOutbox, forbidden, hasRole, idCursor, newId, notFound, pageSize,
  rateLimited, signedIn, text, type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { PostDeleted, PostEdited, PostHidden, PostReported, PostUnhidden, ReportResolved } from '@lg/events';
import { checkId } from '../inputs.ts';
import type { PostChangeKind, PostChangeModel, PostKind, PostReportModel, ReportAction } from '../models.ts';
import type { CourseMembership, EngagementLoaders } from '../services/membership.ts';
import { loaded, type LoadedPost, type PostAdapter, type PostKinds } from './post-kinds.ts';
import type { ModerationRepository, StoredPost } from './repository.ts';

export const MODERATION_LIMITS = {
  reason: 500,
  note: 500,
  excerpt: 500,
  /** reportPost: at most this many reports per user in the window. */
  reportsPerWindow: 10,
  reportWindowMs: 10 * 60_000,
} as const;

const KINDS = new Set<PostKind>(['QUESTION', 'ANSWER', 'CHAT_MESSAGE', 'THREAD', 'THREAD_REPLY', 'GROUP_MESSAGE', 'DIRECT_MESSAGE']);
const CHANGES = new Set<PostChangeKind>(['EDITED', 'DELETED', 'HIDDEN', 'UNHIDDEN']);
const STAFF_ONLY = "Only the staff of where the post lives (a course's instructor and teaching assistants, a study group's owner, ADMIN) can do this.";

/** A post with its GraphQL type, as the Post union returns it. */
export type TypedPost = StoredPost & { __typename: string };

/** `<change>:<kind>:<postId>`: the payload id of postChanged, which carries all a PostChange is. */
export const postChangeId = (change: PostChangeKind, kind: PostKind, postId: string) => `${change}:${kind}:${postId}`;

/** Authors edit and delete their posts, staff hide them, anyone reports them, staff resolve reports. */
export class ModerationService {
  constructor(
    private readonly repository: ModerationRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
    readonly kinds: PostKinds,
  ) {}

  /** At start-up: logs the events a crash left in reports' outboxes (posts' are flushed by their own services). */
  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.reports, this.events);
  }

  /** Whether the viewer sees the post now: not deleted, and if hidden, theirs or they moderate where it lives. */
  visible(viewer: Viewer | null, post: LoadedPost, loaders: EngagementLoaders): Promise<boolean> {
    return this.kinds.visible(post, viewer, loaders, this.membership);
  }

  /** Whether the viewer moderates where the post lives: the course's staff, a study group's owner, or ADMIN. */
  isStaff(viewer: Viewer | null, post: LoadedPost, loaders: EngagementLoaders): Promise<boolean> {
    return this.kinds.moderates(post, viewer, loaders, this.membership);
  }

  // ---------------------------------------------------------------- authors

  async editPost(viewer: Viewer | null, input: { kind: PostKind; id: string; body: string; title?: string | null }, loaders: EngagementLoaders): Promise<TypedPost> {
    const actor = signedIn(viewer);
    const adapter = this.kinds.get(input.kind);
    checkId(input.id, 'id');
    const fields = adapter.edit(input);
    const post = await this.readablePost(actor, adapter, input.id, loaders);
    if (post.authorId !== actor.id) throw forbidden('Only its author can edit a post.');
    const mentionedUserIds = (await adapter.newMentions?.(post, fields)) ?? [];
    const event = PostEdited.build({
      kind: post.kind, postId: post.id, authorId: post.authorId, ...this.place(post), ...(mentionedUserIds.length > 0 ? { mentionedUserIds } : {}),
    });
    const written = await this.repository.updatePost(adapter.collection, post.id, { authorId: actor.id, deletedAt: null }, { ...fields, editedAt: new Date() }, event);
    if (!written) throw notFound('The post');
    return this.afterWrite(adapter, written, loaders);
  }

  /** The author only; deleting again is NOT_FOUND (the post is gone). */
  async deletePost(viewer: Viewer | null, input: { kind: PostKind; id: string }, loaders: EngagementLoaders): Promise<boolean> {
    const actor = signedIn(viewer);
    const adapter = this.kinds.get(input.kind);
    checkId(input.id, 'id');
    const post = await this.readablePost(actor, adapter, input.id, loaders);
    if (post.authorId !== actor.id) throw forbidden('Only its author can delete a post.');
    await this.softDelete(adapter, post, actor.id, loaders);
    return true;
  }

  // ---------------------------------------------------------------- staff

  async hidePost(viewer: Viewer | null, input: { kind: PostKind; id: string; reason: string }, loaders: EngagementLoaders): Promise<TypedPost> {
    const actor = signedIn(viewer);
    const adapter = this.kinds.get(input.kind);
    checkId(input.id, 'id');
    const reason = text(input.reason, 'reason', { max: MODERATION_LIMITS.reason });
    const post = await this.moderatedPost(actor, adapter, input.id, loaders);
    return this.hide(adapter, post, actor.id, reason, loaders);
  }

  async unhidePost(viewer: Viewer | null, input: { kind: PostKind; id: string }, loaders: EngagementLoaders): Promise<TypedPost> {
    const actor = signedIn(viewer);
    const adapter = this.kinds.get(input.kind);
    checkId(input.id, 'id');
    const post = await this.moderatedPost(actor, adapter, input.id, loaders);
    // Showing a post that is not hidden changes nothing.
    if (!post.hidden) return typed(adapter, post.stored);
    const event = PostUnhidden.build({ kind: post.kind, postId: post.id, authorId: post.authorId, unhiddenBy: actor.id, ...this.place(post) });
    const written = await this.repository.updatePost(
      adapter.collection, post.id, { deletedAt: null, hiddenAt: { $ne: null } }, { hiddenAt: null, hiddenReason: null, hiddenBy: null }, event,
    );
    return written ? this.afterWrite(adapter, written, loaders) : typed(adapter, (await this.moderatedPost(actor, adapter, post.id, loaders)).stored);
  }

  // ---------------------------------------------------------------- reports

  async reportPost(viewer: Viewer | null, input: { kind: PostKind; id: string; reason: string }, loaders: EngagementLoaders): Promise<PostReportModel> {
    const actor = signedIn(viewer);
    const adapter = this.kinds.get(input.kind);
    checkId(input.id, 'id');
    const reason = text(input.reason, 'reason', { max: MODERATION_LIMITS.reason });
    const post = await this.readablePost(actor, adapter, input.id, loaders);
    if (post.authorId === actor.id) throw badInput('You cannot report your own post.', 'id');
    const now = new Date();
    const recent = await this.repository.countReportsSince(actor.id, new Date(now.getTime() - MODERATION_LIMITS.reportWindowMs));
    if (recent >= MODERATION_LIMITS.reportsPerWindow) {
      throw rateLimited(`At most ${MODERATION_LIMITS.reportsPerWindow} reports in ${MODERATION_LIMITS.reportWindowMs / 60_000} minutes; try again later.`, MODERATION_LIMITS.reportWindowMs / 1000);
    }
    const reportId = newId();
    const report: PostReportModel = {
      _id: `${post.kind}:${post.id}:${actor.id}`, reportId, kind: post.kind, postId: post.id, courseId: post.courseId, reporterId: actor.id, reason,
      status: 'OPEN', createdAt: now, resolvedAt: null, resolvedBy: null, resolution: null, note: null,
      outbox: [PostReported.build({ reportId, kind: post.kind, postId: post.id, reporterId: actor.id, ...this.place(post) })],
    };
    if (!(await this.repository.insertReport(report))) throw conflict('You have already reported this post.');
    await flushOutbox(this.repository.reports, report._id, this.events);
    const { outbox: _pending, ...stored } = report;
    return stored;
  }

  /**
   * ADMIN: every course's reports (or `courseId`'s); course staff: their courses' (`courseId` must
   * be one of them). Anyone else is FORBIDDEN. Newest first.
   */
  async moderationQueue(
    viewer: Viewer | null, courseId: string | null | undefined, status: 'OPEN' | 'RESOLVED' | null | undefined, first: number | null | undefined,
    after: string | null | undefined, loaders: EngagementLoaders,
  ): Promise<Connection<PostReportModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const before = afterId(after);
    let courseIds: string[] | null;
    if (courseId !== null && courseId !== undefined) {
      checkId(courseId, 'courseId');
      if (!(await this.membership.isCourseStaff(actor, courseId, loaders))) throw forbidden(STAFF_ONLY);
      courseIds = [courseId];
    } else if (hasRole(actor, 'ADMIN')) {
      courseIds = null;
    } else {
      courseIds = await this.repository.coursesStaffedBy(actor.id);
      if (courseIds.length === 0) throw forbidden(STAFF_ONLY);
    }
    const { rows, total } = await this.repository.reportsPage(courseIds, status ?? 'OPEN', before, size + 1);
    return connectionOf(rows, size, total, (r) => idCursor(r.reportId));
  }

  /** The report's course staff: HIDE hides the post (reason: the note, else the report's reason), DELETE deletes it. */
  async resolveReport(viewer: Viewer | null, input: { reportId: string; action: ReportAction; note?: string | null }, loaders: EngagementLoaders): Promise<PostReportModel> {
    const actor = signedIn(viewer);
    checkId(input.reportId, 'reportId');
    const note = input.note === null || input.note === undefined || input.note.trim() === '' ? null : text(input.note, 'note', { max: MODERATION_LIMITS.note });
    const report = await this.repository.findReport(input.reportId);
    if (!report) throw notFound('The report');
    const adapter = this.kinds.get(report.kind);
    const stored = await adapter.collection.findOne({ _id: report.postId });
    const post = stored ? loaded(adapter, stored) : null;
    const staff = post ? await this.isStaff(actor, post, loaders) : report.courseId ? await this.membership.isCourseStaff(actor, report.courseId, loaders) : hasRole(actor, 'ADMIN');
    if (!staff) throw forbidden(STAFF_ONLY);
    if (report.status !== 'OPEN') throw conflict('This report is already resolved.');
    if (post && !post.deleted && input.action === 'HIDE' && !post.hidden) await this.hide(adapter, post, actor.id, note ?? report.reason, loaders);
    if (post && !post.deleted && input.action === 'DELETE') await this.softDelete(adapter, post, actor.id, loaders);
    const event = ReportResolved.build({ reportId: report.reportId, kind: report.kind, postId: report.postId, resolvedBy: actor.id, action: input.action, courseId: report.courseId });
    const resolved = await this.repository.resolveReport(report.reportId, actor.id, input.action, note, event);
    if (!resolved) throw conflict('This report is already resolved.');
    await flushOutbox(this.repository.reports, resolved._id, this.events);
    const { outbox: _pending, ...rest } = resolved;
    return rest;
  }

  /** The post as a report shows it to staff: its text, or null once deleted. */
  async reportedPost(report: PostReportModel): Promise<LoadedPost | null> {
    return this.kinds.load(report.kind, report.postId);
  }

  // ---------------------------------------------------------------- live

  /** The change postChanged delivers, for the post's readers; null for an unknown or malformed id. */
  async postChange(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<PostChangeModel | null> {
    const [change, kind, postId] = id.split(':') as [PostChangeKind, PostKind, string];
    if (!CHANGES.has(change) || !KINDS.has(kind) || !postId) throw badInput('id is not a valid post change id.', 'id');
    checkId(postId, 'id');
    const post = await this.kinds.load(kind, postId);
    if (!post) return null;
    if (!(await this.kinds.readable(post, viewer, loaders, this.membership))) throw forbidden('Only members of where the post lives hear of its changes.');
    return { id, kind, postId, change, courseId: post.courseId };
  }

  /** The post of a change as the viewer may see it now; null when gone for them or of another kind. */
  async changedPost(change: PostChangeModel, kind: PostKind, viewer: Viewer | null, loaders: EngagementLoaders): Promise<StoredPost | null> {
    if (change.kind !== kind) return null;
    const post = await this.kinds.load(kind, change.postId);
    return post && (await this.visible(viewer, post, loaders)) ? post.stored : null;
  }

  // ---------------------------------------------------------------- steps

  private place(post: LoadedPost) {
    return { courseId: post.courseId, ...(post.groupId ? { groupId: post.groupId } : {}), ...(post.conversationId ? { conversationId: post.conversationId } : {}) };
  }

  /**
   * A post the viewer may act on as a reader: unknown, deleted or hidden from them is NOT_FOUND
   * (as a fetch would answer null), not being where it lives is FORBIDDEN.
   */
  private async readablePost(actor: Viewer, adapter: PostAdapter, id: string, loaders: EngagementLoaders): Promise<LoadedPost> {
    const stored = await adapter.collection.findOne({ _id: id });
    if (!stored) throw notFound('The post');
    const post = loaded(adapter, stored);
    if (!(await this.kinds.readable(post, actor, loaders, this.membership))) throw forbidden('Only members of where the post lives can do this.');
    if (!(await this.visible(actor, post, loaders))) throw notFound('The post');
    return post;
  }

  /** A post the viewer moderates: FORBIDDEN unless staff where it lives; a deleted one is NOT_FOUND. */
  private async moderatedPost(actor: Viewer, adapter: PostAdapter, id: string, loaders: EngagementLoaders): Promise<LoadedPost> {
    const stored = await adapter.collection.findOne({ _id: id });
    if (!stored) throw notFound('The post');
    const post = loaded(adapter, stored);
    if (!(await this.isStaff(actor, post, loaders))) throw forbidden(STAFF_ONLY);
    if (post.deleted) throw notFound('The post');
    return post;
  }

  private async hide(adapter: PostAdapter, post: LoadedPost, by: string, reason: string, loaders: EngagementLoaders): Promise<TypedPost> {
    const event = PostHidden.build({ kind: post.kind, postId: post.id, authorId: post.authorId, hiddenBy: by, reason, ...this.place(post) });
    const written = await this.repository.updatePost(
      adapter.collection, post.id, { deletedAt: null, hiddenAt: null }, { hiddenAt: new Date(), hiddenReason: reason, hiddenBy: by }, event,
    );
    // Already hidden (by someone a moment earlier): it stays hidden with its first reason.
    if (!written) {
      const now = await adapter.collection.findOne({ _id: post.id });
      if (!now || now.deletedAt) throw notFound('The post');
      return typed(adapter, now);
    }
    return this.afterWrite(adapter, written, loaders);
  }

  private async softDelete(adapter: PostAdapter, post: LoadedPost, by: string, loaders: EngagementLoaders): Promise<void> {
    const event = PostDeleted.build({ kind: post.kind, postId: post.id, authorId: post.authorId, deletedBy: by, ...this.place(post) });
    // The text is erased, not only hidden: a deleted post is gone for everyone, staff included.
    const erased: Partial<StoredPost> = {
      deletedAt: new Date(), body: '', ...(post.stored.title === undefined ? {} : { title: '' }), ...(post.stored.bodyHtml === undefined ? {} : { bodyHtml: '' }),
    };
    const written = await this.repository.updatePost(adapter.collection, post.id, { deletedAt: null }, erased, event);
    if (!written) throw notFound('The post');
    await this.afterWrite(adapter, written, loaders);
  }

  private async afterWrite(adapter: PostAdapter, written: StoredPost, loaders: EngagementLoaders): Promise<TypedPost> {
    await flushOutbox(adapter.collection, written._id, this.events);
    adapter.forget?.(written._id, loaders);
    const { outbox: _pending, ...stored } = written;
    return typed(adapter, stored);
  }
}

const typed = (adapter: PostAdapter, post: StoredPost): TypedPost => {
  const { outbox: _pending, ...stored } = post;
  return { ...stored, __typename: adapter.typename };
};
