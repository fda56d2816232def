import { conflict, flushOutbox, forbidden, newId, notFound, retryOnConflict, signedIn, isOwnerOrAdmin, badInput, type EventLog, type Viewer } from '@lg/platform';
import type DataLoader from 'dataloader';
import { lessonContentUpdated, supplementAdded, supplementRemoved } from '../events.ts';
import { CONTENT_LIMITS, checkId, validateLessonContent, validateSupplement, type AddSupplementInput, type UpdateLessonContentInput } from '../inputs.ts';
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
    const fields = validateSupplement(input);
    const id = newId();
    const course = await this.courses.change(viewer, fields.courseId, async (current) => {
      if ((current.supplements ?? []).length >= CONTENT_LIMITS.supplements) throw badInput(`A course may have at most ${CONTENT_LIMITS.supplements} supplements.`, 'courseId');
      if (fields.fileId) await this.access.checkAssets(current._id, [fields.fileId], { field: 'fileId', purposes: ['SUPPLEMENT_FILE'] });
      const { courseId: _course, ...rest } = fields;
      const supplement: SupplementModel = { _id: id, ...rest, addedAt: new Date() };
      const event = supplementAdded({
        ...courseEventOf(current, viewer!.id), supplementId: id, public: supplement.public, ...(supplement.fileId ? { mediaId: supplement.fileId } : {}),
      });
      return this.repository.pushSupplement(current._id, current.version, supplement, event);
    });
    return course.supplements!.find((s) => s._id === id)!;
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
