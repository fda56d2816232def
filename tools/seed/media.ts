// Demo media: a short video with captions on the first lesson of a few demo courses, and their
// cover images. The files are made by ffmpeg's test sources (no download), once per data directory,
// and go through the media subgraph like an instructor's upload (ingestFile: same checks, same
// processing job to HLS and a poster).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Viewer } from '@lg/platform';
import type { StackSubgraphs } from '../dev/stack.ts';

const run = promisify(execFile);

/** Long enough to resume in and to watch to 90% in a browser test; small enough to seed quickly. */
export const DEMO_VIDEO_SECONDS = 10;

const CAPTIONS = `WEBVTT

00:00:00.000 --> 00:00:03.000
Welcome to the first lesson.

00:00:03.000 --> 00:00:07.000
Watch the pattern and listen to the tone.

00:00:07.000 --> 00:00:${String(DEMO_VIDEO_SECONDS).padStart(2, '0')}.000
Next: read the lesson below, then practise.
`;

/** A cover's two gradient colours (start, end), one pair per course with media. */
const COVER_COLOURS = [['0x174a5f', '0x48cae4'], ['0x3d1d57', '0xe48a48'], ['0x1e6b3a', '0xd6e448']] as const;

export interface DemoMediaFiles { video: string; captions: string; covers: string[] }

async function ffmpeg(out: string, args: string[]): Promise<void> {
  if (existsSync(out)) return;
  // Written beside and renamed, so that a seed cut off mid-way never reuses half a file.
  const partial = out.replace(/(\.\w+)$/, `.${process.pid}.partial$1`);
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args, partial], { timeout: 120_000 });
  await rename(partial, out);
}

/** The demo files in `dir`, made the first time and reused after. */
export async function demoMediaFiles(dir: string): Promise<DemoMediaFiles> {
  await mkdir(dir, { recursive: true });
  const video = join(dir, 'demo-lesson.mp4');
  await ffmpeg(video, [
    '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=24:duration=${DEMO_VIDEO_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${DEMO_VIDEO_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
  ]);
  const captions = join(dir, 'demo-lesson.en.vtt');
  if (!existsSync(captions)) {
    await writeFile(`${captions}.${process.pid}`, CAPTIONS);
    await rename(`${captions}.${process.pid}`, captions);
  }
  const covers: string[] = [];
  for (const [i, [from, to]] of COVER_COLOURS.entries()) {
    const cover = join(dir, `cover-${i}.png`);
    await ffmpeg(cover, ['-f', 'lavfi', '-i', `gradients=s=640x360:c0=${from}:c1=${to}:x0=0:y0=0:x1=640:y1=360:nb_colors=2:speed=0.00001`, '-frames:v', '1']);
    covers.push(cover);
  }
  return { video, captions, covers };
}

type Subgraphs = Pick<StackSubgraphs, 'catalog' | 'media'>;

/**
 * Gives `courseId` a cover, and its first lesson the demo video and captions (keeping whatever body
 * and preview flag the lesson already has). Skipped for a course that already has a cover; returns
 * whether it did anything. The video is READY once media's processing job has run (in the background).
 */
export async function attachDemoMedia(subgraphs: Subgraphs, teacher: Viewer, courseId: string, files: DemoMediaFiles, options: { cover?: string; preview?: boolean } = {}): Promise<boolean> {
  const { catalog, media } = subgraphs;
  const course = await catalog.repository.findCourse(courseId);
  if (!course || course.coverImageId) return false;
  const lesson = [...course.sections].sort((a, b) => a.position - b.position)[0]?.lessons.slice().sort((a, b) => a.position - b.position)[0];
  if (lesson) {
    const video = await media.service.ingestFile(teacher, { purpose: 'LESSON_MEDIA', courseId, fileName: 'lesson-video.mp4', contentType: 'video/mp4' }, files.video);
    const captions = await media.service.ingestFile(teacher, { purpose: 'CAPTIONS', courseId, fileName: 'English.vtt', contentType: 'text/vtt' }, files.captions);
    const existing = await catalog.repository.findContent(lesson._id);
    await catalog.content.updateLessonContent(teacher, {
      lessonId: lesson._id,
      expectedVersion: existing?.version ?? 0,
      bodyMarkdown: existing?.bodyMarkdown || `Watch the short video first, captions on if you like, then read on.\n\nThis lesson introduces **${lesson.title.toLowerCase()}**.`,
      mediaIds: existing?.mediaIds ?? [],
      preview: existing?.preview ?? options.preview ?? false,
      videoId: video._id,
      captionIds: [captions._id],
    });
  }
  const cover = await media.service.ingestFile(teacher, { purpose: 'COURSE_COVER', courseId, fileName: 'cover.png', contentType: 'image/png' }, options.cover ?? files.covers[0]!);
  await catalog.service.setCourseCover(teacher, courseId, cover._id);
  return true;
}

/** The demo courses that get a video, captions and a cover: free ones, so every demo student can watch one. */
export const DEMO_VIDEO_COURSES = ['Python for Absolute Beginners', 'JavaScript Essentials', 'Docker and Containers'] as const;

/** Demo media on DEMO_VIDEO_COURSES (their first lessons, previews in the demo, keep that flag); returns how many courses got it. */
export async function seedMedia(subgraphs: Subgraphs, teachers: Viewer[]): Promise<number> {
  const files = await demoMediaFiles(join(subgraphs.media.config.dataDir, 'seed-media'));
  let created = 0;
  for (const [i, title] of DEMO_VIDEO_COURSES.entries()) {
    const course = await subgraphs.catalog.repository.courses.findOne({ title, instructorId: { $in: teachers.map((t) => t.id) } });
    if (!course) continue;
    const teacher = teachers.find((t) => t.id === course.instructorId)!;
    if (await attachDemoMedia(subgraphs, teacher, course._id, files, { cover: files.covers[i % files.covers.length] })) created += 1;
  }
  return created;
}
