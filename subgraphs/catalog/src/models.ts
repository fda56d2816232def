import type { WithOutbox } from '@lg/platform';
import type { CourseLevel, CourseStatus, LessonKind } from './generated/resolvers-types.ts';

export type { CourseLevel, CourseStatus, LessonKind };

export interface LessonModel {
  _id: string;
  title: string;
  /** 1-based, unique within its section; assigned under the course's version guard. */
  position: number;
  kind: LessonKind;
  durationMinutes: number | null;
}

export interface CourseSectionModel {
  _id: string;
  title: string;
  position: number;
  lessons: LessonModel[];
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
  sections: CourseSectionModel[];
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
export type CourseCard = Omit<CourseDocument, 'description' | 'sections' | 'outbox'>;

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
