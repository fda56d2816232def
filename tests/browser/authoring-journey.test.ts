// The authoring journey in a real browser: an instructor writes a lesson in the Markdown editor
// (live preview), uploads a short video with the progress bar through a connection that drops
// mid-way (tus resumes it, and the server gets every byte once), watches it reach READY, reorders
// two lessons and adds a supplement; a host creates a lab with a photo. Screenshots in
// test-results/browser/.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

const dir = resolve('.data/test', `authoring-journey-${process.pid}`);
let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let course: { id: string; sectionId: string };
let clip: string;
let photo: string;

const ffmpeg = (args: string[], out: string) => {
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args, out]);
  return out;
};

/**
 * The lesson text holds an attack (an <img onerror>). Chromium reports the CSP refusing its handler
 * as soon as the preview's sanitiser parses it in an inert document, before DOMPurify drops it:
 * that line is the policy doing its work; any other page error or violation still fails.
 */
const notThePayloadsHandler = (error: string) => !/^Executing inline event handler violates the following Content Security Policy directive 'script-src 'self''/.test(error);

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  t = await startTestStack({ DATA_DIR: dir });
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ada Author');
  course = await createCourse(t, instructor, { title: 'Electronics by Doing' });
  const added = await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Ohm's law", kind: READING }) { id } }`, { s: course.sectionId }, { token: instructor.token });
  expect(added.errors).toBeUndefined();
  // Lossless, so that it spans two of the client's 1 MiB chunks: the drop hits the second one.
  clip = ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p'], join(dir, 'soldering.mp4'));
  photo = ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x200', '-frames:v', '1'], join(dir, 'bench.png'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const lessonOrder = async () =>
  (await t.gql(`query($id: ID!) { course(id: $id) { sections { lessons { title } } } }`, { id: course.id }, { token: instructor.token }))
    .data!.course.sections[0].lessons.map((l: { title: string }) => l.title) as string[];

describe('an instructor authoring in the browser', () => {
  it('writes a lesson with a live preview, uploads a video through a dropped connection to READY, reorders lessons and adds a supplement', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByRole('list', { name: 'Courses I teach' }).getByRole('listitem').filter({ hasText: 'Electronics by Doing' })
        .getByRole('link', { name: 'Edit details, lessons, media and supplements' }).click();
      await page.getByRole('heading', { name: 'Sections and lessons' }).waitFor();

      // The editor's preview follows the text, and a script written into it never runs or shows.
      await page.getByRole('button', { name: 'Edit Welcome' }).click();
      const preview = page.getByRole('region', { name: 'Live preview' });
      await page.getByLabel('Lesson text (Markdown)').fill('# Holding the iron\n\nKeep the tip **clean**.\n\n<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">');
      await preview.getByRole('heading', { name: 'Holding the iron' }).waitFor();
      await expect.poll(() => preview.locator('strong').textContent()).toBe('clean');
      expect(await preview.locator('script, [onerror]').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

      // The second chunk's first try is cut off as by a dropped connection; tus asks the server
      // for its offset and sends the rest. Every accepted PATCH is recorded with its offsets.
      const accepted: [number, number][] = [];
      let dropped = 0;
      await page.route('**/uploads/**', async (route) => {
        const offset = Number(route.request().headers()['upload-offset'] ?? '0');
        if (route.request().method() === 'PATCH' && offset > 0 && dropped === 0) {
          dropped += 1;
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      page.on('requestfinished', (request: Request) => void (async () => {
        const response = await request.response();
        if (request.method() !== 'PATCH' || response?.status() !== 204) return;
        accepted.push([Number(await request.headerValue('upload-offset')), Number(await response.headerValue('upload-offset'))]);
      })());
      await page.getByLabel('Upload a video or attachment', { exact: true }).setInputFiles(clip);
      const progress = page.getByRole('progressbar', { name: 'Upload a video or attachment: upload progress' });
      await progress.waitFor();
      await page.getByLabel('Upload a video or attachment: ready').waitFor({ timeout: 60_000 });
      expect(await progress.getAttribute('aria-valuenow')).toBe('100');
      await page.getByRole('list', { name: 'Lesson video' }).getByText('soldering.mp4').waitFor();
      await screenshot(page, 'authoring-lesson-editor-1440');
      await page.getByRole('button', { name: 'Save lesson' }).click();
      await page.getByText('Lesson saved.').waitFor();

      const size = statSync(clip).size;
      expect(dropped).toBe(1);
      accepted.sort((a, b) => a[0] - b[0]);
      expect(accepted.length).toBeGreaterThanOrEqual(2);
      // Contiguous, non-overlapping and covering the file: the server got each byte once.
      expect(accepted[0]![0]).toBe(0);
      accepted.forEach(([, end], i) => expect(accepted[i + 1]?.[0] ?? size).toBe(end));

      // One lesson at a time: every lesson's content with its media in one query is over the cost limit.
      const welcomeId = (await t.gql(`query($id: ID!) { course(id: $id) { sections { lessons { id title } } } }`, { id: course.id }, { token: instructor.token }))
        .data!.course.sections[0].lessons.find((l: { title: string }) => l.title === 'Welcome').id as string;
      const saved = await t.gql(`query($id: ID!, $l: ID!) { course(id: $id) { lesson(id: $l) { content { bodyHtml video { status byteSize fileName durationSeconds } } } } }`, { id: course.id, l: welcomeId }, { token: instructor.token });
      expect(saved.errors).toBeUndefined();
      const welcome = saved.data!.course.lesson;
      expect(welcome.content.bodyHtml).toContain('<h1>Holding the iron</h1>');
      expect(welcome.content.bodyHtml).not.toMatch(/script|onerror/);
      expect(welcome.content.video).toMatchObject({ status: 'READY', byteSize: size, fileName: 'soldering.mp4' });
      expect(welcome.content.video.durationSeconds).toBeGreaterThan(3);

      // Reorder: Ohm's law moves above Welcome.
      expect(await lessonOrder()).toEqual(['Welcome', "Ohm's law"]);
      await page.getByRole('button', { name: "Move Ohm's law up" }).click();
      const lessons = page.getByRole('list', { name: 'Lessons of Getting started' }).getByRole('listitem');
      await expect.poll(() => lessons.first().textContent()).toContain("Ohm's law");
      expect(await lessonOrder()).toEqual(["Ohm's law", 'Welcome']);

      // A public link supplement.
      const form = page.getByRole('form', { name: 'New supplement' });
      await form.getByLabel('Kind').selectOption('BOOK');
      await form.getByLabel('Supplement title').fill('The Art of Electronics');
      await form.getByLabel('URL').fill('https://artofelectronics.net/');
      await form.getByLabel('Public: shown to everyone, not only members').check();
      await form.getByRole('button', { name: 'Add supplement' }).click();
      await page.getByRole('list', { name: 'Supplements of the course' }).getByText('The Art of Electronics').waitFor();
      const supplements = await t.gql(`query($id: ID!) { course(id: $id) { supplements { kind title url public } } }`, { id: course.id });
      expect(supplements.data!.course.supplements).toEqual([{ kind: 'BOOK', title: 'The Art of Electronics', url: 'https://artofelectronics.net/', public: true }]);
      await screenshot(page, 'authoring-1440');
      expect(errors.filter(notThePayloadsHandler)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('resumes an upload cut off by a reload from where the server got to, when the same file is picked again', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.goto(`${base}/teach/${course.id}`);
      await page.getByRole('button', { name: "Edit Ohm's law" }).click();
      // Every later chunk is cut off as by a dropped connection until the page is reloaded: only the
      // first MiB reaches the server.
      let cut = 0;
      await page.route('**/uploads/**', async (route) => {
        if (route.request().method() === 'PATCH' && Number(route.request().headers()['upload-offset']) > 0) {
          cut += 1;
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      await page.getByLabel('Upload a video or attachment', { exact: true }).setInputFiles(clip);
      await expect.poll(() => cut, { timeout: 15_000 }).toBeGreaterThan(0);
      await page.reload();
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      const opened: string[] = [];
      const offsets: number[] = [];
      page.on('request', (request) => {
        if (request.postData()?.includes('CreateUpload')) opened.push(request.url());
        if (request.method() === 'PATCH' && request.url().includes('/uploads/')) offsets.push(Number(request.headers()['upload-offset']));
      });
      await page.getByRole('button', { name: "Edit Ohm's law" }).click();
      await page.getByLabel('Upload a video or attachment', { exact: true }).setInputFiles(clip);
      await page.getByLabel('Upload a video or attachment: ready').waitFor({ timeout: 30_000 });
      expect(opened).toEqual([]);
      expect(offsets[0]).toBe(1024 * 1024);
      await page.getByRole('list', { name: 'Lesson video' }).getByText('soldering.mp4').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows a video that cannot be processed as FAILED with its reason, and Retry queues it again', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      const broken = join(dir, 'broken.mp4');
      writeFileSync(broken, randomBytes(64 * 1024));
      await signInThroughUi(page, base, instructor);
      await page.goto(`${base}/teach/${course.id}`);
      await page.getByRole('button', { name: "Edit Ohm's law" }).click();
      const retried: string[] = [];
      page.on('request', (request) => { if (request.postData()?.includes('RetryMediaProcessing')) retried.push(request.url()); });
      await page.getByLabel('Upload a video or attachment', { exact: true }).setInputFiles(broken);
      await page.getByLabel('Upload a video or attachment: failed').waitFor({ timeout: 30_000 });
      await page.getByRole('alert').filter({ hasText: 'Processing failed:' }).waitFor();
      await screenshot(page, 'authoring-upload-failed-1440');
      await page.getByRole('button', { name: 'Retry processing' }).click();
      // Queued again, then refused again: the same bytes are no better the second time.
      await expect.poll(() => retried.length).toBe(1);
      await page.getByLabel('Upload a video or attachment: failed').waitFor({ timeout: 30_000 });
      expect(await page.getByRole('list', { name: 'Lesson video' }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('edits the course details, names a CONFLICT when someone changed the course since the form was filled, and sets a cover', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.goto(`${base}/teach/${course.id}`);
      const form = page.getByRole('form', { name: 'Course details' });
      await form.getByLabel('Summary').fill('Solder, measure, build.');
      await form.getByLabel('Tags').fill('electronics, hardware');
      await form.getByRole('button', { name: 'Save details' }).click();
      await form.getByText('Details saved.').waitFor();
      const read = async () => (await t.gql(`query($id: ID!) { course(id: $id) { summary tags } }`, { id: course.id }, { token: instructor.token })).data!.course;
      expect(await read()).toEqual({ summary: 'Solder, measure, build.', tags: ['electronics', 'hardware'] });

      // Someone else (another tab) changes the course; this form still holds the version it read.
      const elsewhere = await t.gql(`mutation($id: ID!) { updateCourse(id: $id, input: { summary: "Changed in another tab." }) { id } }`, { id: course.id }, { token: instructor.token });
      expect(elsewhere.errors).toBeUndefined();
      await form.getByLabel('Course title').fill('Electronics by Doing, revised');
      await form.getByRole('button', { name: 'Save details' }).click();
      await form.getByRole('alert').getByText('The course was changed elsewhere since you opened it, so your changes were not saved.').waitFor();
      await screenshot(page, 'authoring-conflict-1440');
      expect(await read()).toEqual({ summary: 'Changed in another tab.', tags: ['electronics', 'hardware'] });
      await form.getByRole('button', { name: 'Load the latest version' }).click();
      await expect.poll(() => form.getByLabel('Summary').inputValue()).toBe('Changed in another tab.');
      expect(await form.getByLabel('Course title').inputValue()).toBe('Electronics by Doing');

      // A cover: uploaded, READY, then set and shown.
      await page.getByLabel('Upload a cover image', { exact: true }).setInputFiles(photo);
      const cover = page.getByRole('img', { name: 'Cover of Electronics by Doing' });
      await cover.waitFor({ timeout: 30_000 });
      await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
      const set = await t.gql(`query($id: ID!) { course(id: $id) { coverImage { kind status } } }`, { id: course.id });
      expect(set.data!.course.coverImage).toEqual({ kind: 'IMAGE', status: 'READY' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 45_000);

  it('fits a phone: the authoring screen does not scroll sideways', async () => {
    const { context, page, errors } = await openTab(browser, { width: 390, height: 844 }, true);
    try {
      await signInThroughUi(page, base, instructor);
      await page.goto(`${base}/teach/${course.id}`);
      await page.getByRole('button', { name: 'Edit Welcome' }).click();
      await page.getByRole('region', { name: 'Live preview' }).getByRole('heading', { name: 'Holding the iron' }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'authoring-390');
      expect(errors.filter(notThePayloadsHandler)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('a host creates a lab from the Labs screen and gives it a photo that everyone sees', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.getByRole('link', { name: 'Labs' }).click();
      await page.getByRole('button', { name: 'New lab' }).click();
      const form = page.getByRole('form', { name: 'New lab' });
      await form.getByLabel('Lab title').fill('Soldering Bench');
      await form.getByLabel('Lab description').fill('Four stations with fume extraction.');
      await form.getByLabel('Location').fill('Maker space, room 2');
      await form.getByLabel('Capacity').fill('4');
      await form.getByLabel('Equipment').fill('Soldering station, Multimeter');
      await form.getByRole('button', { name: 'Create lab' }).click();
      await page.getByRole('heading', { name: 'Soldering Bench' }).waitFor();

      await page.getByLabel('Add a photo of Soldering Bench', { exact: true }).setInputFiles(photo);
      const shown = page.getByRole('list', { name: 'Photos of Soldering Bench' }).getByRole('img', { name: 'Soldering Bench: bench.png' });
      await shown.waitFor({ timeout: 30_000 });
      await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
      await screenshot(page, 'authoring-lab-photo-1440');

      // Anyone, signed in or not, sees it.
      const labs = await t.gql(`{ labs { edges { node { title photos { kind status url } } } } }`);
      const lab = labs.data!.labs.edges.map((e: { node: unknown }) => e.node).find((l: { title: string }) => l.title === 'Soldering Bench');
      expect(lab.photos).toEqual([{ kind: 'IMAGE', status: 'READY', url: expect.any(String) }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
