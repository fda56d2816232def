import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { cents, count, courseStatus, currency, id } from './fields.ts';

const producer = 'catalog';
/** aggregateId and courseId: the course; userId: its instructor. */
const course = (d: { courseId: string; instructorId: string }) => ({ aggregateId: d.courseId, courseId: d.courseId, userId: d.instructorId });

const level = z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']);
const lessonKind = z.enum(['VIDEO', 'READING', 'EXERCISE', 'LAB']);

/**
 * Every course event carries the course's instructor and the status it had when it was written,
 * so a projection needs no other event to know who teaches it. `by`: who made the change.
 */
const courseEvent = { courseId: id, instructorId: id, status: courseStatus, by: id };

export const CourseCreated = defineEvent({
  type: 'CourseCreated', producer, refs: course,
  schema: z.object({ ...courseEvent, title: z.string(), slug: z.string(), category: z.string(), level, priceCents: cents, currency }),
});

/** `changed` names the fields the update set, `values` holds their new values (not the description: no projection needs it). */
export const CourseUpdated = defineEvent({
  type: 'CourseUpdated', producer, refs: course,
  schema: z.object({
    ...courseEvent, title: z.string(), priceCents: cents, currency, changed: z.array(z.string()),
    values: z.object({
      title: z.string().optional(), summary: z.string().optional(), category: z.string().optional(), level: level.optional(),
      tags: z.array(z.string()).optional(), priceCents: cents.optional(),
    }),
  }),
});

/** The published snapshot lists every lesson in reading order. */
export const CoursePublished = defineEvent({
  type: 'CoursePublished', producer, refs: course,
  schema: z.object({
    ...courseEvent, title: z.string(), slug: z.string(), priceCents: cents, currency, publishedAt: z.date(), lessonCount: count,
    lessons: z.array(z.object({ lessonId: id, sectionId: id })),
  }),
});

export const CourseSectionAdded = defineEvent({
  type: 'CourseSectionAdded', producer, refs: course,
  schema: z.object({ ...courseEvent, sectionId: id, title: z.string(), position: count }),
});

/** `lessonCount`: the course's lessons with this one. */
export const LessonAdded = defineEvent({
  type: 'LessonAdded', producer, refs: course,
  schema: z.object({
    ...courseEvent, sectionId: id, lessonId: id, title: z.string(), kind: lessonKind, durationMinutes: count.nullable(), position: count, lessonCount: count,
  }),
});

export type CourseCreatedData = PayloadOf<typeof CourseCreated>;
export type CourseUpdatedData = PayloadOf<typeof CourseUpdated>;
export type CoursePublishedData = PayloadOf<typeof CoursePublished>;
export type CourseSectionAddedData = PayloadOf<typeof CourseSectionAdded>;
export type LessonAddedData = PayloadOf<typeof LessonAdded>;

/** The events that say who instructs a course (and its status and title). */
export const COURSE_EVENTS = [CourseCreated, CourseUpdated, CoursePublished] as const;
/** Every course event, its sections and lessons included. */
export const COURSE_STRUCTURE_EVENTS = [...COURSE_EVENTS, CourseSectionAdded, LessonAdded] as const;

// Lesson content and supplements (issue 13). The content engineer owns these declarations; media
// consumes them (which assets are public) and declares only the fields of the agreed contract.
const courseRef = (d: { courseId: string }) => ({ aggregateId: d.courseId, courseId: d.courseId });

/** A lesson's content changed: whether it is a preview and every media asset it shows. */
export const LessonContentUpdated = defineEvent({
  type: 'LessonContentUpdated', producer, refs: courseRef,
  schema: z.object({
    courseId: id, lessonId: id, preview: z.boolean(), mediaIds: z.array(id),
    videoAssetId: id.optional(), videoDurationSeconds: z.number().nonnegative().optional(),
  }),
});

export const CourseReordered = defineEvent({ type: 'CourseReordered', producer, refs: courseRef, schema: z.object({ courseId: id }) });

const supplement = { courseId: id, supplementId: id, public: z.boolean(), mediaId: id.optional() };
export const SupplementAdded = defineEvent({ type: 'SupplementAdded', producer, refs: courseRef, schema: z.object(supplement) });
export const SupplementRemoved = defineEvent({ type: 'SupplementRemoved', producer, refs: courseRef, schema: z.object(supplement) });

export type LessonContentUpdatedData = PayloadOf<typeof LessonContentUpdated>;
export type SupplementAddedData = PayloadOf<typeof SupplementAdded>;
export type SupplementRemovedData = PayloadOf<typeof SupplementRemoved>;

export const catalogEvents = [...COURSE_STRUCTURE_EVENTS, LessonContentUpdated, CourseReordered, SupplementAdded, SupplementRemoved];
