import { GraphQLError } from 'graphql';
import { Projector, isId, isOneOf, type EventLog, type LoggedEvent, type Logger, type PayloadOf } from '@lg/platform';
import {
  COURSE_STRUCTURE_EVENTS, CourseCreated, CoursePublished, CourseReordered, CourseSectionAdded, CourseUpdated, LessonAdded, LessonContentUpdated,
  MediaAssetReady, OrderPaid, OrderRefunded, type OrderPaidData,
} from '@lg/events';
import type { Db } from 'mongodb';
import type { CourseProjection, LessonRef, SectionRef } from './models.ts';
import type { LearningRepository } from './repository.ts';
import type { LearningService } from './service.ts';

/** What the course projection reads: the course's structure, and what it needs to know a video lesson was watched. */
export const COURSE_PROJECTION_EVENTS = [...COURSE_STRUCTURE_EVENTS, LessonContentUpdated, MediaAssetReady] as const;

/**
 * What a course projection holds; a document of another shape was written by an older learning and
 * is rebuilt when learning starts. 2: lessons keep their titles.
 */
export const PROJECTION_SHAPE = 2;

/** Stable: the consumers' checkpoints are stored under them. */
export const COURSE_CONSUMER = 'learning.catalog-courses';
export const ORDER_CONSUMER = 'learning.commerce-orders';

// ---------------------------------------------------------------- catalog's courses

/** Any course event's payload; events logged before their contracts were checked may lack fields. */
type CourseStructureData = PayloadOf<(typeof COURSE_STRUCTURE_EVENTS)[number]>;

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

/** A lesson joins the set once; a title learnt later (LessonAdded after a published snapshot) joins it. */
function addLesson(lessons: LessonRef[], lesson: LessonRef): LessonRef[] {
  const known = lessons.find((l) => l.lessonId === lesson.lessonId);
  if (!known) return [...lessons, lesson];
  return known.title === undefined && lesson.title !== undefined ? lessons.map((l) => (l === known ? { ...l, title: lesson.title } : l)) : lessons;
}

/**
 * The next state of a course's projection after one catalog event; a pure function, so that a
 * replay from the start of the log yields the same documents. Lessons and sections only ever
 * accumulate (a set union), so their count is exact whatever order the writes were logged in;
 * the status moves only on CourseCreated and CoursePublished (a CourseUpdated logged late must
 * not take a published course back to DRAFT).
 */
/** The seconds known for `assetId`, replacing what was known. */
function withDuration(known: CourseProjection['videoDurations'], assetId: string, seconds: number | undefined): CourseProjection['videoDurations'] {
  const rest = (known ?? []).filter((d) => d.assetId !== assetId);
  return seconds === undefined ? known : [...rest, { assetId, seconds }];
}

export function project(current: CourseProjection | null, event: LoggedEvent): CourseProjection {
  const data: Partial<CourseStructureData> = isOneOf(COURSE_STRUCTURE_EVENTS, event) ? event.data : {};
  const base: CourseProjection = current ?? {
    _id: event.courseId ?? event.aggregateId,
    instructorId: data.instructorId ?? '',
    status: data.status ?? 'DRAFT',
    priceCents: ('priceCents' in data ? data.priceCents : undefined) ?? 0,
    currency: ('currency' in data ? data.currency : undefined) ?? 'USD',
    sections: [],
    lessons: [],
    lessonIds: [],
    lessonCount: 0,
    seq: 0,
    updatedAt: event.at,
  };
  let next: CourseProjection = { ...base, instructorId: data.instructorId ?? base.instructorId, seq: event.seq, updatedAt: event.at };
  if (CourseCreated.is(event)) {
    const d = event.data;
    next = { ...next, status: d.status ?? next.status, priceCents: d.priceCents ?? next.priceCents, currency: d.currency ?? next.currency };
  } else if (CourseUpdated.is(event)) {
    const d = event.data;
    if (d.changed?.includes('priceCents') && d.priceCents !== undefined) next = { ...next, priceCents: d.priceCents };
    if (d.currency !== undefined) next = { ...next, currency: d.currency };
  } else if (CoursePublished.is(event)) {
    const d = event.data;
    next = { ...next, status: 'PUBLISHED', priceCents: d.priceCents ?? next.priceCents, currency: d.currency ?? next.currency };
    // The published snapshot lists every lesson in order; anything not seen yet joins the sets.
    const perSection = new Map<string, number>();
    for (const { lessonId, sectionId } of d.lessons ?? []) {
      const position = (perSection.get(sectionId) ?? 0) + 1;
      perSection.set(sectionId, position);
      if (!next.sections.some((s) => s.sectionId === sectionId))
        next = { ...next, sections: addSection(next.sections, { sectionId, position: next.sections.length + 1 }) };
      next = { ...next, lessons: addLesson(next.lessons, { lessonId, sectionId, position }) };
    }
  } else if (CourseSectionAdded.is(event)) {
    const d = event.data;
    if (d.sectionId && d.position !== undefined) next = { ...next, sections: addSection(next.sections, { sectionId: d.sectionId, position: d.position }) };
  } else if (LessonAdded.is(event)) {
    const d = event.data;
    if (d.lessonId && d.sectionId && d.position !== undefined)
      next = { ...next, lessons: addLesson(next.lessons, { lessonId: d.lessonId, sectionId: d.sectionId, position: d.position, ...(d.title !== undefined ? { title: d.title } : {}) }) };
  } else if (CourseReordered.is(event)) {
    // The new order of every section and lesson; lessons it does not name (none, from catalog) keep theirs.
    const titles = new Map(next.lessons.map((l) => [l.lessonId, l.title]));
    const moved = new Map(event.data.sections.flatMap((s) => s.lessonIds.map((lessonId, i) => {
      const title = titles.get(lessonId);
      return [lessonId, { lessonId, sectionId: s.sectionId, position: i + 1, ...(title !== undefined ? { title } : {}) }] as const;
    })));
    const sections = event.data.sections.map((s, i) => ({ sectionId: s.sectionId, position: i + 1 }));
    const others = next.sections.filter((s) => !sections.some((n) => n.sectionId === s.sectionId)).map((s, i) => ({ ...s, position: sections.length + i + 1 }));
    next = { ...next, sections: [...sections, ...others], lessons: [...next.lessons.filter((l) => !moved.has(l.lessonId)), ...moved.values()] };
  } else if (LessonContentUpdated.is(event)) {
    const d = event.data;
    const videos = (next.videos ?? []).filter((v) => v.lessonId !== d.lessonId);
    next = {
      ...next,
      videos: d.videoAssetId ? [...videos, { lessonId: d.lessonId, assetId: d.videoAssetId }] : videos,
      ...(d.videoAssetId ? { videoDurations: withDuration(next.videoDurations, d.videoAssetId, d.videoDurationSeconds) } : {}),
    };
  } else if (MediaAssetReady.is(event)) {
    const d = event.data;
    if (d.kind === 'VIDEO') next = { ...next, videoDurations: withDuration(next.videoDurations, d.assetId, d.durationSeconds) };
  }
  const lessonIds = readingOrder(next.sections, next.lessons);
  return { ...next, sections: sortedSections(next.sections), lessonIds, lessonCount: lessonIds.length, shape: PROJECTION_SHAPE };
}

/**
 * The course projection's consumer and the ways to bring it up to date on demand: catch-ups
 * coalesce, and a rebuild holds them off until it is done.
 */
export class CourseProjector extends Projector {
  constructor(db: Db, log: EventLog, logger: Logger, repository: LearningRepository) {
    super({
      name: COURSE_CONSUMER, db, log, logger, events: COURSE_PROJECTION_EVENTS,
      // An asset of no course (a lab photo) is nothing to a course.
      handle: async (event) => (MediaAssetReady.is(event) && !event.data.courseId ? undefined : repository.applyCourseEvent(event, project)),
      clear: async () => void (await repository.courses.deleteMany({})),
    });
  }
}

// ---------------------------------------------------------------- commerce's orders

/** An order's grants that can never succeed: retrying them would only hold every later order up. */
const PERMANENT = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

/** The buyer, the order and its courses, or null when the event cannot be a paid (or refunded) order. */
export function grantsOf(event: LoggedEvent): { userId: string; orderId: string; courseIds: string[] } | null {
  // Events logged before their contracts were checked may lack fields: read defensively.
  const data: Partial<OrderPaidData> = OrderPaid.is(event) || OrderRefunded.is(event) ? event.data : {};
  const userId = typeof event.userId === 'string' ? event.userId : typeof data.userId === 'string' ? data.userId : '';
  const orderId = typeof data.orderId === 'string' ? data.orderId : event.aggregateId;
  const courseIds = Array.isArray(data.courseIds) ? data.courseIds.filter((c): c is string => typeof c === 'string') : [];
  if (!isId(userId) || !isId(orderId)) return null;
  return { userId, orderId, courseIds: [...new Set(courseIds)] };
}

/**
 * Grants the courses of every paid order: for each course of an `OrderPaid` event, learning's one
 * granting use case, `grantEnrollment(userId, courseId, 'ORDER', orderId)`. Delivery is at least
 * once and a grant is idempotent (the unique enrolment per user and course), so a replay, a
 * restart between two courses of one order or two instances of this consumer still leave one
 * enrolment per course and one EnrollmentCreated. The checkpoint advances only past handled events.
 *
 * An `OrderRefunded` cancels what its order granted (`cancelOrderEnrollments`), also idempotently.
 * One consumer reads both, in log order: a course bought again after a refund is logged after the
 * refund (commerce releases it only then), so it is cancelled first and granted again after.
 *
 * A grant that fails for a passing reason (the database) is retried from the checkpoint; one that
 * can never succeed (a malformed id, a course the log has never known) is logged as an error and
 * passed, so that it does not hold up every later order.
 */
export class OrderGrants extends Projector {
  constructor(db: Db, log: EventLog, private readonly logger: Logger, private readonly service: Pick<LearningService, 'grantEnrollment' | 'cancelOrderEnrollments'>) {
    super({ name: ORDER_CONSUMER, db, log, logger, events: [OrderPaid, OrderRefunded] });
  }

  protected override async handle(event: LoggedEvent): Promise<void> {
    const order = grantsOf(event);
    if (!order) {
      this.logger.error({ eventId: event._id, seq: event.seq, type: event.type }, `${event.type} without a valid user or order id; passed`);
      return;
    }
    if (OrderRefunded.is(event)) {
      await this.service.cancelOrderEnrollments(order.userId, order.orderId);
      return;
    }
    for (const courseId of order.courseIds) {
      try {
        await this.service.grantEnrollment(order.userId, courseId, 'ORDER', order.orderId);
      } catch (error) {
        const code = error instanceof GraphQLError ? String(error.extensions.code ?? '') : '';
        if (!PERMANENT.has(code)) throw error;
        this.logger.error({ eventId: event._id, orderId: order.orderId, courseId, code, err: error }, 'a paid course could not be granted; passed');
      }
    }
  }
}
