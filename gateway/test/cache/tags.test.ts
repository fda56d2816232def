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
});
