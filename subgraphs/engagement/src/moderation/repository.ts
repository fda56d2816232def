import type { Collection, Filter } from 'mongodb';
import { MongoRepository, insertIfAbsent, pageOf, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { CourseProjection, Moderated, PostReportModel, ReportAction } from '../models.ts';
import { COURSES, type Authored } from '../repository.ts';
import { TEACHING_ASSISTANTS } from '../threads/repository.ts';

export const POST_REPORTS = 'engagement_post_reports';

export const moderationIndexes: CollectionIndexes[] = [
  {
    collection: POST_REPORTS,
    indexes: [
      // The queue: a course's (or every course's, for ADMIN) reports of one status, newest first.
      { key: { courseId: 1, status: 1, reportId: -1 }, name: 'course_status_newest' },
      { key: { status: 1, reportId: -1 }, name: 'status_newest' },
      { key: { reportId: 1 }, name: 'report_id', unique: true },
      // The reporter's recent reports, for the rate limit.
      { key: { reporterId: 1, createdAt: -1 }, name: 'reporter_recent' },
    ],
  },
  // The queue of an instructor asking without a course: the courses they teach (a teaching
  // assistant's: threads' `user` index of engagement_teaching_assistants).
  { collection: COURSES, indexes: [{ key: { instructorId: 1 }, name: 'instructor' }] },
];

/** What moderation reads and writes of any post kind's stored document. */
export type StoredPost = Moderated & { _id: string; authorId: string; body: string; bodyHtml?: string; title?: string; courseId?: string | null; outbox?: DomainEvent[] };

/**
 * Who sees hidden posts in a list: staff see them all, anyone else only their own. Deleted posts
 * are in no list. Posts from before moderation lack the fields, which `null` also matches.
 */
export function visiblePostsFilter(viewerId: string | null, staff: boolean): Filter<Authored> {
  if (staff) return { deletedAt: null };
  return { deletedAt: null, $or: [{ hiddenAt: null }, ...(viewerId ? [{ authorId: viewerId }] : [])] };
}

/** MongoDB access of moderation: its reports, and the moderation fields of each kind's posts. */
export class ModerationRepository extends MongoRepository {
  readonly reports = this.db.collection<PostReportModel>(POST_REPORTS);

  /** The courses the user teaches: as their instructor (course projection) or a teaching assistant. */
  async coursesStaffedBy(userId: string): Promise<string[]> {
    const [courses, assisted] = await Promise.all([
      this.db.collection<CourseProjection>(COURSES).find({ instructorId: userId }, { projection: { _id: 1 } }).toArray(),
      this.db.collection<{ _id: string; courseId: string }>(TEACHING_ASSISTANTS).find({ userId }, { projection: { courseId: 1 } }).toArray(),
    ]);
    return [...new Set([...courses.map((c) => c._id), ...assisted.map((a) => a.courseId)])];
  }

  findPost(collection: Collection<StoredPost>, id: string): Promise<StoredPost | null> {
    return collection.findOne({ _id: id });
  }

  /**
   * Changes a post only while it is as `expected` says (not deleted, by its author, not hidden…),
   * with the change's event in its outbox; null when it no longer is.
   */
  updatePost(collection: Collection<StoredPost>, id: string, expected: Filter<StoredPost>, set: Partial<StoredPost>, event: DomainEvent): Promise<StoredPost | null> {
    return collection.findOneAndUpdate(
      { $and: [{ _id: id }, expected] },
      { $set: set, $push: pushToOutbox(event) },
      // No projection: FerretDB 1.24's findAndModify does not take one.
      { returnDocument: 'after' },
    );
  }

  /** False when this reporter already reported this post (`_id` is the pair). */
  insertReport(report: PostReportModel): Promise<boolean> {
    return insertIfAbsent(this.reports, report);
  }

  findReport(reportId: string): Promise<PostReportModel | null> {
    return this.reports.findOne({ reportId });
  }

  countReportsSince(reporterId: string, since: Date): Promise<number> {
    return this.reports.countDocuments({ reporterId, createdAt: { $gte: since } });
  }

  /** `courseIds` null: every course's (ADMIN). Newest first. */
  reportsPage(courseIds: string[] | null, status: 'OPEN' | 'RESOLVED', beforeReportId: string | undefined, limit: number) {
    const filter: Filter<PostReportModel> = courseIds === null ? { status } : { courseId: { $in: courseIds }, status };
    return pageOf(this.reports, filter, beforeReportId ? { reportId: { $lt: beforeReportId } } : null, { reportId: -1 }, limit);
  }

  /** Resolves a report still open, with its event; null when someone resolved it first. */
  resolveReport(reportId: string, resolvedBy: string, action: ReportAction, note: string | null, event: DomainEvent): Promise<PostReportModel | null> {
    return this.reports.findOneAndUpdate(
      { reportId, status: 'OPEN' },
      { $set: { status: 'RESOLVED', resolvedAt: new Date(), resolvedBy, resolution: action, note }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }
}
