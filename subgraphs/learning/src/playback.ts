import { badInput } from '@lg/platform';
import type { CourseProjection, EnrollmentModel, PlaybackPositionModel } from './models.ts';

export const PLAYBACK = {
  /** A day: no lesson video is longer, and a bigger number is a client's bug or an attack. */
  maxSeconds: 86_400,
  /** Watching this share of a video completes its lesson. */
  completesAt: 0.9,
  /** Enrollment.playbackPositions shows at most this many, most recent first. */
  listed: 100,
} as const;

/** Reports of study time (recordLessonActivity): the client reports every 15 to 60 s. */
export const ACTIVITY = {
  /** Seconds one report may carry. */
  maxSeconds: 300,
  /** A report sooner than this after the previous one is RATE_LIMITED. */
  minIntervalMs: 5_000,
} as const;

export function checkActivitySeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > ACTIVITY.maxSeconds)
    throw badInput(`seconds must be a whole number from 0 to ${ACTIVITY.maxSeconds}.`, 'seconds');
  return seconds;
}

/**
 * What a report is credited: never more than the wall time since the previous report, so a client
 * cannot claim more study time than passed.
 */
export function creditedSeconds(seconds: number, previousAt: Date | null, now: Date): number {
  if (!previousAt) return seconds;
  return Math.max(0, Math.min(seconds, Math.floor((now.getTime() - previousAt.getTime()) / 1000)));
}

export function checkSeconds(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > PLAYBACK.maxSeconds)
    throw badInput(`seconds must be a number from 0 to ${PLAYBACK.maxSeconds}.`, 'seconds');
  return seconds;
}

/** The duration of a lesson's video, when the course projection knows both the video and its length. */
export function videoSecondsOf(course: CourseProjection, lessonId: string): number | null {
  const assetId = course.videos?.find((v) => v.lessonId === lessonId)?.assetId;
  const seconds = assetId ? course.videoDurations?.find((d) => d.assetId === assetId)?.seconds : undefined;
  return seconds && seconds > 0 ? seconds : null;
}

export const watchedEnough = (seconds: number, duration: number | null): boolean => duration !== null && seconds >= duration * PLAYBACK.completesAt;

/** Saved positions, most recently saved first. */
export function positionsOf(enrollment: EnrollmentModel): PlaybackPositionModel[] {
  return Object.entries(enrollment.playback ?? {})
    .map(([lessonId, p]) => ({ lessonId, seconds: p.seconds, updatedAt: p.at }))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
}

/**
 * The lesson to open next: the most recently watched lesson of the course not completed, else the
 * first lesson in reading order not completed; null when all are done.
 */
export function resumeOf(enrollment: EnrollmentModel, course: CourseProjection | null): { lessonId: string; seconds: number | null } | null {
  const lessons = new Set(course?.lessonIds ?? []);
  const done = new Set(enrollment.completedLessonIds);
  const watched = positionsOf(enrollment).find((p) => lessons.has(p.lessonId) && !done.has(p.lessonId));
  if (watched) return { lessonId: watched.lessonId, seconds: watched.seconds };
  const next = course?.lessonIds.find((id) => !done.has(id));
  return next ? { lessonId: next, seconds: null } : null;
}
