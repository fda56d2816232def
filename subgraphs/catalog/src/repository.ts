import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { MongoRepository, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { CourseModel, CourseSectionModel, LessonModel } from './models.ts';

export const COURSES = 'catalog_courses';

export const catalogIndexes: CollectionIndexes[] = [
  {
    collection: COURSES,
    indexes: [
      { key: { slug: 1 }, name: 'slug_unique', unique: true },
      // Listing is newest first within what the viewer may see; these serve the usual shapes.
      { key: { status: 1, _id: -1 }, name: 'status_newest' },
      { key: { instructorId: 1, _id: -1 }, name: 'instructor_newest' },
      { key: { categoryKey: 1, _id: -1 }, name: 'category_newest' },
      { key: { searchTerms: 1 }, name: 'search_terms' },
      // addLesson knows only the section id.
      { key: { 'sections._id': 1 }, name: 'section_id' },
    ],
  },
];

export class SlugTakenError extends Error {}

/**
 * Which courses a query may return: published ones, plus every course of `ownerId`, or
 * everything for `all` (ADMIN).
 */
export type Visibility = { all: true } | { all: false; ownerId: string | null };

export function visibilityFilter(visibility: Visibility): Filter<CourseModel> {
  if (visibility.all) return {};
  if (!visibility.ownerId) return { status: 'PUBLISHED' };
  return { $or: [{ status: 'PUBLISHED' }, { instructorId: visibility.ownerId }] };
}

/** All MongoDB access of the catalog subgraph. */
export class CatalogRepository extends MongoRepository {
  readonly courses = this.db.collection<CourseModel>(COURSES);

  /** Per request: every course reference on a page costs one query together. */
  courseLoader(): DataLoader<string, CourseModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.courses.find({ _id: { $in: [...ids] } }).toArray();
      const byId = new Map(found.map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Per request: the courses of every instructor on a page in one query, newest first, at most `cap` each. */
  taughtCoursesLoader(visibility: Visibility, cap: number): DataLoader<string, CourseModel[]> {
    return new DataLoader(async (instructorIds) => {
      const found = await this.courses
        .find({ $and: [{ instructorId: { $in: [...instructorIds] } }, visibilityFilter(visibility)] })
        .sort({ _id: -1 })
        .toArray();
      return instructorIds.map((id) => found.filter((c) => c.instructorId === id).slice(0, cap));
    });
  }

  async insertCourse(course: CourseModel): Promise<void> {
    try {
      await this.courses.insertOne(course);
    } catch (error) {
      // The _id is a fresh UUID, so the only unique index a new course can hit is the slug's.
      if (isDuplicateKey(error)) throw new SlugTakenError();
      throw error;
    }
  }

  findCourse(id: string): Promise<CourseModel | null> {
    return this.courses.findOne({ _id: id });
  }

  findBySlug(slug: string): Promise<CourseModel | null> {
    return this.courses.findOne({ slug });
  }

  findBySection(sectionId: string): Promise<CourseModel | null> {
    return this.courses.findOne({ 'sections._id': sectionId });
  }

  /** One page (limit + 1 rows, so the caller knows whether more follow) and the total. */
  async page(filter: Filter<CourseModel>, afterId: string | undefined, limit: number): Promise<{ rows: CourseModel[]; total: number }> {
    const pageFilter: Filter<CourseModel> = afterId ? { $and: [filter, { _id: { $lt: afterId } }] } : filter;
    const [rows, total] = await Promise.all([
      limit === 0 ? Promise.resolve([]) : this.courses.find(pageFilter).sort({ _id: -1 }).limit(limit).toArray(),
      this.courses.countDocuments(filter),
    ]);
    return { rows, total };
  }

  async publishedCategories(): Promise<string[]> {
    return (await this.courses.distinct('category', { status: 'PUBLISHED' })) as string[];
  }

  /** Applies a change only if nobody changed the course since `version` was read; null otherwise. */
  updateIfUnchanged(id: string, version: number, set: Partial<CourseModel>, event: DomainEvent): Promise<CourseModel | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version },
      { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Appends a section at the end; the version guard keeps two racing appends from sharing a position. */
  pushSection(id: string, version: number, section: CourseSectionModel, event: DomainEvent): Promise<CourseModel | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version },
      { $push: { sections: section, ...pushToOutbox(event) }, $set: { updatedAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    );
  }

  /** Appends a lesson to the section at `index`, guarded by the version and the section's identity. */
  pushLesson(id: string, version: number, index: number, sectionId: string, lesson: LessonModel, event: DomainEvent): Promise<CourseModel | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version, [`sections.${index}._id`]: sectionId },
      {
        $push: { [`sections.${index}.lessons`]: lesson, ...pushToOutbox(event) },
        $set: { updatedAt: new Date() },
        $inc: { version: 1, lessonCount: 1 },
      } as never,
      { returnDocument: 'after' },
    );
  }

  /** DRAFT (or ARCHIVED) to PUBLISHED, only with at least one lesson; null when that does not hold. */
  publish(id: string, publishedAt: Date, event: DomainEvent): Promise<CourseModel | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, status: { $ne: 'PUBLISHED' }, lessonCount: { $gte: 1 } },
      { $set: { status: 'PUBLISHED', publishedAt, updatedAt: new Date() }, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }
}
