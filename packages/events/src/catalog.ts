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
  /** `tags`: absent on events from before analytics read them (skills of a course). */
  schema: z.object({ ...courseEvent, title: z.string(), slug: z.string(), category: z.string(), tags: z.array(z.string()).optional(), level, priceCents: cents, currency }),
});

/** `changed` names the fields the update set, `values` holds their new values (not the description: no projection needs it). */
export const CourseUpdated = defineEvent({
  type: 'CourseUpdated', producer, refs: course,
  schema: z.object({
    ...courseEvent, title: z.string(), priceCents: cents, currency, changed: z.array(z.string()),
    /** The course's cover image after the update, when it has one (setCourseCover sets or clears it). */
    coverImageId: id.nullable().optional(),
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

/** Sections and lessons in their new order: every section with its lessons, in reading order. */
export const CourseReordered = defineEvent({
  type: 'CourseReordered', producer, refs: course,
  schema: z.object({ ...courseEvent, sections: z.array(z.object({ sectionId: id, lessonIds: z.array(id) })) }),
});

/**
 * A lesson's body, attachments or preview flag changed. `mediaIds`: every asset the lesson shows
 * (attachments, video, captions), so media can tell which are open to visitors of a preview lesson.
 */
export const LessonContentUpdated = defineEvent({
  type: 'LessonContentUpdated', producer, refs: course,
  schema: z.object({
    ...courseEvent, lessonId: id, preview: z.boolean(), mediaIds: z.array(id), videoAssetId: id.optional(),
    videoDurationSeconds: z.number().nonnegative().optional(), version: count,
  }),
});

const supplement = { ...courseEvent, supplementId: id, public: z.boolean(), mediaId: id.optional() };
export const SupplementAdded = defineEvent({ type: 'SupplementAdded', producer, refs: course, schema: z.object(supplement) });
export const SupplementRemoved = defineEvent({ type: 'SupplementRemoved', producer, refs: course, schema: z.object(supplement) });

export type CourseCreatedData = PayloadOf<typeof CourseCreated>;
export type CourseUpdatedData = PayloadOf<typeof CourseUpdated>;
export type CoursePublishedData = PayloadOf<typeof CoursePublished>;
export type CourseSectionAddedData = PayloadOf<typeof CourseSectionAdded>;
export type LessonAddedData = PayloadOf<typeof LessonAdded>;
export type CourseReorderedData = PayloadOf<typeof CourseReordered>;
export type LessonContentUpdatedData = PayloadOf<typeof LessonContentUpdated>;
export type SupplementAddedData = PayloadOf<typeof SupplementAdded>;
export type SupplementRemovedData = PayloadOf<typeof SupplementRemoved>;

/** The events that say who instructs a course (and its status and title). */
export const COURSE_EVENTS = [CourseCreated, CourseUpdated, CoursePublished] as const;
/** Every course event, its sections and lessons included. */
export const COURSE_STRUCTURE_EVENTS = [...COURSE_EVENTS, CourseSectionAdded, LessonAdded, CourseReordered] as const;
/** What a course shows inside its lessons and beside them. */
export const COURSE_CONTENT_EVENTS = [LessonContentUpdated, SupplementAdded, SupplementRemoved] as const;

export const catalogEvents = [...COURSE_STRUCTURE_EVENTS, ...COURSE_CONTENT_EVENTS];
