import { EventConsumer, type EventLog, type LoggedEvent, type Logger } from '@lg/platform';
import type { Db } from 'mongodb';
import type { CourseProjection, CourseStatus, LessonRef, SectionRef } from './models.ts';
import type { LearningRepository } from './repository.ts';

/** The catalog events the course projection is built from (subgraphs/catalog/src/service.ts). */
export const CATALOG_EVENTS = ['CourseCreated', 'CourseUpdated', 'CoursePublished', 'CourseSectionAdded', 'LessonAdded'] as const;

/** Stable: the consumer's checkpoint is stored under it. */
export const COURSE_CONSUMER = 'learning.catalog-courses';

interface CatalogEventData {
  instructorId?: string;
  status?: CourseStatus;
  priceCents?: number;
  currency?: string;
  changed?: string[];
  sectionId?: string;
  lessonId?: string;
  position?: number;
  lessons?: { lessonId: string; sectionId: string }[];
}

const sortedSections = (sections: SectionRef[]) => [...sections].sort((a, b) => a.position - b.position);

/** Lesson ids by section position, then lesson position; lessons of a section not (yet) known go last. */
function readingOrder(sections: SectionRef[], lessons: LessonRef[]): string[] {
  const rank = new Map(sortedSections(sections).map((s, i) => [s.sectionId, i]));
  return [...lessons]
    .sort((a, b) => (rank.get(a.sectionId) ?? rank.size) - (rank.get(b.sectionId) ?? rank.size) || a.position - b.position || (a.lessonId < b.lessonId ? -1 : 1))
    .map((l) => l.lessonId);
}

function addSection(sections: SectionRef[], section: SectionRef): SectionRef[] {
  return sections.some((s) => s.sectionId === section.sectionId) ? sections : [...sections, section];
}

function addLesson(lessons: LessonRef[], lesson: LessonRef): LessonRef[] {
  return lessons.some((l) => l.lessonId === lesson.lessonId) ? lessons : [...lessons, lesson];
}

/**
 * The next state of a course's projection after one catalog event; a pure function, so that a
 * replay from the start of the log yields the same documents. Lessons and sections only ever
 * accumulate (a set union), so their count is exact whatever order the writes were logged in;
 * the status moves only on CourseCreated and CoursePublished (a CourseUpdated logged late must
 * not take a published course back to DRAFT).
 */
export function project(current: CourseProjection | null, event: LoggedEvent): CourseProjection {
  const data = event.data as CatalogEventData;
  const base: CourseProjection = current ?? {
    _id: event.courseId ?? event.aggregateId,
    instructorId: data.instructorId ?? '',
    status: data.status ?? 'DRAFT',
    priceCents: data.priceCents ?? 0,
    currency: data.currency ?? 'USD',
    sections: [],
    lessons: [],
    lessonIds: [],
    lessonCount: 0,
    seq: 0,
    updatedAt: event.at,
  };
  let next: CourseProjection = { ...base, instructorId: data.instructorId ?? base.instructorId, seq: event.seq, updatedAt: event.at };
  switch (event.type) {
    case 'CourseCreated':
      next = { ...next, status: data.status ?? next.status, priceCents: data.priceCents ?? next.priceCents, currency: data.currency ?? next.currency };
      break;
    case 'CourseUpdated':
      if (data.changed?.includes('priceCents') && data.priceCents !== undefined) next = { ...next, priceCents: data.priceCents };
      if (data.currency !== undefined) next = { ...next, currency: data.currency };
      break;
    case 'CoursePublished': {
      next = { ...next, status: 'PUBLISHED', priceCents: data.priceCents ?? next.priceCents, currency: data.currency ?? next.currency };
      // The published snapshot lists every lesson in order; anything not seen yet joins the sets.
      const perSection = new Map<string, number>();
      for (const { lessonId, sectionId } of data.lessons ?? []) {
        const position = (perSection.get(sectionId) ?? 0) + 1;
        perSection.set(sectionId, position);
        if (!next.sections.some((s) => s.sectionId === sectionId))
          next = { ...next, sections: addSection(next.sections, { sectionId, position: next.sections.length + 1 }) };
        next = { ...next, lessons: addLesson(next.lessons, { lessonId, sectionId, position }) };
      }
      break;
    }
    case 'CourseSectionAdded':
      if (data.sectionId && data.position !== undefined) next = { ...next, sections: addSection(next.sections, { sectionId: data.sectionId, position: data.position }) };
      break;
    case 'LessonAdded':
      if (data.lessonId && data.sectionId && data.position !== undefined)
        next = { ...next, lessons: addLesson(next.lessons, { lessonId: data.lessonId, sectionId: data.sectionId, position: data.position }) };
      break;
    default:
      break;
  }
  const lessonIds = readingOrder(next.sections, next.lessons);
  return { ...next, sections: sortedSections(next.sections), lessonIds, lessonCount: lessonIds.length };
}

/**
 * The course projection's consumer and the ways to bring it up to date on demand. Catch-ups asked
 * for at the same time share one run; a rebuild holds them off until it is done.
 */
export class CourseProjector {
  readonly consumer: EventConsumer;
  private running: Promise<void> | undefined;
  private started = false;

  constructor(db: Db, log: EventLog, logger: Logger, private readonly repository: LearningRepository) {
    this.consumer = new EventConsumer({
      name: COURSE_CONSUMER,
      db,
      log,
      logger,
      types: [...CATALOG_EVENTS],
      handle: (event) => repository.applyCourseEvent(event, project),
    });
  }

  start(): void {
    this.started = true;
    this.consumer.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.consumer.stop();
  }

  /** Reads whatever the log holds now (a course published a moment ago, a lesson just added). */
  catchUp(): Promise<void> {
    this.running ??= this.consumer.catchUp().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Clears the projection and replays catalog's events from the start of the log. */
  rebuild(): Promise<void> {
    const wasStarted = this.started;
    const run = (async () => {
      await this.running?.catch(() => undefined);
      await this.consumer.stop();
      await this.consumer.resetCheckpoint();
      await this.repository.courses.deleteMany({});
      await this.consumer.catchUp();
      if (wasStarted) this.consumer.start();
    })().finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }
}
