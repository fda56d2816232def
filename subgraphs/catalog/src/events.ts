import type { DomainEvent } from '@lg/platform';
import {
  CourseCreated, CoursePublished, CourseReordered, CourseSectionAdded, CourseUpdated, LessonAdded, LessonContentUpdated, SupplementAdded, SupplementRemoved,
  type CourseCreatedData, type CoursePublishedData, type CourseReorderedData, type CourseSectionAddedData, type CourseUpdatedData, type LessonAddedData,
  type LessonContentUpdatedData, type SupplementAddedData, type SupplementRemovedData,
} from '@lg/events';

// The events catalog produces, built from their contracts in @lg/events (which validate them).

export const courseCreated = (d: CourseCreatedData): DomainEvent => CourseCreated.build(d);
export const courseUpdated = (d: CourseUpdatedData): DomainEvent => CourseUpdated.build(d);
export const coursePublished = (d: CoursePublishedData): DomainEvent => CoursePublished.build(d);
export const courseSectionAdded = (d: CourseSectionAddedData): DomainEvent => CourseSectionAdded.build(d);
export const lessonAdded = (d: LessonAddedData): DomainEvent => LessonAdded.build(d);

export const courseReordered = (d: CourseReorderedData): DomainEvent => CourseReordered.build(d);
export const lessonContentUpdated = (d: LessonContentUpdatedData): DomainEvent => LessonContentUpdated.build(d);
export const supplementAdded = (d: SupplementAddedData): DomainEvent => SupplementAdded.build(d);
export const supplementRemoved = (d: SupplementRemovedData): DomainEvent => SupplementRemoved.build(d);
