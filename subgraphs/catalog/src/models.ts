import type { WithOutbox } from '@lg/platform';
import type { CourseLevel, CourseStatus, LessonKind, SupplementKind } from './generated/resolvers-types.ts';

export type { CourseLevel, CourseStatus, LessonKind, SupplementKind };

/** A lesson as stored inside its course. */
export interface StoredLesson {
  _id: string;
  title: string;
  /** 1-based, unique within its section; assigned under the course's version guard. */
  position: number;
  kind: LessonKind;
  durationMinutes: number | null;
  /**
   * A copy of its content's preview flag (the content document is the truth), so that a course
   * page shows which lessons are open without reading their bodies. Absent means false.
   */
  preview?: boolean;
}

export interface StoredSection {
  _id: string;
  title: string;
  position: number;
  lessons: StoredLesson[];
}

/** Who a lesson's rules ask about: the course it belongs to, carried from the course it was read in. */
export interface OwningCourse {
  courseId: string;
  instructorId: string;
}

export type LessonModel = StoredLesson & OwningCourse;
export type CourseSectionModel = StoredSection & OwningCourse;

/** An instructor-curated book, document, slide deck, video, link or file; embedded in its course (at most 50). */
export interface SupplementModel {
  _id: string;
  kind: SupplementKind;
  title: string;
  url: string | null;
  youtubeId: string | null;
  fileId: string | null;
  public: boolean;
  addedAt: Date;
}

/**
 * A lesson's body and media, one document per lesson (`_id`: the lesson's id), apart from its
 * course: bodies are long, and a course page must not read them. Its own `version` guards its
 * writes; its events leave through its own outbox.
 */
export interface LessonContentDocument extends WithOutbox {
  _id: string;
  courseId: string;
  bodyMarkdown: string;
  bodyHtml: string;
  mediaIds: string[];
  videoId: string | null;
  captionIds: string[];
  preview: boolean;
  version: number;
  /** False from the write until the course's copy of `preview` matches; start-up finishes what a crash left. */
  previewSynced: boolean;
  updatedAt: Date;
}

/** What Lesson.content resolves from: the stored content, or an empty one (version 0) for a lesson never written. */
export type LessonContentModel = Omit<LessonContentDocument, 'outbox' | 'previewSynced'> | (Omit<LessonContentDocument, 'outbox' | 'previewSynced' | 'updatedAt'> & { updatedAt: null });

/** What media told the event log about an asset (projection of MediaAsset* events); catalog checks attachments against it. */
export interface MediaProjection {
  _id: string;
  purpose: string;
  kind: string;
  courseId: string | null;
  ownerId: string;
  status: 'UPLOADING' | 'READY' | 'FAILED';
  durationSeconds: number | null;
  seq: number;
}

/** Projection of learning's events, keyed `<courseId>:<userId>` so a membership check is an `_id` lookup. */
export interface MemberProjection {
  _id: string;
  courseId: string;
  userId: string;
  status: 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
  seq: number;
}

/**
 * One course is one aggregate: its sections and lessons are embedded, so every change is a
 * single-document write and needs no transaction.
 */
export interface CourseDocument extends WithOutbox {
  _id: string;
  /** Derived from the title at creation and never changed, so links keep working. */
  slug: string;
  title: string;
  summary: string;
  description: string;
  category: string;
  /** The category normalised for case- and accent-insensitive filtering. */
  categoryKey: string;
  level: CourseLevel;
  tags: string[];
  instructorId: string;
  priceCents: number;
  currency: string;
  status: CourseStatus;
  sections: StoredSection[];
  /** A COURSE_COVER image asset (media serves it); absent or null for none. */
  coverImageId?: string | null;
  /** Absent on courses from before supplements. */
  supplements?: SupplementModel[];
  /** Kept beside the sections so that publishing can be guarded on it in the update filter. */
  lessonCount: number;
  /** Normalised tokens and their prefixes (see search.ts); the only thing search queries. */
  searchTerms: string[];
  /** Bumped by every change; writes that assign positions are conditional on it. */
  version: number;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A course's list fields, kept in their own small documents: the embedded database reads and
 * converts every document of a collection it filters, and a card costs a fraction of a whole course
 * (sections and lessons embedded). Written after each change of the course, guarded on `version`.
 */
export type CourseCard = Omit<CourseDocument, 'description' | 'sections' | 'outbox' | 'supplements'>;

/** A course as its resolvers get it: the whole aggregate, or its card when it came from a list. */
export type CourseModel = CourseDocument | CourseCard;

/**
 * What the whole published catalog shows, kept in one document read by `_id`: the categories
 * screen and the unfiltered catalog's total would otherwise each read every card. Recomputed after
 * each change that can alter them; `generation` orders the recomputations so that an older one
 * finishing late cannot overwrite a newer one (`written`).
 */
export interface PublishedFacets {
  _id: 'published';
  categories: string[];
  count: number;
  generation: number;
  written?: number;
}

/** A MediaAsset as catalog knows it: a reference media resolves. */
export interface MediaAssetModel {
  __typename?: 'MediaAsset';
  id: string;
}

/** A User as catalog knows it: a reference that identity resolves. */
export interface UserModel {
  __typename?: 'User';
  id: string;
}

export interface CourseEdgeModel {
  cursor: string;
  node: CourseModel;
}

export interface CourseConnectionModel {
  edges: CourseEdgeModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
