import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '@lg/platform';
import { actor, courseInput, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

// The seed's bulk load (importCourse, importLessonContents, addSupplements) writes a course, its
// lessons' bodies and its supplements in one write each; every consumer of catalog's events must
// end as if they had been written one by one, so the events logged must be the same.

let h: CatalogHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startCatalog();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const SECTIONS = [
  { title: 'Basics', lessons: [{ title: 'Welcome', kind: 'VIDEO' as const, durationMinutes: 5 }, { title: 'Reading: basics', kind: 'READING' as const, durationMinutes: 12 }] },
  { title: 'Going further', lessons: [{ title: 'Practice', kind: 'EXERCISE' as const, durationMinutes: null }] },
];

const eventsOf = async (courseId: string) =>
  (await h.platform.db.collection<LoggedEvent>('platform_events').find({ 'data.courseId': courseId }).sort({ seq: 1 }).toArray());

/**
 * Events with every id named by its order of first appearance, and times, slugs and the course's
 * own title left out: what two loads of two courses can share.
 */
function normalised(events: LoggedEvent[], courseTitle: string) {
  const names = new Map<string, string>();
  const name = (value: string) => names.get(value) ?? (names.set(value, `id${names.size}`), names.get(value)!);
  const walk = (value: unknown, key = ''): unknown => {
    if (value instanceof Date || key === 'slug' || value === courseTitle) return undefined;
    if (typeof value === 'string') return /^[0-9a-f-]{36}$/.test(value) ? name(value) : value;
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return events.map((e) => walk({ type: e.type, data: e.data }));
}

async function stepByStep(title: string) {
  const { service } = h.subgraph;
  const course = await service.createCourse(instructor.viewer, courseInput({ title }));
  for (const section of SECTIONS) {
    const added = await service.addCourseSection(instructor.viewer, course._id, section.title);
    for (const lesson of section.lessons) await service.addLesson(instructor.viewer, added._id, lesson);
  }
  return service.publishCourse(instructor.viewer, course._id);
}

const bodies = (course: { sections: { lessons: { _id: string }[] }[] }) =>
  course.sections.flatMap((s) => s.lessons).map((l, i) => ({ lessonId: l._id, bodyMarkdown: `## Lesson ${i + 1}\n\nText.<script>alert(1)</script>`, preview: i === 0 }));
const SUPPLEMENTS = [
  { kind: 'DOCUMENT' as const, title: 'The docs', url: 'https://example.com/docs', public: true },
  { kind: 'BOOK' as const, title: 'A book', url: 'https://example.com/book', public: false },
];

describe('a course loaded in bulk', () => {
  it('is stored and logged exactly as one built step by step: the same sections, lessons, count, status, version and events', async () => {
    const single = await stepByStep('Built step by step');
    const bulk = await h.subgraph.service.importCourse(instructor.viewer, courseInput({ title: 'Built in bulk' }), SECTIONS, { publish: true });
    const shape = (c: typeof single) => ({
      status: c.status, lessonCount: c.lessonCount, version: c.version,
      sections: c.sections.map((s) => ({ title: s.title, position: s.position, lessons: s.lessons.map(({ _id: _id, ...l }) => l) })),
    });
    expect(shape(bulk)).toEqual(shape(single));
    expect(await h.subgraph.repository.cards.findOne({ _id: bulk._id })).toMatchObject({ status: 'PUBLISHED', lessonCount: 3, version: bulk.version });
    const [one, many] = [await eventsOf(single._id), await eventsOf(bulk._id)];
    expect(many.map((e) => e.type)).toEqual(['CourseCreated', 'CourseSectionAdded', 'LessonAdded', 'LessonAdded', 'CourseSectionAdded', 'LessonAdded', 'CoursePublished']);
    expect(normalised(many, 'Built in bulk')).toEqual(normalised(one, 'Built step by step'));
    // One append: consecutive positions in the log.
    expect(many.map((e) => e.seq - many[0]!.seq)).toEqual(many.map((_, i) => i));
  });

  it("gets its lessons' bodies and supplements in one write each, rendered and sanitised, logged as one by one", async () => {
    const { service, content, repository } = h.subgraph;
    const single = await stepByStep('Bodies step by step');
    const bulk = await service.importCourse(instructor.viewer, courseInput({ title: 'Bodies in bulk' }), SECTIONS, { publish: true });
    const [before1, before2] = [(await eventsOf(single._id)).length, (await eventsOf(bulk._id)).length];
    for (const body of bodies(single)) await content.updateLessonContent(instructor.viewer, { ...body, expectedVersion: 0 });
    for (const supplement of SUPPLEMENTS) await content.addSupplement(instructor.viewer, { courseId: single._id, ...supplement });
    expect(await content.importLessonContents(instructor.viewer, bulk._id, bodies(bulk))).toBe(3);
    expect(await content.addSupplements(instructor.viewer, bulk._id, SUPPLEMENTS.map((s) => ({ courseId: bulk._id, ...s })))).toHaveLength(2);

    const stored = await repository.contents.find({ courseId: bulk._id }).toArray();
    expect(stored).toHaveLength(3);
    for (const c of stored) {
      expect(c).toMatchObject({ version: 1, previewSynced: true, outbox: [] });
      expect(c.bodyHtml).toMatch(/^<h2>Lesson \d<\/h2>\n<p>Text.<\/p>/);
      expect(c.bodyHtml).not.toContain('script');
    }
    const after = await repository.findCourse(bulk._id);
    expect(after!.sections.flatMap((s) => s.lessons).map((l) => l.preview ?? false)).toEqual([true, false, false]);
    expect(after!.supplements!.map((s) => s.title)).toEqual(['The docs', 'A book']);
    const stepped = await repository.findCourse(single._id);
    expect(after!.version).toBe(stepped!.version);
    const [one, many] = [(await eventsOf(single._id)).slice(before1), (await eventsOf(bulk._id)).slice(before2)];
    expect(normalised(many, 'Bodies in bulk')).toEqual(normalised(one, 'Bodies step by step'));
    expect(many.map((e) => e.type)).toEqual(['LessonContentUpdated', 'LessonContentUpdated', 'LessonContentUpdated', 'SupplementAdded', 'SupplementAdded']);
  });

  it('is refused, with nothing written, to another instructor, for a lesson of another course, and over content a lesson has', async () => {
    const { service, content, repository } = h.subgraph;
    const course = await service.importCourse(instructor.viewer, courseInput(), SECTIONS, { publish: false });
    const other = await service.importCourse(instructor.viewer, courseInput(), SECTIONS, { publish: false });
    const count = () => repository.contents.countDocuments({ courseId: course._id });
    const attempt = (fn: () => Promise<unknown>) => fn().then(() => 'written', (e: { extensions?: { code?: string } }) => e.extensions?.code);
    expect(await attempt(() => content.importLessonContents(actor(h, 'STUDENT', 'INSTRUCTOR').viewer, course._id, bodies(course)))).toBe('FORBIDDEN');
    expect(await attempt(() => content.importLessonContents(instructor.viewer, course._id, [...bodies(course), ...bodies(other)]))).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(0);
    const [first, ...rest] = bodies(course);
    await content.updateLessonContent(instructor.viewer, { ...first!, expectedVersion: 0 });
    expect(await attempt(() => content.importLessonContents(instructor.viewer, course._id, [first!, ...rest]))).toBe('CONFLICT');
    expect(await count()).toBe(1);
    expect(await attempt(() => service.importCourse(actor(h, 'STUDENT').viewer, courseInput(), SECTIONS, { publish: true }))).toBe('FORBIDDEN');
    expect(await attempt(() => service.importCourse(instructor.viewer, courseInput(), [{ title: 'Empty', lessons: [] }], { publish: true }))).toBe('BAD_USER_INPUT');
  });
});
