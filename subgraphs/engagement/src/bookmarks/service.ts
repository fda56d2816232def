import type DataLoader from 'dataloader';
import {
  afterId, connectionOf, decodeCursor, invalidCursor, isId, flushAllOutboxes, flushOutbox, idCursor, notFound, pageSize, signedIn, timeIdCursor,
  type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { BookmarkChanged } from '@lg/events';
import { checkId } from '../inputs.ts';
import type { AnswerModel, BookmarkModel, PostKind, QuestionModel, ThreadModel } from '../models.ts';
import type { EngagementLoaders } from '../services/membership.ts';
import type { QuestionsService } from '../services/questions.ts';
import { bookmarkTarget } from '../threads/inputs.ts';
import type { ThreadsService } from '../threads/service.ts';
import { bookmarkId, type BookmarksRepository } from './repository.ts';

/**
 * A user's bookmarks of questions and threads they can see, and their own questions and answers.
 * Visibility is asked of the Q&A and threads services, so a bookmark never shows more than the post does.
 */
export class BookmarksService {
  private readonly perRequest = new WeakMap<EngagementLoaders, DataLoader<string, boolean>>();

  constructor(
    private readonly repository: BookmarksRepository,
    private readonly events: EventLog,
    private readonly questions: QuestionsService,
    private readonly threads: ThreadsService,
  ) {}

  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.bookmarks, this.events);
  }

  /** The post as the viewer may see it: FORBIDDEN outside its course, NOT_FOUND when missing or hidden from them. */
  private async post(viewer: Viewer, kind: 'QUESTION' | 'THREAD', id: string, loaders: EngagementLoaders): Promise<QuestionModel | ThreadModel> {
    const post = kind === 'QUESTION' ? await this.questions.question(viewer, id, loaders) : await this.threads.thread(viewer, id, loaders);
    if (!post) throw notFound(kind === 'QUESTION' ? 'The question' : 'The thread');
    return post;
  }

  async bookmark(viewer: Viewer | null, kindInput: PostKind, id: string, loaders: EngagementLoaders): Promise<BookmarkModel> {
    const actor = signedIn(viewer);
    const kind = bookmarkTarget(kindInput);
    checkId(id, 'id');
    const post = await this.post(actor, kind, id, loaders);
    const _id = bookmarkId(actor.id, kind, id);
    const added = await this.repository.add({
      _id, userId: actor.id, kind, postId: id, courseId: post.courseId, createdAt: new Date(),
      outbox: [BookmarkChanged.build({ kind, postId: id, courseId: post.courseId, userId: actor.id, bookmarked: true })],
    });
    if (added) await flushOutbox(this.repository.bookmarks, _id, this.events);
    const stored = await this.repository.find(_id);
    if (!stored) throw notFound('The bookmark');
    const { outbox: _pending, ...bookmark } = stored;
    this.loader(actor, loaders)?.clear(`${kind}:${id}`);
    return bookmark;
  }

  /** Needs no sight of the post: a user can always drop their own bookmark. */
  async unbookmark(viewer: Viewer | null, kindInput: PostKind, id: string, loaders: EngagementLoaders): Promise<boolean> {
    const actor = signedIn(viewer);
    const kind = bookmarkTarget(kindInput);
    checkId(id, 'id');
    const _id = bookmarkId(actor.id, kind, id);
    const existing = await this.repository.find(_id);
    if (!existing || !(await this.repository.remove(_id))) return false;
    // The document is gone with its outbox: logged right after (only caches read it).
    await this.events.append([BookmarkChanged.build({ kind, postId: id, courseId: existing.courseId, userId: actor.id, bookmarked: false })]);
    this.loader(actor, loaders)?.clear(`${kind}:${id}`);
    return true;
  }

  async myBookmarks(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<Connection<BookmarkModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const { rows, total } = await this.repository.page(actor.id, afterBookmark(after), size + 1);
    return connectionOf(rows, size, total, (b) => timeIdCursor(b.createdAt, b._id));
  }

  /** The post, or null once the viewer can no longer see it. */
  async target(viewer: Viewer | null, bookmark: BookmarkModel, loaders: EngagementLoaders): Promise<(QuestionModel | ThreadModel) | null> {
    return bookmark.kind === 'QUESTION'
      ? this.questions.questionReference(viewer, bookmark.postId, loaders)
      : this.threads.threadReference(viewer, bookmark.postId, loaders);
  }

  async viewerBookmarked(viewer: Viewer | null, kind: 'QUESTION' | 'THREAD', id: string, loaders: EngagementLoaders): Promise<boolean> {
    return (await this.loader(viewer, loaders)?.load(`${kind}:${id}`)) ?? false;
  }

  async myQuestions(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<Connection<QuestionModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const { rows, total } = await this.repository.questionsBy(actor.id, afterId(after), size + 1);
    return connectionOf(rows, size, total, (q) => idCursor(q._id));
  }

  async myAnswers(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<Connection<AnswerModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const { rows, total } = await this.repository.answersBy(actor.id, afterId(after), size + 1);
    return connectionOf(rows, size, total, (a) => idCursor(a._id));
  }

  private loader(viewer: Viewer | null, loaders: EngagementLoaders): DataLoader<string, boolean> | null {
    if (!viewer) return null;
    let found = this.perRequest.get(loaders);
    if (!found) this.perRequest.set(loaders, (found = this.repository.bookmarkedLoader(viewer.id)));
    return found;
  }
}

/**
 * Where a page of bookmarks goes on from: a time and a bookmark's id, which is `<user>:<kind>:<post>`
 * (bookmarkId), not a bare id as afterTimeAndId expects.
 */
function afterBookmark(cursor: string | null | undefined): { at: Date; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const at = typeof key[0] === 'string' ? new Date(key[0]) : new Date(Number.NaN);
  const parts = typeof key[1] === 'string' ? key[1].split(':') : [];
  if (Number.isNaN(at.getTime()) || parts.length !== 3 || !isId(parts[0]!) || !isId(parts[2]!)) throw invalidCursor();
  return { at, id: key[1] as string };
}
