import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { byIds, pageOf, MongoRepository, insertIfAbsent, insertManyIfAbsent, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type {
  CourseCard, CourseDocument, LessonContentDocument, MediaProjection, MemberProjection, PublishedFacets, StoredLesson, StoredSection, SupplementModel,
} from './models.ts';

export const COURSES = 'catalog_courses';
export const COURSE_CARDS = 'catalog_course_cards';
export const FACETS = 'catalog_facets';
export const LESSON_CONTENTS = 'catalog_lesson_contents';
export const MEDIA = 'catalog_media';
export const MEMBERS = 'catalog_members';

/** A member's projection key: membership checks are `_id` lookups. */
export const memberKey = (courseId: string, userId: string) => `${courseId}:${userId}`;

/** Listing is newest first within what the viewer may see; these serve the usual shapes. */
const listingIndexes: CollectionIndexes['indexes'] = [
  { key: { status: 1, _id: -1 }, name: 'status_newest' },
  { key: { instructorId: 1, _id: -1 }, name: 'instructor_newest' },
  { key: { categoryKey: 1, _id: -1 }, name: 'category_newest' },
  { key: { searchTerms: 1 }, name: 'search_terms' },
];

/** A course's card: everything but its long text, its sections and its pending events. */
export function cardOf(course: CourseDocument): CourseCard {
  const { description: _description, sections: _sections, outbox: _outbox, supplements: _supplements, ...card } = course;
  return card;
}

export const catalogIndexes: CollectionIndexes[] = [
  {
    collection: COURSES,
    indexes: [
      { key: { slug: 1 }, name: 'slug_unique', unique: true },
      ...listingIndexes,
      // addLesson knows only the section id, updateLessonContent only the lesson's.
      { key: { 'sections._id': 1 }, name: 'section_id' },
      { key: { 'sections.lessons._id': 1 }, name: 'lesson_id' },
    ],
  },
  // Start-up looks for contents whose course copy of `preview` a crash left behind.
  { collection: LESSON_CONTENTS, indexes: [{ key: { previewSynced: 1 }, name: 'preview_synced' }] },
  { collection: COURSE_CARDS, indexes: listingIndexes },
];

export class SlugTakenError extends Error {}

/** An upsert that lost an insert race to the same upsert (on MongoDB) finds the document the second time. */
async function retryOnDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return write();
  }
}

/**
 * Which courses a query may return: published ones, plus every course of `ownerId`, or
 * everything for `all` (ADMIN).
 */
export type Visibility = { all: true } | { all: false; ownerId: string | null };

export function visibilityFilter(visibility: Visibility): Filter<CourseCard> {
  if (visibility.all) return {};
  if (!visibility.ownerId) return { status: 'PUBLISHED' };
  return { $or: [{ status: 'PUBLISHED' }, { instructorId: visibility.ownerId }] };
}

/** All MongoDB access of the catalog subgraph. */
export class CatalogRepository extends MongoRepository {
  readonly courses = this.db.collection<CourseDocument>(COURSES);
  readonly cards = this.db.collection<CourseCard>(COURSE_CARDS);
  readonly facets = this.db.collection<PublishedFacets>(FACETS);
  readonly contents = this.db.collection<LessonContentDocument>(LESSON_CONTENTS);
  readonly media = this.db.collection<MediaProjection>(MEDIA);
  readonly members = this.db.collection<MemberProjection>(MEMBERS);

  /** Per request: the contents of the lessons a page shows, one query together. */
  contentLoader(): DataLoader<string, LessonContentDocument | null> {
    return new DataLoader(async (ids) => {
      const byId = new Map((await this.contents.find(byIds(ids), { projection: { outbox: 0 } }).toArray()).map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Per request: whether the viewer is an ACTIVE or COMPLETED member of each course asked about. */
  memberLoader(userId: string | null): DataLoader<string, boolean> {
    return new DataLoader(async (courseIds) => {
      if (!userId) return courseIds.map(() => false);
      const found = await this.members.find(byIds(courseIds.map((c) => memberKey(c, userId)))).toArray();
      const members = new Set(found.filter((m) => m.status !== 'CANCELLED').map((m) => m.courseId));
      return courseIds.map((id) => members.has(id));
    });
  }

  /**
   * Per request: every course reference on a page costs one query together. A lone id is an `_id`
   * equality, the one filter the embedded database answers without reading the whole collection.
   */
  courseLoader(): DataLoader<string, CourseDocument | null> {
    return new DataLoader(async (ids) => {
      const found = await this.courses.find(byIds(ids)).toArray();
      const byId = new Map(found.map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Per request: the cards of every course another subgraph refers to on a page, in one query. */
  cardLoader(): DataLoader<string, CourseCard | null> {
    return new DataLoader(async (ids) => {
      const byId = new Map((await this.cards.find(byIds(ids)).toArray()).map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Per request: the courses of every instructor on a page in one query, newest first, at most `cap` each. */
  taughtCoursesLoader(visibility: Visibility, cap: number): DataLoader<string, CourseCard[]> {
    return new DataLoader(async (instructorIds) => {
      const found = await this.cards
        .find({ $and: [{ instructorId: { $in: [...instructorIds] } }, visibilityFilter(visibility)] })
        .sort({ _id: -1 })
        .toArray();
      return instructorIds.map((id) => found.filter((c) => c.instructorId === id).slice(0, cap));
    });
  }

  /**
   * Brings a course's card up to the course as written. Older writes that finish late change
   * nothing (guarded on `version`); a crash before this leaves the card behind until `syncCards`.
   */
  async saveCard(course: CourseDocument): Promise<void> {
    const card = cardOf(course);
    const replaced = await this.cards.replaceOne({ _id: card._id, version: { $lt: card.version } }, card);
    if (replaced.matchedCount === 0) await insertIfAbsent(this.cards, card);
  }

  /** At start-up: cards missing or behind their course (a crash between the two writes, or data from before cards) are rewritten. */
  async syncCards(): Promise<number> {
    const versions = new Map((await this.cards.find({}, { projection: { version: 1 } }).toArray()).map((c) => [c._id, c.version]));
    const behind = (await this.courses.find({}, { projection: { version: 1 } }).toArray()).filter((c) => versions.get(c._id) !== c.version);
    for (const { _id } of behind) {
      const course = await this.courses.findOne({ _id });
      if (course) await this.saveCard(course);
    }
    // A crash may also have come between a card and the facets it changes.
    await this.refreshPublishedFacets();
    return behind.length;
  }

  /**
   * Recomputes the published catalog's categories and count from the cards. The generation is
   * taken before the cards are read, so the recomputation with the highest one saw every card
   * written before it; a lower one finishing later is not written.
   */
  async refreshPublishedFacets(): Promise<void> {
    const ticket = await retryOnDuplicate(() =>
      this.facets.findOneAndUpdate({ _id: 'published' }, { $inc: { generation: 1 } }, { upsert: true, returnDocument: 'after' }));
    const generation = ticket!.generation;
    const published = { status: 'PUBLISHED' } as const;
    const [categories, count] = await Promise.all([this.cards.distinct('category', published) as Promise<string[]>, this.cards.countDocuments(published)]);
    await this.facets.updateOne(
      { _id: 'published', $or: [{ written: { $lt: generation } }, { written: { $exists: false } }] },
      { $set: { categories, count, written: generation } },
    );
  }

  publishedFacets(): Promise<PublishedFacets | null> {
    return this.facets.findOne({ _id: 'published' });
  }

  async insertCourse(course: CourseDocument): Promise<void> {
    try {
      await this.courses.insertOne(course);
    } catch (error) {
      // The _id is a fresh UUID, so the only unique index a new course can hit is the slug's.
      if (isDuplicateKey(error)) throw new SlugTakenError();
      throw error;
    }
  }

  findCourse(id: string): Promise<CourseDocument | null> {
    return this.courses.findOne({ _id: id });
  }

  /** The slug is found among the small cards, then the course by `_id` (no scan of whole courses). */
  async findBySlug(slug: string): Promise<CourseDocument | null> {
    const card = await this.cards.findOne({ slug }, { projection: { _id: 1 } });
    return card ? this.courses.findOne({ _id: card._id }) : null;
  }

  findByLesson(lessonId: string): Promise<CourseDocument | null> {
    return this.courses.findOne({ 'sections.lessons._id': lessonId });
  }

  findContent(lessonId: string): Promise<LessonContentDocument | null> {
    return this.contents.findOne({ _id: lessonId });
  }

  /** The first version of a lesson's content; false when someone else wrote one first. */
  insertContent(content: LessonContentDocument): Promise<boolean> {
    return insertIfAbsent(this.contents, content);
  }

  /**
   * First versions of many lessons' contents in one write (a bulk load); returns the ids written.
   * Unordered, so a lesson someone else wrote first is skipped and the others still go in.
   */
  async insertContents(contents: LessonContentDocument[]): Promise<string[]> {
    const inserted = await insertManyIfAbsent(this.contents, contents);
    return contents.filter((_, i) => inserted[i]).map((c) => c._id);
  }

  /** Whether any of these lessons has content. */
  async anyContent(lessonIds: string[]): Promise<boolean> {
    return lessonIds.length > 0 && (await this.contents.countDocuments(byIds(lessonIds), { limit: 1 })) > 0;
  }

  /** Marks many contents' preview copies done (each at the version it was written at). */
  markPreviewsSynced(lessonIds: string[], version: number): Promise<unknown> {
    return lessonIds.length === 0 ? Promise.resolve() : this.contents.updateMany({ ...byIds(lessonIds), version }, { $set: { previewSynced: true } });
  }

  /** Replaces a lesson's content only if it is still at `version`; null otherwise. */
  replaceContentIfUnchanged(
    lessonId: string, version: number, set: Omit<LessonContentDocument, '_id' | 'courseId' | 'outbox' | 'version'>, event: DomainEvent,
  ): Promise<LessonContentDocument | null> {
    return this.contents.findOneAndUpdate(
      { _id: lessonId, version },
      { $set: set, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /**
   * Copies a content's preview flag into its lesson inside the course. Guarded by where the lesson
   * sits (a reorder may move it): false when it moved, and the caller reads the course again.
   */
  async copyPreview(courseId: string, sectionIndex: number, sectionId: string, lessonIndex: number, lessonId: string, preview: boolean): Promise<boolean> {
    const at = `sections.${sectionIndex}.lessons.${lessonIndex}`;
    const result = await this.courses.updateOne(
      { _id: courseId, [`sections.${sectionIndex}._id`]: sectionId, [`${at}._id`]: lessonId } as never,
      { $set: { [`${at}.preview`]: preview } } as never,
    );
    return result.matchedCount === 1;
  }

  markPreviewSynced(lessonId: string, version: number): Promise<unknown> {
    return this.contents.updateOne({ _id: lessonId, version }, { $set: { previewSynced: true } });
  }

  unsyncedContents(): Promise<Pick<LessonContentDocument, '_id' | 'courseId' | 'preview' | 'version'>[]> {
    return this.contents.find({ previewSynced: false }, { projection: { courseId: 1, preview: 1, version: 1 } }).toArray();
  }

  /** Replaces the sections (a reorder) only if nobody changed the course since `version`; null otherwise. */
  replaceSections(id: string, version: number, sections: StoredSection[], event: DomainEvent): Promise<CourseDocument | null> {
    return this.updateIfUnchanged(id, version, { sections }, event);
  }

  /** Appends supplements (one event each); the version moves by one per supplement, as added one by one. */
  pushSupplements(id: string, version: number, supplements: SupplementModel[], events: DomainEvent[]): Promise<CourseDocument | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version },
      { $push: { supplements: { $each: supplements }, ...pushToOutbox(...events) }, $set: { updatedAt: new Date() }, $inc: { version: supplements.length } } as never,
      { returnDocument: 'after' },
    );
  }

  // ---------------------------------------------------------------- projections

  /** Applies an asset event; one at a log position older than the document's changes nothing. */
  async projectMedia(assetId: string, seq: number, set: Partial<Omit<MediaProjection, '_id' | 'seq'>>): Promise<void> {
    try {
      await this.media.updateOne({ _id: assetId, seq: { $lt: seq } }, { $set: { ...set, seq } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async projectMember(courseId: string, userId: string, status: MemberProjection['status'], seq: number): Promise<void> {
    try {
      await this.members.updateOne({ _id: memberKey(courseId, userId), seq: { $lt: seq } }, { $set: { courseId, userId, status, seq } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  mediaAssets(ids: string[]): Promise<MediaProjection[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.media.find(byIds(ids)).toArray();
  }

  findBySection(sectionId: string): Promise<CourseDocument | null> {
    return this.courses.findOne({ 'sections._id': sectionId });
  }

  /** One page of cards (limit + 1 rows, so the caller knows whether more follow) and the total, counted unless `total` knows it. */
  async page(filter: Filter<CourseCard>, afterId: string | undefined, limit: number, total?: () => Promise<number | null>): Promise<{ rows: CourseCard[]; total: number }> {
    const count = async () => (await total?.()) ?? (await this.cards.countDocuments(filter));
    return pageOf(this.cards, filter, afterId ? { _id: { $lt: afterId } } : null, { _id: -1 }, limit, {}, count);
  }

  async publishedCategories(): Promise<string[]> {
    return (await this.publishedFacets())?.categories ?? ((await this.cards.distinct('category', { status: 'PUBLISHED' })) as string[]);
  }

  /** Applies a change only if nobody changed the course since `version` was read; null otherwise. */
  updateIfUnchanged(id: string, version: number, set: Partial<CourseDocument>, event: DomainEvent): Promise<CourseDocument | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version },
      { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Appends a section at the end; the version guard keeps two racing appends from sharing a position. */
  pushSection(id: string, version: number, section: StoredSection, event: DomainEvent): Promise<CourseDocument | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, version },
      { $push: { sections: section, ...pushToOutbox(event) }, $set: { updatedAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    );
  }

  /** Appends a lesson to the section at `index`, guarded by the version and the section's identity. */
  pushLesson(id: string, version: number, index: number, sectionId: string, lesson: StoredLesson, event: DomainEvent): Promise<CourseDocument | null> {
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
  publish(id: string, publishedAt: Date, event: DomainEvent): Promise<CourseDocument | null> {
    return this.courses.findOneAndUpdate(
      { _id: id, status: { $ne: 'PUBLISHED' }, lessonCount: { $gte: 1 } },
      { $set: { status: 'PUBLISHED', publishedAt, updatedAt: new Date() }, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }
}
