import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual as isEqual } from 'node:util';
import type DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import {
  afterId, badInput, conflict, flushOutbox, forbidden, hasRole, isId, isOwnerOrAdmin, newId, notFound, pageSize, retryOnConflict,
  searchFilter, searchTermsOf, signedIn, textKey, toConnection, withAnyRole, type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import {
  LIMITS, checkId, expectedVersion, reorderedSections, validateCreate, validateFilter, validateLesson, validatePartTitle, validateUpdate,
  type AddLessonInput, type CourseFilter, type CreateCourseInput, type ImportedSection, type ReorderCourseInput, type UpdateCourseInput,
} from './inputs.ts';
import { courseCreated, coursePublished, courseReordered, courseSectionAdded, courseUpdated, lessonAdded } from './events.ts';
import type { CourseCard, CourseDocument, CourseModel, CourseSectionModel, LessonModel, StoredLesson, StoredSection } from './models.ts';
import type { CourseAccess } from './services/access.ts';
import type { ContentLoaders } from './services/content.ts';
import { SlugTakenError, visibilityFilter, type CatalogRepository, type Visibility } from './repository.ts';
import { slugify } from './slug.ts';

const SLUG_ATTEMPTS = 5;

export interface CatalogLoaders extends ContentLoaders {
  course: DataLoader<string, CourseDocument | null>;
  card: DataLoader<string, CourseCard | null>;
  taughtCourses: DataLoader<string, CourseCard[]>;
}

const SEARCHED = ['title', 'summary', 'category', 'tags'] as const;
const searchTextOf = (c: Pick<CourseDocument, 'title' | 'summary' | 'category' | 'tags'>) => [c.title, c.summary, c.category, ...c.tags];
/** A published course's status or category changing alters what the published catalog lists. */
const changesPublishedFacets = (before: CourseDocument, after: CourseDocument) =>
  (before.status === 'PUBLISHED' || after.status === 'PUBLISHED') && (before.status !== after.status || before.category !== after.category);
const byPosition = <T extends { position: number }>(items: T[]): T[] => [...items].sort((a, b) => a.position - b.position);
/** A stored section or lesson with the course it was read in, which the rules of its fields ask about. */
const inCourse = <T extends StoredSection | StoredLesson>(item: T, course: CourseModel) => ({ ...item, courseId: course._id, instructorId: course.instructorId });
const sectionIn = (section: StoredSection, course: CourseModel): CourseSectionModel => inCourse(section, course);

/** Catalog's use cases and rules; resolvers only translate to and from GraphQL. */
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly events: EventLog,
    private readonly access: CourseAccess,
  ) {}

  /** Per request, because what a viewer may see is part of what the loaders fetch. */
  loaders(viewer: Viewer | null): CatalogLoaders {
    return {
      course: this.repository.courseLoader(), card: this.repository.cardLoader(), taughtCourses: this.repository.taughtCoursesLoader(this.visibility(viewer), LIMITS.taughtCourses),
      ...this.access.loaders(viewer), content: this.repository.contentLoader(),
    };
  }

  // ---------------------------------------------------------------- reading

  /** Drafts (and archived courses) are seen by their instructor and ADMIN only. */
  canSee(course: CourseModel, viewer: Viewer | null): boolean {
    return course.status === 'PUBLISHED' || this.canManage(course, viewer);
  }

  async course(viewer: Viewer | null, id: string, loaders: CatalogLoaders = this.loaders(viewer)): Promise<CourseDocument | null> {
    checkId(id, 'id');
    return this.visible(await loaders.course.load(id), viewer);
  }

  /**
   * For `_entities`: another subgraph's reference, as its card (lists of references rarely ask for
   * sections); a bad id there is simply not a course.
   */
  async courseReference(viewer: Viewer | null, id: string, loaders: CatalogLoaders): Promise<CourseCard | null> {
    return isId(id) ? this.visible(await loaders.card.load(id), viewer) : null;
  }

  async courseBySlug(viewer: Viewer | null, slug: string): Promise<CourseDocument | null> {
    if (slug.length > LIMITS.slug) throw badInput(`slug must be at most ${LIMITS.slug} characters.`, 'slug');
    return this.visible(await this.repository.findBySlug(slug.trim().toLowerCase()), viewer);
  }

  async courses(viewer: Viewer | null, filter: CourseFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<CourseCard>> {
    const size = pageSize(first);
    const from = afterId(after);
    const f = validateFilter(filter);
    const clauses: Filter<CourseCard>[] = [visibilityFilter(this.visibility(viewer))];
    if (f.category != null) clauses.push({ categoryKey: textKey(f.category) });
    if (f.level != null) clauses.push({ level: f.level });
    if (f.instructorId != null) clauses.push({ instructorId: f.instructorId });
    if (f.freeOnly) clauses.push({ priceCents: 0 });
    const matching = searchFilter(f.search);
    if (matching) clauses.push(matching);
    const query = clauses.filter((c) => Object.keys(c).length > 0);
    const where = query.length === 0 ? {} : query.length === 1 ? query[0]! : { $and: query };
    // The whole published catalog (what anonymous visitors browse) has its total kept.
    const kept = isEqual(where, { status: 'PUBLISHED' }) ? async () => (await this.repository.publishedFacets())?.count ?? null : undefined;
    const { rows, total } = await this.repository.page(where, from, size + 1, kept);
    return toConnection(rows, size, total, (c) => [c._id]);
  }

  /** Distinct categories of published courses, alphabetically, one spelling per category; the first 100. */
  async categories(): Promise<string[]> {
    // Among spellings of one category, code-unit order puts the capitalised one first: it is kept.
    const sorted = (await this.repository.publishedCategories())
      .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0));
    const seen = new Set<string>();
    return sorted.filter((c) => !seen.has(textKey(c)) && Boolean(seen.add(textKey(c)))).slice(0, LIMITS.categories);
  }

  taughtCourses(userId: string, loaders: CatalogLoaders): Promise<CourseCard[]> {
    return loaders.taughtCourses.load(userId);
  }

  async description(course: CourseModel, loaders: CatalogLoaders): Promise<string> {
    return (await this.whole(course, loaders))?.description ?? '';
  }

  async sections(course: CourseModel, loaders: CatalogLoaders): Promise<CourseSectionModel[]> {
    return byPosition((await this.whole(course, loaders))?.sections ?? []).map((s) => sectionIn(s, course));
  }

  lessons(section: CourseSectionModel): LessonModel[] {
    return byPosition(section.lessons).map((l) => ({ ...l, courseId: section.courseId, instructorId: section.instructorId }));
  }

  /** Course.lesson(id): null for an id the course has no lesson of (a malformed one included). */
  async lesson(course: CourseModel, lessonId: string, loaders: CatalogLoaders): Promise<LessonModel | null> {
    if (!isId(lessonId)) return null;
    const found = (await this.whole(course, loaders))?.sections.flatMap((s) => s.lessons).find((l) => l._id === lessonId);
    return found ? inCourse(found, course) : null;
  }

  /** For `_entities` (Enrollment.resumeLesson): the lesson of a course the viewer may see. */
  async lessonReference(viewer: Viewer | null, ref: { id: string; courseId: string }, loaders: CatalogLoaders): Promise<LessonModel | null> {
    if (!isId(ref.courseId)) return null;
    const course = this.visible(await loaders.course.load(ref.courseId), viewer);
    return course ? this.lesson(course, ref.id, loaders) : null;
  }

  // ---------------------------------------------------------------- writing

  /** INSTRUCTOR or ADMIN; the viewer becomes the instructor of a new DRAFT. */
  createCourse(viewer: Viewer | null, input: CreateCourseInput): Promise<CourseDocument> {
    return this.insertNew(viewer, input, [], false);
  }

  /**
   * The seed's bulk load: a new course with its sections and lessons, published if asked, in one
   * write whose outbox holds the very events that createCourse, addCourseSection, addLesson and
   * publishCourse one by one would log, in that order, so every consumer ends in the same state.
   */
  importCourse(viewer: Viewer | null, input: CreateCourseInput, sections: ImportedSection[], options: { publish: boolean }): Promise<CourseDocument> {
    return this.insertNew(viewer, input, sections, options.publish);
  }

  private async insertNew(viewer: Viewer | null, input: CreateCourseInput, sections: ImportedSection[], publish: boolean): Promise<CourseDocument> {
    const actor = withAnyRole(viewer, ['INSTRUCTOR', 'ADMIN'], 'Only an INSTRUCTOR or ADMIN can create courses.');
    const fields = validateCreate(input);
    if (sections.length > LIMITS.sections) throw badInput(`A course may have at most ${LIMITS.sections} sections.`, 'sections');
    const parts: StoredSection[] = sections.map((section, i) => {
      if (section.lessons.length > LIMITS.lessonsPerSection) throw badInput(`A section may have at most ${LIMITS.lessonsPerSection} lessons.`, 'lessons');
      const lessons = section.lessons.map((lesson, j): StoredLesson => ({ _id: newId(), ...validateLesson(lesson), position: j + 1 }));
      return { _id: newId(), title: validatePartTitle(section.title), position: i + 1, lessons };
    });
    const lessonCount = parts.reduce((n, s) => n + s.lessons.length, 0);
    if (publish && lessonCount < 1) throw badInput('A course needs at least one lesson before it can be published.', 'sections');
    const now = new Date();
    const id = newId();
    const owner = { courseId: id, instructorId: actor.id, status: 'DRAFT', by: actor.id } as const;
    const data = { ...owner, title: fields.title, category: fields.category, tags: fields.tags, level: fields.level, priceCents: fields.priceCents, currency: fields.currency };
    let added = 0;
    const structure = parts.flatMap((section) => [
      courseSectionAdded({ ...owner, sectionId: section._id, title: section.title, position: section.position }),
      ...section.lessons.map((lesson) => lessonAdded({
        ...owner, sectionId: section._id, lessonId: lesson._id, title: lesson.title, kind: lesson.kind, durationMinutes: lesson.durationMinutes,
        position: lesson.position, lessonCount: (added += 1),
      })),
    ]);
    const base = slugify(fields.title);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt += 1) {
      // On a taken slug, a short random suffix; the title's words stay readable in front.
      const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
      const outbox = [courseCreated({ ...data, slug }), ...structure];
      if (publish) {
        outbox.push(coursePublished({
          ...owner, status: 'PUBLISHED', title: fields.title, slug, priceCents: fields.priceCents, currency: fields.currency, publishedAt: now, lessonCount,
          lessons: parts.flatMap((s) => s.lessons.map((l) => ({ lessonId: l._id, sectionId: s._id }))),
        }));
      }
      const course: CourseDocument = {
        _id: id, slug, ...fields, categoryKey: textKey(fields.category), instructorId: actor.id, status: publish ? 'PUBLISHED' : 'DRAFT',
        sections: parts, lessonCount, searchTerms: searchTermsOf(searchTextOf(fields)), version: outbox.length - 1,
        publishedAt: publish ? now : null, createdAt: now, updatedAt: now, outbox,
      };
      try {
        await this.repository.insertCourse(course);
      } catch (error) {
        if (error instanceof SlugTakenError) continue;
        throw error;
      }
      await this.repository.saveCard(course);
      if (publish) await this.repository.refreshPublishedFacets();
      await flushOutbox(this.repository.courses, id, this.events);
      const { outbox: _pending, ...stored } = course;
      return stored;
    }
    throw conflict('Could not find a free slug for this title; try a slightly different title.');
  }

  /** Its instructor or ADMIN. The slug stays as it was, so published links keep working. */
  async updateCourse(viewer: Viewer | null, id: string, input: UpdateCourseInput): Promise<CourseDocument> {
    checkId(id, 'id');
    return this.change(viewer, id, (current) => {
      if (input.expectedVersion != null && input.expectedVersion !== current.version) {
        throw conflict(`The course was changed since you read it (it is now at version ${current.version}); read it again and reapply your changes.`);
      }
      const set = validateUpdate(input);
      const next = { ...current, ...set };
      const derived = {
        ...(set.category !== undefined ? { categoryKey: textKey(next.category) } : {}),
        ...(SEARCHED.some((field) => field in set) ? { searchTerms: searchTermsOf(searchTextOf(next)) } : {}),
      };
      // The description can be long and no projection needs it; the event just says it changed.
      const { description: _description, ...values } = set;
      const event = courseUpdated({
        courseId: id, instructorId: current.instructorId, status: current.status, title: next.title, priceCents: next.priceCents,
        currency: next.currency, changed: Object.keys(set), values, by: viewer!.id,
      });
      return this.repository.updateIfUnchanged(id, current.version, { ...set, ...derived }, event);
    });
  }

  /** Idempotent: publishing a published course returns it unchanged; publishedAt is set once. */
  async publishCourse(viewer: Viewer | null, id: string): Promise<CourseDocument> {
    checkId(id, 'id');
    return this.change(viewer, id, async (current) => {
      if (current.status === 'PUBLISHED') return current;
      if (current.lessonCount < 1) throw badInput('A course needs at least one lesson before it can be published.', 'id');
      const publishedAt = current.publishedAt ?? new Date();
      const event = coursePublished({
        courseId: id, instructorId: current.instructorId, status: 'PUBLISHED', title: current.title, slug: current.slug,
        priceCents: current.priceCents, currency: current.currency, publishedAt, lessonCount: current.lessonCount,
        lessons: current.sections.flatMap((s) => s.lessons.map((l) => ({ lessonId: l._id, sectionId: s._id }))), by: viewer!.id,
      });
      // A lost race here means someone else published it (or added the first lesson): read again.
      return this.repository.publish(id, publishedAt, event);
    });
  }

  async addCourseSection(viewer: Viewer | null, courseId: string, title: string): Promise<CourseSectionModel> {
    checkId(courseId, 'courseId');
    const sectionId = newId();
    const course = await this.change(viewer, courseId, (current) => {
      const sectionTitle = validatePartTitle(title);
      if (current.sections.length >= LIMITS.sections) throw badInput(`A course may have at most ${LIMITS.sections} sections.`, 'courseId');
      const position = Math.max(0, ...current.sections.map((s) => s.position)) + 1;
      const event = courseSectionAdded({
        courseId, instructorId: current.instructorId, status: current.status, sectionId, title: sectionTitle, position, by: viewer!.id,
      });
      return this.repository.pushSection(courseId, current.version, { _id: sectionId, title: sectionTitle, position, lessons: [] }, event);
    });
    return sectionIn(course.sections.find((s) => s._id === sectionId)!, course);
  }

  async addLesson(viewer: Viewer | null, sectionId: string, input: AddLessonInput): Promise<LessonModel> {
    checkId(sectionId, 'sectionId');
    const lessonId = newId();
    // Sections never move between courses, so the course found now is the one to change.
    const owner = await this.repository.findBySection(sectionId);
    if (!owner) throw notFound('The section');
    const course = await this.change(viewer, owner._id, (current) => {
      const fields = validateLesson(input);
      const index = current.sections.findIndex((s) => s._id === sectionId);
      const section = current.sections[index]!;
      if (section.lessons.length >= LIMITS.lessonsPerSection) throw badInput(`A section may have at most ${LIMITS.lessonsPerSection} lessons.`, 'sectionId');
      const position = Math.max(0, ...section.lessons.map((l) => l.position)) + 1;
      const lesson: StoredLesson = { _id: lessonId, ...fields, position };
      const event = lessonAdded({
        courseId: current._id, instructorId: current.instructorId, status: current.status, sectionId, lessonId, title: fields.title, kind: fields.kind,
        durationMinutes: fields.durationMinutes, position, lessonCount: current.lessonCount + 1, by: viewer!.id,
      });
      return this.repository.pushLesson(current._id, current.version, index, sectionId, lesson, event);
    });
    return inCourse(course.sections.flatMap((s) => s.lessons).find((l) => l._id === lessonId)!, course);
  }

  /**
   * Moves lessons between sections and reorders both, guarded on the version the editor read
   * (CONFLICT when the course changed since). Positions are renumbered 1.. in the new order.
   */
  async reorderCourse(viewer: Viewer | null, input: ReorderCourseInput): Promise<CourseDocument> {
    checkId(input.courseId, 'courseId');
    const expected = expectedVersion(input.expectedVersion);
    return this.change(viewer, input.courseId, (current) => {
      if (current.version !== expected) throw conflict(`The course was changed since you read it (it is now at version ${current.version}); read it again and reapply your order.`);
      const sections = reorderedSections(current.sections, input);
      const event = courseReordered({
        courseId: current._id, instructorId: current.instructorId, status: current.status, by: viewer!.id,
        sections: sections.map((s) => ({ sectionId: s._id, lessonIds: s.lessons.map((l) => l._id) })),
      });
      return this.repository.replaceSections(current._id, current.version, sections, event);
    });
  }

  /** A COURSE_COVER image of the course, or null to remove it; setting the cover it has changes nothing. */
  async setCourseCover(viewer: Viewer | null, courseId: string, mediaId: string | null | undefined): Promise<CourseDocument> {
    checkId(courseId, 'courseId');
    const cover = mediaId == null ? null : checkId(mediaId, 'mediaId');
    return this.change(viewer, courseId, async (current) => {
      if ((current.coverImageId ?? null) === cover) return current;
      if (cover) await this.access.checkAssets(current._id, [cover], { field: 'mediaId', purposes: ['COURSE_COVER'], kinds: ['IMAGE'] });
      const event = courseUpdated({
        courseId, instructorId: current.instructorId, status: current.status, title: current.title, priceCents: current.priceCents,
        currency: current.currency, changed: ['coverImageId'], values: {}, coverImageId: cover, by: viewer!.id,
      });
      return this.repository.updateIfUnchanged(courseId, current.version, { coverImageId: cover }, event);
    });
  }

  // ---------------------------------------------------------------- rules

  private canManage(course: CourseModel, viewer: Viewer | null): boolean {
    return isOwnerOrAdmin(viewer, course.instructorId);
  }

  private visibility(viewer: Viewer | null): Visibility {
    return hasRole(viewer, 'ADMIN') ? { all: true } : { all: false, ownerId: viewer?.id ?? null };
  }

  private visible<T extends CourseModel>(course: T | null, viewer: Viewer | null): T | null {
    return course && this.canSee(course, viewer) ? course : null;
  }

  /** A card from a list lacks the long parts; the whole course is read (batched) only when they are asked for. */
  async whole(course: CourseModel, loaders: Pick<CatalogLoaders, 'course'>): Promise<CourseDocument | null> {
    return 'sections' in course ? course : loaders.course.load(course._id);
  }

  /**
   * The shape of every change to an existing course: read it, check the viewer may manage it,
   * then attempt a write conditional on the version read. A null attempt means another writer
   * came first, so the step runs again on a fresh read. Events leave through the outbox.
   */
  async change(
    viewer: Viewer | null,
    courseId: string,
    attempt: (course: CourseDocument) => Promise<CourseDocument | null> | CourseDocument | null,
  ): Promise<CourseDocument> {
    const actor = signedIn(viewer);
    return retryOnConflict(async () => {
      const course = await this.repository.findCourse(courseId);
      if (!course) throw notFound('The course');
      if (!this.canManage(course, actor)) throw forbidden("Only the course's instructor or an ADMIN can change it.");
      const written = await attempt(course);
      if (!written) return null;
      if (written !== course) {
        await this.repository.saveCard(written);
        if (changesPublishedFacets(course, written)) await this.repository.refreshPublishedFacets();
        await flushOutbox(this.repository.courses, written._id, this.events);
      }
      const { outbox: _pending, ...stored } = written;
      return stored;
    }, 'The course is being changed by others right now; try again.');
  }
}
