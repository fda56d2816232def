// Issue 13's journey end to end, in two browser contexts and through the web client only: an
// instructor creates a course, writes its one lesson, uploads a short video and watches it reach
// READY, then publishes; a student enrols, plays that very video (the player reports playing),
// leaves, finds it under My learning's "Continue where you left off" by its title, comes back to
// the same second, and completes the course by watching to the end — the course page and My
// learning then say the course is completed. Screenshots in test-results/browser/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

const dir = resolve('.data/test', `course-from-upload-${process.pid}`);
const COURSE = 'Soldering from Zero';
const LESSON = 'Your first joint';
const CLIP_SECONDS = 10;
let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let student: TestUser;
let clip: string;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  t = await startTestStack({ DATA_DIR: dir });
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Instructor');
  student = await signUp(t, [], 'Stu Dent');
  clip = join(dir, 'first-joint.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=480x270:rate=25:duration=${CLIP_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip,
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const video = (page: Page) => page.getByLabel(`Video: ${LESSON}`);
const playerState = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, paused: v.paused, ended: v.ended, duration: v.duration, ready: v.readyState }));

describe('a course made in the browser and learnt in the browser', () => {
  it("an instructor's uploaded video lesson is watched, resumed and completed by a student, and the course shows as completed", async () => {
    const teacher = await openTab(browser);
    const learner = await openTab(browser);
    let courseId = '';
    try {
      // ---- The instructor: a draft with one lesson, written and given a video, then published.
      const ip = teacher.page;
      await signInThroughUi(ip, base, instructor);
      await ip.getByRole('link', { name: 'Teach' }).click();
      await ip.getByLabel('Title', { exact: true }).fill(COURSE);
      await ip.getByLabel('Summary').fill('Iron, flux and a steady hand.');
      await ip.getByLabel('Description').fill('From tinning the tip to a shiny joint.');
      await ip.getByLabel('Category').fill('Electronics');
      await ip.getByRole('button', { name: 'Create draft' }).click();
      const taught = ip.getByRole('list', { name: 'Courses I teach' }).getByRole('listitem').filter({ hasText: COURSE });
      await taught.getByText('draft', { exact: true }).waitFor();
      await ip.getByLabel(`New lesson in ${COURSE}`).fill(LESSON);
      await ip.getByLabel(`Kind of lesson (${COURSE})`).selectOption('VIDEO');
      await ip.getByRole('button', { name: 'Add lesson' }).click();
      await taught.getByText('1 lesson', { exact: true }).waitFor();

      await taught.getByRole('link', { name: 'Edit details, lessons, media and supplements' }).click();
      await ip.getByRole('heading', { name: 'Sections and lessons' }).waitFor();
      courseId = /\/teach\/([^/?#]+)/.exec(ip.url())![1]!;
      await ip.getByRole('button', { name: `Edit ${LESSON}` }).click();
      await ip.getByLabel('Lesson text (Markdown)').fill('## Heat the joint, not the solder\n\nTouch the iron to **both** the pad and the lead, then feed the solder.');
      await ip.getByRole('region', { name: 'Live preview' }).getByRole('heading', { name: 'Heat the joint, not the solder' }).waitFor();
      await ip.getByLabel('Upload a video or attachment', { exact: true }).setInputFiles(clip);
      await ip.getByRole('progressbar', { name: 'Upload a video or attachment: upload progress' }).waitFor();
      // Sent, sniffed, transcoded to HLS with a poster off the request path: the screen follows it to READY.
      await ip.getByLabel('Upload a video or attachment: ready').waitFor({ timeout: 60_000 });
      await ip.getByRole('list', { name: 'Lesson video' }).getByText('first-joint.mp4').waitFor();
      await screenshot(ip, 'course-from-upload-instructor-ready-1440');
      await ip.getByRole('button', { name: 'Save lesson' }).click();
      await ip.getByText('Lesson saved.').waitFor();

      await ip.getByRole('link', { name: 'Teach' }).click();
      await taught.getByRole('button', { name: 'Publish' }).click();
      await taught.getByText('published', { exact: true }).waitFor();
      expect(teacher.errors).toEqual([]);

      // What the student will be shown is the asset the instructor uploaded, READY, of the clip's length.
      // (One lesson's content at a time: every lesson's in one query is over the cost limit.)
      const made = (await t.gql(`query($c: ID!) { course(id: $c) { status lessonCount sections { lessons { id title kind } } } }`, { c: courseId }, { token: instructor.token })).data!.course;
      expect(made).toMatchObject({ status: 'PUBLISHED', lessonCount: 1, sections: [{ lessons: [{ title: LESSON, kind: 'VIDEO' }] }] });
      const asInstructor = await t.gql(
        `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { video { id status fileName durationSeconds } } } } }`,
        { c: courseId, l: made.sections[0].lessons[0].id }, { token: instructor.token },
      );
      expect(asInstructor.errors).toBeUndefined();
      const uploaded = asInstructor.data!.course.lesson.content.video;
      expect(uploaded).toMatchObject({ status: 'READY', fileName: 'first-joint.mp4' });
      expect(Math.abs(uploaded.durationSeconds - CLIP_SECONDS)).toBeLessThan(0.5);

      // ---- The student: enrols, opens the lesson, plays the uploaded video.
      const sp = learner.page;
      await signInThroughUi(sp, base, student);
      await sp.goto(`${base}/courses/${courseId}`);
      await sp.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
      await sp.getByRole('button', { name: 'Enrol for free' }).click();
      await sp.getByRole('heading', { name: 'Your progress' }).waitFor();
      await sp.getByRole('link', { name: LESSON }).click();
      await sp.getByRole('heading', { name: LESSON, level: 1 }).waitFor();
      await sp.getByRole('article', { name: 'Lesson text' }).getByRole('heading', { name: 'Heat the joint, not the solder' }).waitFor();
      await expect.poll(() => playerState(sp).then((s) => s.ready), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      expect(await video(sp).getAttribute('poster')).toContain(`/media/${uploaded.id}/`);
      expect(Math.abs((await playerState(sp)).duration - CLIP_SECONDS)).toBeLessThan(0.5);

      // Playing: the time advances. (Muted: a page may play sound only after a gesture.)
      await video(sp).evaluate((v: HTMLVideoElement) => { v.muted = true; void v.play(); });
      await expect.poll(() => playerState(sp).then((s) => !s.paused && s.time > 3), { timeout: 20_000, interval: 100 }).toBe(true);
      await screenshot(sp, 'course-from-upload-student-playing-1440');

      // Leaving saves the position; My learning offers to continue in that lesson, by its title, at that second.
      const saved = sp.waitForRequest((r) => r.postData()?.includes('SavePlaybackPosition') ?? false);
      await sp.getByRole('link', { name: 'My learning', exact: true }).click();
      const save = await saved;
      await save.response();
      const leftAt = (save.postDataJSON() as { variables: { seconds: number } }).variables.seconds;
      expect(leftAt).toBeGreaterThan(3);
      const card = sp.getByRole('list', { name: 'My courses' }).getByRole('listitem').filter({ hasText: COURSE });
      await card.getByText(`: ${LESSON}`).waitFor();
      await card.getByText(`at 0:0${Math.floor(leftAt)}`).waitFor();
      await screenshot(sp, 'course-from-upload-my-learning-continue-1440');
      await card.getByRole('link', { name: 'Continue where you left off' }).click();

      // Back in the lesson, the player starts where the student left.
      await sp.getByRole('heading', { name: LESSON, level: 1 }).waitFor();
      await expect.poll(() => playerState(sp).then((s) => s.ready >= 1 && s.time > 0), { timeout: 20_000 }).toBe(true);
      expect(Math.abs((await playerState(sp)).time - leftAt)).toBeLessThanOrEqual(1);

      // Watched to the end (from 85%): the lesson, the course's only one, completes by itself.
      await video(sp).evaluate((v: HTMLVideoElement, at: number) => { v.muted = true; v.currentTime = at; void v.play(); }, CLIP_SECONDS * 0.85);
      await expect.poll(() => playerState(sp).then((s) => s.ended), { timeout: 20_000, interval: 200 }).toBe(true);
      await sp.getByText('You completed this lesson.').waitFor({ timeout: 15_000 });
      await sp.getByLabel(`${LESSON} completed`).first().waitFor();
      await screenshot(sp, 'course-from-upload-lesson-completed-1440');

      // The course page: 100% and completed.
      await sp.getByRole('link', { name: `← ${COURSE}` }).click();
      await sp.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
      await sp.getByLabel('Course completed').waitFor();
      expect(await sp.getByRole('progressbar', { name: 'Course progress' }).getAttribute('aria-valuenow')).toBe('100');
      await sp.getByText('100% complete — well done!').waitFor();
      await screenshot(sp, 'course-from-upload-course-completed-1440');

      // My learning: completed, and nothing left to continue.
      await sp.getByRole('link', { name: 'My learning', exact: true }).click();
      await card.getByLabel(`${COURSE}: course completed`).waitFor();
      expect(await card.getByRole('progressbar', { name: `Progress in ${COURSE}` }).getAttribute('aria-valuenow')).toBe('100');
      expect(await card.getByRole('link', { name: 'Continue where you left off' }).count()).toBe(0);
      await screenshot(sp, 'course-from-upload-my-learning-completed-1440');

      const enrolment = await t.gql(`query($c: ID!) { course(id: $c) { viewerEnrollment { status progressPercent completedAt resumeLesson { id } } } }`, { c: courseId }, { token: student.token });
      expect(enrolment.data!.course.viewerEnrollment).toMatchObject({ status: 'COMPLETED', progressPercent: 100, completedAt: expect.any(String), resumeLesson: null });
      expect(learner.errors).toEqual([]);
    } catch (e) {
      await screenshot(teacher.page, 'course-from-upload-failure-instructor');
      await screenshot(learner.page, 'course-from-upload-failure-student');
      throw e;
    } finally {
      await teacher.context.close();
      await learner.context.close();
    }
  }, 180_000);
});
