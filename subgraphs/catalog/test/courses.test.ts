import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { COURSE_FIELDS, actor, codeOf, courseInput, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';
import { CourseUpdated } from '@lg/events';

let h: CatalogHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startCatalog();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { ${COURSE_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { ${COURSE_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { id status publishedAt lessonCount } }`;
const ADD_SECTION = `mutation($courseId: ID!, $title: String!) { addCourseSection(courseId: $courseId, title: $title) { id title position lessons { id } } }`;
const ADD_LESSON = `mutation($sectionId: ID!, $input: AddLessonInput!) { addLesson(sectionId: $sectionId, input: $input) { id title position kind durationMinutes } }`;
const COURSE = `query($id: ID!) { course(id: $id) { ${COURSE_FIELDS} } }`;

const create = (input: object, who = instructor) => h.gql(CREATE, { input }, { token: who.token });
const stored = (id: string) => h.subgraph.repository.courses.findOne({ _id: id });
const eventsOf = (courseId: string) =>
  h.platform.db.collection('platform_events').find({ courseId }).sort({ seq: 1 }).toArray();
const counts = async () => ({
  courses: await h.subgraph.repository.courses.countDocuments(),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

describe('creating a course', () => {
  it('an instructor creates a DRAFT course, becomes its instructor, and pays in USD by default', async () => {
    const res = await create(courseInput({ title: '  Functional Programming in Practice ', tags: ['fp', 'haskell'], priceCents: 2500 }));
    expect(res.errors).toBeUndefined();
    const course = res.data!.createCourse;
    expect(course).toMatchObject({
      title: 'Functional Programming in Practice', slug: 'functional-programming-in-practice', status: 'DRAFT', currency: 'USD',
      priceCents: 2500, tags: ['fp', 'haskell'], lessonCount: 0, sections: [], publishedAt: null, instructor: { id: instructor.id },
    });
    expect(Date.parse(course.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('takes a currency given as an ISO-4217 code', async () => {
    const res = await create(courseInput({ currency: 'EUR' }));
    expect(res.data!.createCourse.currency).toBe('EUR');
  });

  it('derives the slug from the title without accents or punctuation', async () => {
    const res = await create(courseInput({ title: 'Café & Crème: Pâtisserie 101!' }));
    expect(res.data!.createCourse.slug).toBe('cafe-creme-patisserie-101');
  });

  it('gives a second course with the same title the slug plus a short suffix', async () => {
    const first = (await create(courseInput({ title: 'Twin Title Course' }))).data!.createCourse;
    const second = (await create(courseInput({ title: 'Twin Title Course' }))).data!.createCourse;
    expect(first.slug).toBe('twin-title-course');
    expect(second.slug).toMatch(/^twin-title-course-[0-9a-f]{6}$/);
  });

  it('trims tags and drops repeats in any letter case', async () => {
    const res = await create(courseInput({ tags: [' SQL ', 'sql', 'Databases'] }));
    expect(res.data!.createCourse.tags).toEqual(['SQL', 'Databases']);
  });

  it.each([
    ['a title of 2 characters', { title: 'ab' }, 'title'],
    ['a title of 121 characters', { title: 'x'.repeat(121) }, 'title'],
    ['a summary of 301 characters', { summary: 'x'.repeat(301) }, 'summary'],
    ['a description of 20001 characters', { description: 'x'.repeat(20_001) }, 'description'],
    ['a category of 1 character', { category: 'x' }, 'category'],
    ['a category of 41 characters', { category: 'x'.repeat(41) }, 'category'],
    ['11 tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
    ['a tag of 31 characters', { tags: ['x'.repeat(31)] }, 'tags'],
    ['an empty tag', { tags: ['  '] }, 'tags'],
    ['a negative price', { priceCents: -1 }, 'priceCents'],
    ['a price above 100000000 cents', { priceCents: 100_000_001 }, 'priceCents'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['a four-letter currency', { currency: 'EURO' }, 'currency'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, overrides, field) => {
    const before = await counts();
    const res = await create(courseInput(overrides));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('an unknown level or a missing field is rejected before anything runs', async () => {
    const before = await counts();
    expect(codeOf(await create(courseInput({ level: 'EXPERT' as never })))).toBe('BAD_USER_INPUT');
    const { title: _title, ...untitled } = courseInput();
    expect(codeOf(await create(untitled))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });
});

describe('updating a course', () => {
  it('changes only the given fields, keeps the slug, and makes the new words searchable', async () => {
    const { course } = await seedCourse(h, instructor, { input: { title: 'Original Heading' } });
    const res = await h.gql(UPDATE, { id: course._id, input: { title: 'Renamed Heading', priceCents: 700, tags: ['zymurgy'] } }, { token: instructor.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateCourse).toMatchObject({
      title: 'Renamed Heading', slug: 'original-heading', priceCents: 700, tags: ['zymurgy'], summary: course.summary, category: course.category,
    });
    const doc = await stored(course._id);
    expect(doc!.searchTerms).toEqual(expect.arrayContaining(['renamed', 're', 'zymurgy', 'zy']));
    expect(doc!.searchTerms).not.toContain('original');
  });

  it('an empty summary and an empty tag list are real changes', async () => {
    const { course } = await seedCourse(h, instructor, { input: { tags: ['old'] } });
    const res = await h.gql(UPDATE, { id: course._id, input: { summary: '', tags: [] } }, { token: instructor.token });
    expect(res.data!.updateCourse).toMatchObject({ summary: '', tags: [] });
    expect((await stored(course._id))!.searchTerms).not.toContain('old');
  });

  it('a change of category is found by the category filter in any letter case', async () => {
    const { course } = await seedCourse(h, instructor);
    await h.gql(UPDATE, { id: course._id, input: { category: 'Quantum   Basket Weaving' } }, { token: instructor.token });
    const doc = await stored(course._id);
    expect(doc).toMatchObject({ category: 'Quantum Basket Weaving', categoryKey: 'quantum basket weaving' });
  });

  it.each([
    ['an update that changes nothing', {}, undefined],
    ['a title of 121 characters', { title: 'x'.repeat(121) }, 'title'],
    ['a negative price', { priceCents: -5 }, 'priceCents'],
    ['11 tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
  ])('%s is BAD_USER_INPUT and the course is untouched', async (_name, input, field) => {
    const { course } = await seedCourse(h, instructor);
    const before = await stored(course._id);
    const res = await h.gql(UPDATE, { id: course._id, input }, { token: instructor.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await stored(course._id)).toEqual(before);
  });

  it('an unknown course is NOT_FOUND and a malformed id BAD_USER_INPUT', async () => {
    const unknown = await h.gql(UPDATE, { id: '0190a0a0-0000-7000-8000-000000000000', input: { title: 'Whatever' } }, { token: instructor.token });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const malformed = await h.gql(UPDATE, { id: 'nope', input: { title: 'Whatever' } }, { token: instructor.token });
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('id');
  });
});

describe('sections and lessons', () => {
  it('sections and lessons get consecutive positions and come back in order', async () => {
    const course = (await create(courseInput())).data!.createCourse;
    const first = (await h.gql(ADD_SECTION, { courseId: course.id, title: 'Basics' }, { token: instructor.token })).data!.addCourseSection;
    const second = (await h.gql(ADD_SECTION, { courseId: course.id, title: 'Deeper' }, { token: instructor.token })).data!.addCourseSection;
    expect([first.position, second.position]).toEqual([1, 2]);
    expect(first).toMatchObject({ title: 'Basics', lessons: [] });
    const lesson = async (sectionId: string, title: string, durationMinutes?: number) =>
      (await h.gql(ADD_LESSON, { sectionId, input: { title, kind: 'READING', durationMinutes } }, { token: instructor.token })).data!.addLesson;
    expect(await lesson(second.id, 'Two-one', 12)).toMatchObject({ title: 'Two-one', position: 1, kind: 'READING', durationMinutes: 12 });
    await lesson(first.id, 'One-one');
    expect((await lesson(first.id, 'One-two')).durationMinutes).toBeNull();
    const read = (await h.gql(COURSE, { id: course.id }, { token: instructor.token })).data!.course;
    expect(read.lessonCount).toBe(3);
    expect(read.sections.map((s: { title: string; position: number; lessons: { title: string; position: number }[] }) =>
      [s.title, s.position, s.lessons.map((l) => [l.title, l.position])])).toEqual([
      ['Basics', 1, [['One-one', 1], ['One-two', 2]]],
      ['Deeper', 2, [['Two-one', 1]]],
    ]);
  });

  it('lessons added at the same moment never share a position', async () => {
    const { course, section } = await seedCourse(h, instructor);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      h.gql(ADD_LESSON, { sectionId: section._id, input: { title: `Racer ${i}`, kind: 'VIDEO' } }, { token: instructor.token })));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const doc = await stored(course._id);
    expect(doc!.sections[0]!.lessons.map((l) => l.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(doc!.lessonCount).toBe(13);
  });

  it('sections added at the same moment never share a position', async () => {
    const course = (await create(courseInput())).data!.createCourse;
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.gql(ADD_SECTION, { courseId: course.id, title: `Part ${i}` }, { token: instructor.token })));
    const doc = await stored(course.id);
    expect(doc!.sections.map((s) => s.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([
    ['an empty section title', ADD_SECTION, (ids: Ids) => ({ courseId: ids.courseId, title: '  ' }), 'title'],
    ['a section title of 121 characters', ADD_SECTION, (ids: Ids) => ({ courseId: ids.courseId, title: 'x'.repeat(121) }), 'title'],
    ['a lesson title of 121 characters', ADD_LESSON, (ids: Ids) => ({ sectionId: ids.sectionId, input: { title: 'x'.repeat(121), kind: 'VIDEO' } }), 'title'],
    ['a lesson of 0 minutes', ADD_LESSON, (ids: Ids) => ({ sectionId: ids.sectionId, input: { title: 'Short', kind: 'VIDEO', durationMinutes: 0 } }), 'durationMinutes'],
    ['a lesson of 601 minutes', ADD_LESSON, (ids: Ids) => ({ sectionId: ids.sectionId, input: { title: 'Long', kind: 'VIDEO', durationMinutes: 601 } }), 'durationMinutes'],
    ['a malformed section id', ADD_LESSON, () => ({ sectionId: 'nope', input: { title: 'Fine', kind: 'VIDEO' } }), 'sectionId'],
    ['a malformed course id', ADD_SECTION, () => ({ courseId: 'nope', title: 'Fine' }), 'courseId'],
  ])('%s is BAD_USER_INPUT naming the field, and the course is untouched', async (_name, mutation, vars, field) => {
    const { course, section } = await seedCourse(h, instructor);
    const [before, doc] = [await counts(), await stored(course._id)];
    const res = await h.gql(mutation, vars({ courseId: course._id, sectionId: section._id }), { token: instructor.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await stored(course._id)).toEqual(doc);
    expect(await counts()).toEqual(before);
  });

  it('a course holds at most 50 sections and a section at most 100 lessons', async () => {
    const { course, section } = await seedCourse(h, instructor);
    const lessons = Array.from({ length: 100 }, (_, i) => ({ _id: `l${i}`, title: `L${i}`, position: i + 1, kind: 'VIDEO' as const, durationMinutes: null }));
    const sections = [{ ...section, lessons }, ...Array.from({ length: 49 }, (_, i) => ({ _id: `s${i}`, title: `S${i}`, position: i + 2, lessons: [] }))];
    await h.subgraph.repository.courses.updateOne({ _id: course._id }, { $set: { sections, lessonCount: 100 } });
    const before = await stored(course._id);
    const tooManySections = await h.gql(ADD_SECTION, { courseId: course._id, title: 'One more' }, { token: instructor.token });
    expect(codeOf(tooManySections)).toBe('BAD_USER_INPUT');
    expect(tooManySections.errors![0]!.message).toMatch(/at most 50 sections/);
    const tooManyLessons = await h.gql(ADD_LESSON, { sectionId: section._id, input: { title: 'One more', kind: 'VIDEO' } }, { token: instructor.token });
    expect(codeOf(tooManyLessons)).toBe('BAD_USER_INPUT');
    expect(tooManyLessons.errors![0]!.message).toMatch(/at most 100 lessons/);
    expect(await stored(course._id)).toEqual(before);
  });

  it('a lesson for an unknown section is NOT_FOUND', async () => {
    const res = await h.gql(ADD_LESSON, { sectionId: '0190a0a0-0000-7000-8000-000000000000', input: { title: 'Lost', kind: 'LAB' } }, { token: instructor.token });
    expect(codeOf(res)).toBe('NOT_FOUND');
  });
});

type Ids = { courseId: string; sectionId: string };

describe('publishing', () => {
  it('a course without lessons cannot be published and stays a draft', async () => {
    const course = (await create(courseInput())).data!.createCourse;
    await h.gql(ADD_SECTION, { courseId: course.id, title: 'Empty for now' }, { token: instructor.token });
    const res = await h.gql(PUBLISH, { id: course.id }, { token: instructor.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/at least one lesson/);
    expect((await stored(course.id))!.status).toBe('DRAFT');
  });

  it('publishing sets the status and publishedAt once; publishing again changes nothing', async () => {
    const { course } = await seedCourse(h, instructor);
    const first = (await h.gql(PUBLISH, { id: course._id }, { token: instructor.token })).data!.publishCourse;
    expect(first).toMatchObject({ status: 'PUBLISHED', lessonCount: 1 });
    expect(Date.parse(first.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = (await h.gql(PUBLISH, { id: course._id }, { token: instructor.token })).data!.publishCourse;
    expect(again).toEqual(first);
    expect((await eventsOf(course._id)).filter((e) => e.type === 'CoursePublished')).toHaveLength(1);
  });

  it('racing publishes publish once', async () => {
    const { course } = await seedCourse(h, instructor);
    const results = await Promise.all(Array.from({ length: 5 }, () => h.gql(PUBLISH, { id: course._id }, { token: instructor.token })));
    expect(new Set(results.map((r) => r.data!.publishCourse.publishedAt)).size).toBe(1);
    expect((await eventsOf(course._id)).filter((e) => e.type === 'CoursePublished')).toHaveLength(1);
  });

  it('lessons can still be added to a published course', async () => {
    const { course, section } = await seedCourse(h, instructor, { publish: true });
    const res = await h.gql(ADD_LESSON, { sectionId: section._id, input: { title: 'Bonus', kind: 'EXERCISE' } }, { token: instructor.token });
    expect(res.data!.addLesson.position).toBe(2);
    expect((await stored(course._id))!.lessonCount).toBe(2);
  });
});

describe('domain events', () => {
  it('every change records its event with the course id and what projections need, and leaves the outbox empty', async () => {
    const course = (await create(courseInput({ title: 'Evented Course', priceCents: 1200, currency: 'GBP' }))).data!.createCourse;
    await h.gql(UPDATE, { id: course.id, input: { priceCents: 1500 } }, { token: instructor.token });
    const section = (await h.gql(ADD_SECTION, { courseId: course.id, title: 'Only part' }, { token: instructor.token })).data!.addCourseSection;
    const lesson = (await h.gql(ADD_LESSON, { sectionId: section.id, input: { title: 'Only lesson', kind: 'VIDEO' } }, { token: instructor.token })).data!.addLesson;
    await h.gql(PUBLISH, { id: course.id }, { token: instructor.token });

    const events = await eventsOf(course.id);
    expect(events.map((e) => e.type)).toEqual(['CourseCreated', 'CourseUpdated', 'CourseSectionAdded', 'LessonAdded', 'CoursePublished']);
    expect(events.every((e) => e.aggregateId === course.id && e.data.instructorId === instructor.id)).toBe(true);
    const [created, updated, sectionAdded, lessonAdded, published] = events;
    expect(created!.data).toMatchObject({ status: 'DRAFT', title: 'Evented Course', slug: 'evented-course', priceCents: 1200, currency: 'GBP' });
    expect(updated!.data).toMatchObject({ changed: ['priceCents'], priceCents: 1500, currency: 'GBP', status: 'DRAFT' });
    expect(sectionAdded!.data).toMatchObject({ sectionId: section.id, position: 1 });
    expect(lessonAdded!.data).toMatchObject({ sectionId: section.id, lessonId: lesson.id, position: 1, kind: 'VIDEO', lessonCount: 1 });
    expect(published!.data).toMatchObject({ status: 'PUBLISHED', priceCents: 1500, lessons: [{ lessonId: lesson.id, sectionId: section.id }] });
    expect((await stored(course.id))!.outbox).toEqual([]);
  });

  it('an event a crash left in the outbox reaches the log when the subgraph starts again', async () => {
    const { course } = await seedCourse(h, instructor);
    const stranded = CourseUpdated.build({
      courseId: course._id, instructorId: course.instructorId, status: course.status, by: instructor.id, title: course.title,
      priceCents: course.priceCents, currency: course.currency, changed: [], values: {},
    });
    await h.subgraph.repository.courses.updateOne({ _id: course._id }, { $push: { outbox: stranded } });
    await (await createCatalogSubgraph(h.platform)).stop();
    expect((await eventsOf(course._id)).map((e) => e._id)).toContain(stranded._id);
    expect((await stored(course._id))!.outbox).toEqual([]);
  });
});
