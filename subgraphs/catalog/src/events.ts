import type { DomainEvent } from '@lg/platform';
import {
  CourseCreated, CoursePublished, CourseSectionAdded, CourseUpdated, LessonAdded,
  type CourseCreatedData, type CoursePublishedData, type CourseSectionAddedData, type CourseUpdatedData, type LessonAddedData,
} from '@lg/events';

// The events catalog produces, built from their contracts in @lg/events (which validate them).

export const courseCreated = (d: CourseCreatedData): DomainEvent => CourseCreated.build(d);
export const courseUpdated = (d: CourseUpdatedData): DomainEvent => CourseUpdated.build(d);
export const coursePublished = (d: CoursePublishedData): DomainEvent => CoursePublished.build(d);
export const courseSectionAdded = (d: CourseSectionAddedData): DomainEvent => CourseSectionAdded.build(d);
export const lessonAdded = (d: LessonAddedData): DomainEvent => LessonAdded.build(d);
