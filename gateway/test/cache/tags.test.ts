import type { LoggedEvent } from '@lg/platform';
import { describe, expect, it } from 'vitest';
import { collectIds, tagsOfEvent } from '../../src/cache/tags.ts';

const C = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const U = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';
const O = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d';

describe('cache tags', () => {
  it('an answer is tagged with every id in it, at any depth, and nothing else', () => {
    const tags = new Set<string>();
    collectIds({ course: { id: C, title: 'Not an id', instructor: { id: U.toUpperCase() }, tags: ['a'] }, n: 3 }, tags);
    expect([...tags].sort()).toEqual([`id:${C}`, `id:${U}`]);
  });

  it("an event evicts its references, its payload's ids, its user's own entries and the lists its type can change", () => {
    const event: LoggedEvent = {
      _id: 'e1', seq: 1, type: 'CoursePublished', aggregateId: C, courseId: C, userId: U, at: new Date(),
      data: { courseId: C, instructorId: U, lessons: [{ lessonId: O }] },
    };
    expect([...tagsOfEvent(event)].sort()).toEqual(
      [`id:${C}`, `id:${O}`, `id:${U}`, 'root:categories', 'root:courseBySlug', 'root:courses', `viewer:${U}`].sort(),
    );
  });

  it("a vote evicts its target, its question and the course (whose TOP lists it may reorder) and the voter's own entries", () => {
    const event: LoggedEvent = {
      _id: 'e2', seq: 2, type: 'VoteChanged', aggregateId: O, courseId: C, userId: U, at: new Date(),
      data: { target: 'QUESTION', targetId: O, questionId: O, courseId: C, voterId: U, value: 1, delta: 1 },
    };
    expect([...tagsOfEvent(event)].sort()).toEqual([`id:${C}`, `id:${O}`, `id:${U}`, `viewer:${U}`].sort());
  });

  it('a cart or wishlist change evicts only its user\'s own entries, not the courses it names', () => {
    const cart: LoggedEvent = { _id: 'e3', seq: 3, type: 'CartChanged', aggregateId: U, userId: U, at: new Date(), data: { userId: U, courseIds: [C] } };
    expect([...tagsOfEvent(cart)]).toEqual([`viewer:${U}`]);
    const wish: LoggedEvent = { _id: 'e4', seq: 4, type: 'WishlistChanged', aggregateId: U, userId: U, at: new Date(), data: { userId: U, courseId: C, wishlisted: true } };
    expect([...tagsOfEvent(wish)]).toEqual([`viewer:${U}`]);
  });

  it("a completed lesson evicts the student's own entries and those that asked for the student (an ADMIN's view), not the course", () => {
    const event: LoggedEvent = {
      _id: 'e5', seq: 5, type: 'LessonCompleted', aggregateId: O, courseId: C, userId: U, at: new Date(),
      data: { enrollmentId: O, userId: U, courseId: C, lessonId: O },
    };
    expect([...tagsOfEvent(event)].sort()).toEqual([`id:${U}`, `viewer:${U}`]);
  });
});
