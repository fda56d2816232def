import type { Db } from 'mongodb';
import DataLoader from 'dataloader';
import { byIds, insertIfAbsent, pageOf, type CollectionIndexes } from '@lg/platform';
import type { AnswerModel, BookmarkModel, QuestionModel } from '../models.ts';
import { ANSWERS, QUESTIONS } from '../repository.ts';

export const BOOKMARKS = 'engagement_bookmarks';

export const bookmarkIndexes: CollectionIndexes[] = [
  { collection: BOOKMARKS, indexes: [{ key: { userId: 1, _id: -1 }, name: 'owner' }, { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'owner_newest' }] },
  // myQuestions and myAnswers: an author's own, newest first (`_id` is UUID v7: time order).
  { collection: QUESTIONS, indexes: [{ key: { authorId: 1, _id: -1 }, name: 'author_newest' }] },
  { collection: ANSWERS, indexes: [{ key: { authorId: 1, _id: -1 }, name: 'author_newest' }] },
];

export const bookmarkId = (userId: string, kind: string, postId: string) => `${userId}:${kind}:${postId}`;

/** The MongoDB access of bookmarks and of a user's own questions and answers. */
export class BookmarksRepository {
  readonly bookmarks;
  readonly questions;
  readonly answers;

  constructor(db: Db) {
    this.bookmarks = db.collection<BookmarkModel>(BOOKMARKS);
    this.questions = db.collection<QuestionModel>(QUESTIONS);
    this.answers = db.collection<AnswerModel>(ANSWERS);
  }

  /** Whether `userId` bookmarked each post, keyed `<kind>:<postId>`. */
  bookmarkedLoader(userId: string): DataLoader<string, boolean> {
    return new DataLoader(async (keys) => {
      const found = await this.bookmarks.find(byIds(keys.map((k) => `${userId}:${k}`)), { projection: { _id: 1 } }).toArray();
      const set = new Set(found.map((b) => b._id));
      return keys.map((k) => set.has(`${userId}:${k}`));
    });
  }

  /** False when it was there already. */
  add(bookmark: BookmarkModel): Promise<boolean> {
    return insertIfAbsent(this.bookmarks, bookmark);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.bookmarks.deleteOne({ _id: id })).deletedCount === 1;
  }

  find(id: string): Promise<BookmarkModel | null> {
    return this.bookmarks.findOne({ _id: id });
  }

  /** Newest first: `_id` does not sort by time here, so by createdAt then id. */
  page(userId: string, after: { at: Date; id: string } | undefined, limit: number) {
    const next = after ? { $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, _id: { $lt: after.id } }] } : null;
    return pageOf(this.bookmarks, { userId }, next, { userId: 1, createdAt: -1, _id: -1 }, limit);
  }

  questionsBy(authorId: string, afterId: string | undefined, limit: number) {
    return pageOf(this.questions, { authorId }, afterId ? { _id: { $lt: afterId } } : null, { authorId: 1, _id: -1 }, limit);
  }

  answersBy(authorId: string, afterId: string | undefined, limit: number) {
    return pageOf(this.answers, { authorId }, afterId ? { _id: { $lt: afterId } } : null, { authorId: 1, _id: -1 }, limit);
  }
}
