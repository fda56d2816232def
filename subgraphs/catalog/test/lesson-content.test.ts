import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { EnrollmentCreated, LessonContentUpdated } from '@lg/events';
import { createCatalogSubgraph, renderLessonBody } from '../src/index.ts';
import { actor, seedCourse, startCatalog, type Actor, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startCatalog();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

describe('rendering a lesson body', () => {
  it('keeps headings, lists, tables, images and code fences with their language', () => {
    const html = renderLessonBody('# Hi\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n![chart](https://example.com/c.png "Chart")\n\n```go\nfmt.Println(1)\n```');
    expect(html).toContain('<h1>Hi</h1>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<img src="https://example.com/c.png" alt="chart" title="Chart" />');
    expect(html).toContain('<pre><code class="language-go">fmt.Println(1)\n</code></pre>');
  });

  it('drops what could run or restyle the page, in raw HTML and in Markdown links alike', () => {
    const html = renderLessonBody([
      '<script>alert(1)</script>', '<style>body{display:none}</style>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">a</a>',
      '[b](javascript:alert(1))', '![c](data:image/svg+xml;base64,PHN2Zz4=)', '<div style="position:fixed">d</div>', '<form action="https://evil"><input></form>',
      '<code class="x onmouseover">e</code>', '<a href="//evil.example/">f</a>',
    ].join('\n\n'));
    expect(html).not.toMatch(/<script|<style|alert\(1\)<\/|\son\w+=|href="\s*javascript|src="data:|style=|<form|<input|href="\/\//i);
  });
});

describe('lesson content across a crash', () => {
  it("a preview flag a crash left uncopied to its course is copied at start-up, and the content's event then leaves", async () => {
    const { course, section, lesson } = await seedCourse(h, instructor, { publish: true });
    const event = LessonContentUpdated.build({
      courseId: course._id, instructorId: course.instructorId, status: course.status, by: instructor.id, lessonId: lesson._id, preview: true, mediaIds: [], version: 1,
    });
    // The content was written, then the process stopped before copying the flag and flushing.
    await h.subgraph.repository.contents.insertOne({
      _id: lesson._id, courseId: course._id, bodyMarkdown: 'Hello', bodyHtml: '<p>Hello</p>\n', mediaIds: [], videoId: null, captionIds: [],
      preview: true, version: 1, previewSynced: false, updatedAt: new Date(), outbox: [event],
    });
    const again = await createCatalogSubgraph(h.platform);
    await again.stop();
    const stored = await h.subgraph.repository.courses.findOne({ _id: course._id });
    expect(stored!.sections.find((s) => s._id === section._id)!.lessons[0]!.preview).toBe(true);
    const content = await h.subgraph.repository.contents.findOne({ _id: lesson._id });
    expect(content).toMatchObject({ previewSynced: true, outbox: [] });
    expect(await h.platform.db.collection('platform_events').countDocuments({ _id: event._id as never })).toBe(1);
  });
});

describe('who reads a lesson', () => {
  it('a student whose enrolment was logged a moment ago reads it at once: the member projection is caught up before refusing', async () => {
    const { course, lesson } = await seedCourse(h, instructor, { publish: true });
    const student = actor(h, 'STUDENT');
    const read = () => h.gql(`query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { version } } } }`, { c: course._id, l: lesson._id }, { token: student.token });
    expect((await read()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await h.platform.eventLog.append([EnrollmentCreated.build({ enrollmentId: newId(), userId: student.id, courseId: course._id, source: 'FREE' })]);
    const res = await read();
    expect(res.errors).toBeUndefined();
    expect(res.data!.course.lesson.content).toEqual({ version: 0 });
  });
});
