// A student learns from a video lesson in a real browser: enrols from the lesson, plays its HLS
// video (hls.js over Media Source Extensions), leaves and comes back to the same second, completes
// the lesson by watching to the end; an anonymous visitor reads a preview lesson and is offered to
// join on a members-only one. The video is the seed's demo video, ingested and processed by media.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachDemoMedia, demoMediaFiles, DEMO_VIDEO_SECONDS } from '../../tools/seed/media.ts';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let student: TestUser;
let course: { id: string; sectionId: string };
let videoLessonId: string;
let previewLessonId: string;

const VIDEO_STATUS = `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { video { status failureReason } } } } }`;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Vera Video');
  student = await signUp(t, [], 'Sam Student');
  course = await createCourse(t, instructor, { title: 'Watching Waves' });
  const asInstructor = { token: instructor.token };
  // A second lesson, open to everyone as a preview.
  const added = await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Tides in depth", kind: READING, durationMinutes: 4 }) { id } }`, { s: course.sectionId }, asInstructor);
  expect(added.errors).toBeUndefined();
  previewLessonId = added.data!.addLesson.id;
  const written = await t.gql(
    `mutation($i: UpdateLessonContentInput!) { updateLessonContent(input: $i) { id preview } }`,
    { i: { lessonId: previewLessonId, expectedVersion: 0, preview: true, bodyMarkdown: '## Why tides turn\n\nThe moon pulls the **oceans** toward it.\n\n```\nhigh tide ≈ every 12 h 25 min\n```' } },
    asInstructor,
  );
  expect(written.errors).toBeUndefined();
  // The first lesson ("Welcome") gets the demo video and captions, and the course its cover.
  const files = await demoMediaFiles(join(t.stack.subgraphs.media.config.dataDir, 'seed-media'));
  expect(await attachDemoMedia(t.stack.subgraphs, { id: instructor.id, roles: ['STUDENT', 'INSTRUCTOR'] }, course.id, files)).toBe(true);
  const lessons = await t.gql(`query($c: ID!) { course(id: $c) { sections { lessons { id title } } } }`, { c: course.id });
  videoLessonId = lessons.data!.course.sections[0].lessons.find((l: { title: string }) => l.title === 'Welcome').id;
  // Processed off the request path: HLS renditions and a poster.
  for (let i = 0; i < 240; i += 1) {
    const video = (await t.gql(VIDEO_STATUS, { c: course.id, l: videoLessonId }, asInstructor)).data?.course.lesson.content.video;
    if (video?.status === 'READY') return;
    if (video?.status === 'FAILED') throw new Error(`The demo video failed processing: ${video.failureReason}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('The demo video was not READY within a minute.');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const video = (page: Page) => page.getByLabel('Video: Welcome');
const playerState = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, paused: v.paused, ended: v.ended, duration: v.duration, ready: v.readyState }));

describe('a student in the lesson viewer', () => {
  it('watches a video lesson, resumes it where they left, and completes it by watching to the end', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, student);
      // Not a member yet: the lesson says so and offers to enrol, right there.
      await page.goto(`${base}/courses/${course.id}/lessons/${videoLessonId}`);
      await page.getByRole('heading', { name: 'This lesson is for the course’s students' }).waitFor();
      await screenshot(page, 'lesson-refused-signed-in-1440');
      await page.getByRole('button', { name: 'Enrol for free' }).click();

      // The lesson: its body, the player with a poster and a caption track.
      await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
      await page.getByRole('article', { name: 'Lesson text' }).getByText('Watch the short video first').waitFor();
      await expect.poll(() => playerState(page).then((s) => s.ready), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      expect(await video(page).getAttribute('poster')).toMatch(/\/media\/.+\/poster\.jpg$/);
      expect(await page.locator('video track[kind="captions"]').getAttribute('label')).toBe('English');
      // The captions load from their signed URL: the three cues of the demo's WebVTT file.
      await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.textTracks[0]?.cues?.length ?? 0), { timeout: 10_000 }).toBe(3);

      // Playing: the time advances. (Muted: a page may play sound only after a gesture.)
      await video(page).evaluate((v: HTMLVideoElement) => { v.muted = true; void v.play(); });
      await expect.poll(() => playerState(page).then((s) => !s.paused && s.time > 3), { timeout: 20_000, interval: 100 }).toBe(true);
      await screenshot(page, 'lesson-video-playing-1440');

      // Leaving saves the position; coming back starts there.
      const leftAt = (await playerState(page)).time;
      const saved = page.waitForRequest((r) => r.postData()?.includes('SavePlaybackPosition') ?? false);
      await page.getByRole('link', { name: '← Watching Waves' }).click();
      await (await saved).response();
      await page.getByRole('heading', { name: 'Watching Waves' }).waitFor();
      await page.getByRole('link', { name: 'Welcome' }).click();
      await expect.poll(() => playerState(page).then((s) => s.ready >= 1 && s.time > 0), { timeout: 20_000 }).toBe(true);
      const resumedAt = (await playerState(page)).time;
      expect(Math.abs(resumedAt - leftAt)).toBeLessThanOrEqual(3);

      // Watched to the end (from 85%): the lesson completes by itself.
      await video(page).evaluate((v: HTMLVideoElement, at: number) => { v.muted = true; v.currentTime = at; void v.play(); }, DEMO_VIDEO_SECONDS * 0.85);
      await expect.poll(() => playerState(page).then((s) => s.ended), { timeout: 20_000, interval: 200 }).toBe(true);
      await page.getByText('You completed this lesson.').waitFor({ timeout: 15_000 });
      await page.getByLabel('Welcome completed').waitFor();
      await screenshot(page, 'lesson-video-completed-1440');

      // Next lesson, then My learning offers to continue there.
      await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: 'Tides in depth →' }).click();
      await page.getByRole('heading', { name: 'Tides in depth', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'My learning', exact: true }).click();
      await page.getByRole('link', { name: 'Continue where you left off' }).click();
      await page.getByRole('heading', { name: 'Tides in depth', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Why tides turn' }).waitFor();
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'lesson-journey-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lets an anonymous visitor read a preview lesson, and offers to join on a members-only one', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await page.goto(`${base}/courses/${course.id}`);
      await page.getByRole('heading', { name: 'Watching Waves' }).waitFor();
      // The cover is public and loads.
      await expect.poll(() => page.locator('img.cover').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
      await page.getByLabel('Tides in depth: open preview').waitFor();
      await screenshot(page, 'course-cover-preview-anonymous-1440');
      expect(await page.getByRole('link', { name: 'Welcome' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Tides in depth' }).click();
      await page.getByRole('heading', { name: 'Why tides turn' }).waitFor();
      await page.getByRole('article', { name: 'Lesson text' }).getByText('high tide ≈ every 12 h 25 min').waitFor();
      await screenshot(page, 'lesson-preview-anonymous-1440');

      await page.goto(`${base}/courses/${course.id}/lessons/${videoLessonId}`);
      await page.getByRole('heading', { name: 'This lesson is for the course’s students' }).waitFor();
      await page.getByRole('link', { name: 'Sign in' }).last().waitFor();
      expect(await page.locator('video').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, 'lesson-refused-anonymous-1440');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('fits a 375 px screen: the lesson viewer does not scroll sideways', async () => {
    const { context, page } = await openTab(browser, { width: 375, height: 812 }, true);
    try {
      await signInThroughUi(page, base, student);
      await page.goto(`${base}/courses/${course.id}/lessons/${videoLessonId}`);
      await video(page).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'lesson-video-375');
    } finally {
      await context.close();
    }
  }, 60_000);
});
