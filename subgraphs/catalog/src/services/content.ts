import { conflict, flushOutbox, flushOutboxes, forbidden, newId, notFound, retryOnConflict, signedIn, isOwnerOrAdmin, badInput, type EventLog, type Viewer } from '@lg/platform';
import type DataLoader from 'dataloader';
import { lessonContentUpdated, supplementAdded, supplementRemoved } from '../events.ts';
import { CONTENT_LIMITS, checkId, validateLessonContent, validateSupplement, type AddSupplementInput, type ImportedLessonContent, type UpdateLessonContentInput } from '../inputs.ts';
import { renderLessonBody } from '../markdown.ts';
import type { CourseDocument, CourseModel, LessonContentDocument, LessonContentModel, LessonModel, SupplementModel } from '../models.ts';
import type { CatalogRepository } from '../repository.ts';
import type { AccessLoaders, CourseAccess } from './access.ts';

export interface ContentLoaders extends AccessLoaders {
  content: DataLoader<string, LessonContentDocument | null>;
}

/** The course operations lesson content and supplements build on (CatalogService's). */
export interface CourseChanges {
  whole(course: CourseModel, loaders: { course: DataLoader<string, CourseDocument | null> }): Promise<CourseDocument | null>;
  change(viewer: Viewer | null, courseId: string, attempt: (course: CourseDocument) => Promise<CourseDocument | null> | CourseDocument | null): Promise<CourseDocument>;
}

const emptyContent = (lesson: LessonModel): LessonContentModel => ({
  _id: lesson._id, courseId: lesson.courseId, bodyMarkdown: '', bodyHtml: '', mediaIds: [], videoId: null, captionIds: [],
  preview: lesson.preview ?? false, version: 0, updatedAt: null,
});

const courseEventOf = (course: CourseDocument, by: string) => ({ courseId: course._id, instructorId: course.instructorId, status: course.status, by });

/** Lessons' bodies and media, and a course's supplements: who may read them and how they change. */
export class ContentService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly events: EventLog,
    private readonly access: CourseAccess,
    private readonly courses: CourseChanges,
  ) {}

  loaders(viewer: Viewer | null): ContentLoaders {
    return { ...this.access.loaders(viewer), content: this.repository.contentLoader() };
  }

  // ---------------------------------------------------------------- reading

  /** Lesson.content: preview lessons for everyone; others for the course's members (UNAUTHENTICATED / FORBIDDEN otherwise). */
  async content(viewer: Viewer | null, lesson: LessonModel, loaders: ContentLoaders): Promise<LessonContentModel> {
    if (!lesson.preview) {
      const actor = signedIn(viewer);
      if (!(await this.access.isMember(actor, { _id: lesson.courseId, instructorId: lesson.instructorId }, loaders)))
        throw forbidden("Only the course's members (its students, its instructor and ADMIN) can read this lesson; preview lessons are open to everyone.");
    }
    const stored = await loaders.content.load(lesson._id);
    if (!stored) return emptyContent(lesson);
    const { outbox: _outbox, previewSynced: _synced, ...content } = stored;
    return content;
  }

  /** Course.supplements: all of them for members, the public ones for everyone else. */
  async supplements(viewer: Viewer | null, course: CourseModel, loaders: ContentLoaders & { course: DataLoader<string, CourseDocument | null> }): Promise<SupplementModel[]> {
    const whole = await this.courses.whole(course, loaders);
    const all = whole?.supplements ?? [];
    if (all.every((s) => s.public)) return all;
    return (await this.access.isMember(viewer, course, loaders)) ? all : all.filter((s) => s.public);
  }

  // ---------------------------------------------------------------- writing

  /**
   * The course's instructor or ADMIN. The content document is written first (guarded on the
   * version the editor read, with its event in its outbox); then the course's copy of the preview
   * flag; then the event leaves, so that whoever it wakes reads the course as it now is. A crash
   * between the steps is finished at start-up (`finishPreviewCopies`).
   */
  async updateLessonContent(viewer: Viewer | null, input: UpdateLessonContentInput): Promise<LessonModel> {
    const actor = signedIn(viewer);
    const fields = validateLessonContent(input);
    const known = await this.repository.findContent(fields.lessonId);
    const course = known ? await this.repository.findCourse(known.courseId) : await this.repository.findByLesson(fields.lessonId);
    if (!course) throw notFound('The lesson');
    if (!isOwnerOrAdmin(actor, course.instructorId)) throw forbidden("Only the course's instructor or an ADMIN can change its lessons.");
    if (known && known.version !== fields.expectedVersion) throw this.stale(known.version);
    const [video] = await this.access.checkAssets(course._id, fields.videoId ? [fields.videoId] : [], { field: 'videoId', purposes: ['LESSON_MEDIA'], kinds: ['VIDEO'] });
    await this.access.checkAssets(course._id, fields.mediaIds, { field: 'mediaIds', purposes: ['LESSON_MEDIA'], kinds: ['VIDEO', 'AUDIO', 'PDF', 'IMAGE', 'FILE'] });
    await this.access.checkAssets(course._id, fields.captionIds, { field: 'captionIds', purposes: ['CAPTIONS'], kinds: ['CAPTIONS'] });
    const version = fields.expectedVersion + 1;
    const event = lessonContentUpdated({
      ...courseEventOf(course, actor.id), lessonId: fields.lessonId, preview: fields.preview, version,
      mediaIds: [...new Set([...fields.mediaIds, ...(fields.videoId ? [fields.videoId] : []), ...fields.captionIds])],
      ...(fields.videoId ? { videoAssetId: fields.videoId } : {}),
      ...(video?.durationSeconds != null ? { videoDurationSeconds: video.durationSeconds } : {}),
    });
    const body = {
      bodyMarkdown: fields.bodyMarkdown, bodyHtml: renderLessonBody(fields.bodyMarkdown), mediaIds: fields.mediaIds, videoId: fields.videoId,
      captionIds: fields.captionIds, preview: fields.preview, previewSynced: false, updatedAt: new Date(),
    };
    if (fields.expectedVersion === 0) {
      if (!(await this.repository.insertContent({ _id: fields.lessonId, courseId: course._id, ...body, version, outbox: [event] }))) throw this.stale(null);
    } else if (!(await this.repository.replaceContentIfUnchanged(fields.lessonId, fields.expectedVersion, body, event))) {
      throw this.stale(null);
    }
    const lesson = await this.copyPreview(course._id, fields.lessonId, fields.preview);
    await this.repository.markPreviewSynced(fields.lessonId, version);
    await flushOutbox(this.repository.contents, fields.lessonId, this.events);
    return lesson;
  }

  /**
   * The first bodies of many lessons of one course at once (the seed's bulk load): the same rules,
   * rendering and events as `updateLessonContent` at expectedVersion 0, without media, in one
   * write of the contents and one append of their events. CONFLICT, with nothing written, when a
   * lesson already has content; one written meanwhile by someone else is left as they wrote it.
   */
  async importLessonContents(viewer: Viewer | null, courseId: string, lessons: ImportedLessonContent[]): Promise<number> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const course = await this.repository.findCourse(courseId);
    if (!course) throw notFound('The course');
    if (!isOwnerOrAdmin(actor, course.instructorId)) throw forbidden("Only the course's instructor or an ADMIN can change its lessons.");
    const stored = new Map(course.sections.flatMap((s) => s.lessons.map((l) => [l._id, l] as const)));
    const fields = lessons.map((l) => validateLessonContent({ lessonId: l.lessonId, bodyMarkdown: l.bodyMarkdown, preview: l.preview, expectedVersion: 0 }));
    const ids = fields.map((f) => f.lessonId);
    if (ids.some((id) => !stored.has(id))) throw badInput('Every lesson must be a lesson of the course.', 'lessonId');
    if (new Set(ids).size !== ids.length) throw badInput('lessonId names a lesson more than once.', 'lessonId');
    if (ids.length === 0) return 0;
    if (await this.repository.anyContent(ids)) throw this.stale(null);
    const updatedAt = new Date();
    const written = await this.repository.insertContents(fields.map((f) => ({
      _id: f.lessonId, courseId: course._id, bodyMarkdown: f.bodyMarkdown, bodyHtml: renderLessonBody(f.bodyMarkdown), mediaIds: [], videoId: null,
      captionIds: [], preview: f.preview, previewSynced: false, updatedAt, version: 1,
      outbox: [lessonContentUpdated({ ...courseEventOf(course, actor.id), lessonId: f.lessonId, preview: f.preview, version: 1, mediaIds: [] })],
    })));
    const preview = new Map(fields.map((f) => [f.lessonId, f.preview]));
    for (const id of written) if ((stored.get(id)!.preview ?? false) !== preview.get(id)) await this.copyPreview(course._id, id, preview.get(id)!);
    await this.repository.markPreviewsSynced(written, 1);
    await flushOutboxes(this.repository.contents, written, this.events);
    if (written.length < ids.length) throw this.stale(null);
    return written.length;
  }

  /** At start-up: contents whose course copy of `preview` a crash left behind get it, then their events leave. */
  async finishPreviewCopies(): Promise<number> {
    const pending = await this.repository.unsyncedContents();
    for (const content of pending) {
      await this.copyPreview(content.courseId, content._id, content.preview).catch(() => undefined);
      await this.repository.markPreviewSynced(content._id, content.version);
    }
    return pending.length;
  }

  async addSupplement(viewer: Viewer | null, input: AddSupplementInput): Promise<SupplementModel> {
    return (await this.addSupplements(viewer, input.courseId, [input]))[0]!;
  }

  /** Several supplements of one course in one write (the seed's bulk load), with one event each, as one by one. */
  async addSupplements(viewer: Viewer | null, courseId: string, inputs: AddSupplementInput[]): Promise<SupplementModel[]> {
    checkId(courseId, 'courseId');
    const fields = inputs.map((input) => validateSupplement(input));
    if (fields.some((f) => f.courseId !== courseId)) throw badInput('Every supplement must be of the same course.', 'courseId');
    const ids = fields.map(() => newId());
    const course = await this.courses.change(viewer, courseId, async (current) => {
      if ((current.supplements ?? []).length + fields.length > CONTENT_LIMITS.supplements) throw badInput(`A course may have at most ${CONTENT_LIMITS.supplements} supplements.`, 'courseId');
      const fileIds = fields.flatMap((f) => (f.fileId ? [f.fileId] : []));
      if (fileIds.length > 0) await this.access.checkAssets(current._id, fileIds, { field: 'fileId', purposes: ['SUPPLEMENT_FILE'] });
      const supplements: SupplementModel[] = fields.map(({ courseId: _course, ...rest }, i) => ({ _id: ids[i]!, ...rest, addedAt: new Date() }));
      const events = supplements.map((supplement) => supplementAdded({
        ...courseEventOf(current, viewer!.id), supplementId: supplement._id, public: supplement.public, ...(supplement.fileId ? { mediaId: supplement.fileId } : {}),
      }));
      return this.repository.pushSupplements(current._id, current.version, supplements, events);
    });
    return ids.map((id) => course.supplements!.find((s) => s._id === id)!);
  }

  /** Idempotent: removing a supplement the course does not have returns the course unchanged. */
  async removeSupplement(viewer: Viewer | null, courseId: string, supplementId: string): Promise<CourseDocument> {
    checkId(courseId, 'courseId');
    checkId(supplementId, 'supplementId');
    return this.courses.change(viewer, courseId, (current) => {
      const supplement = (current.supplements ?? []).find((s) => s._id === supplementId);
      if (!supplement) return current;
      const event = supplementRemoved({
        ...courseEventOf(current, viewer!.id), supplementId, public: supplement.public, ...(supplement.fileId ? { mediaId: supplement.fileId } : {}),
      });
      return this.repository.updateIfUnchanged(current._id, current.version, { supplements: (current.supplements ?? []).filter((s) => s !== supplement) }, event);
    });
  }

  // ---------------------------------------------------------------- steps

  /** Finds the lesson where it now sits (a reorder may have moved it) and copies the flag there. */
  private async copyPreview(courseId: string, lessonId: string, preview: boolean): Promise<LessonModel> {
    return retryOnConflict(async () => {
      const course = await this.repository.findCourse(courseId);
      const sectionIndex = course?.sections.findIndex((s) => s.lessons.some((l) => l._id === lessonId)) ?? -1;
      if (!course || sectionIndex < 0) throw notFound('The lesson');
      const section = course.sections[sectionIndex]!;
      const lessonIndex = section.lessons.findIndex((l) => l._id === lessonId);
      const lesson = { ...section.lessons[lessonIndex]!, preview, courseId, instructorId: course.instructorId };
      if ((section.lessons[lessonIndex]!.preview ?? false) === preview) return lesson;
      return (await this.repository.copyPreview(courseId, sectionIndex, section._id, lessonIndex, lessonId, preview)) ? lesson : null;
    }, 'The course is being changed by others right now; try again.');
  }

  private stale(current: number | null) {
    return conflict(`The lesson's content was changed since you read it${current === null ? '' : ` (it is now at version ${current})`}; read it again and reapply your edit.`);
  }
}
