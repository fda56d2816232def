import { badInput, intInRange, isId, listOf, text } from '@lg/platform';
import type {
  AddLessonInput, AddSupplementInput, CourseFilter, CourseLevel, CreateCourseInput, LessonKind, ReorderCourseInput, SupplementKind,
  UpdateCourseInput, UpdateLessonContentInput,
} from './generated/resolvers-types.ts';
import type { StoredSection } from './models.ts';

// The inputs' types are generated from schema.graphql; this file holds their checks.
export type { AddLessonInput, AddSupplementInput, CourseFilter, CreateCourseInput, ReorderCourseInput, UpdateCourseInput, UpdateLessonContentInput };

// Every bound lives here, so the schema descriptions, the tests and the checks agree.
export const LIMITS = {
  title: { min: 3, max: 120 },
  summary: 300,
  description: 20_000,
  category: { min: 2, max: 40 },
  tags: 10,
  tag: 30,
  priceCents: 100_000_000,
  partTitle: 120,
  duration: { min: 1, max: 600 },
  sections: 50,
  lessonsPerSection: 100,
  // Hard caps of unpaginated lists, which the schema's @listSize(assumedSize) repeats for the gateway's cost estimate.
  taughtCourses: 100,
  categories: 100,
  search: 100,
  slug: 200,
} as const;

export interface CourseFields {
  title: string;
  summary: string;
  description: string;
  category: string;
  level: CourseLevel;
  tags: string[];
  priceCents: number;
}

export const checkId = (id: string, field: string): string => {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
};

const title = (value: string) => text(value, 'title', LIMITS.title);
const summary = (value: string) => text(value, 'summary', { min: 0, max: LIMITS.summary });
const description = (value: string) => text(value, 'description', { min: 0, max: LIMITS.description });
// Inner runs of spaces would make "Web  Design" and "Web Design" two categories.
const category = (value: string) => text(value, 'category', LIMITS.category).replace(/\s+/g, ' ');
const price = (value: number) => intInRange(value, 'priceCents', 0, LIMITS.priceCents);

/** Trimmed, non-empty, at most LIMITS.tag long; repeats (in any letter case) are dropped. */
function tags(values: string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of listOf(values, 'tags', LIMITS.tags)) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag.length === 0) throw badInput('A tag must not be empty.', 'tags');
    if (tag.length > LIMITS.tag) throw badInput(`Each tag must be at most ${LIMITS.tag} characters.`, 'tags');
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    result.push(tag);
  }
  return result;
}

function currency(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'USD';
  const code = value.trim();
  if (!/^[A-Z]{3}$/.test(code)) throw badInput('currency must be an ISO-4217 code of three upper-case letters, such as USD or EUR.', 'currency');
  return code;
}

export function validateCreate(input: CreateCourseInput): CourseFields & { currency: string } {
  return {
    title: title(input.title),
    summary: summary(input.summary),
    description: description(input.description),
    category: category(input.category),
    level: input.level,
    tags: tags(input.tags),
    priceCents: price(input.priceCents),
    currency: currency(input.currency),
  };
}

/** Only the fields given (absent and null both mean "leave as it is"); an input that changes nothing is refused rather than silently accepted. */
export function validateUpdate(input: UpdateCourseInput): Partial<CourseFields> {
  const set: Partial<CourseFields> = {};
  if (input.title != null) set.title = title(input.title);
  if (input.summary != null) set.summary = summary(input.summary);
  if (input.description != null) set.description = description(input.description);
  if (input.category != null) set.category = category(input.category);
  if (input.level != null) set.level = input.level;
  if (input.tags != null) set.tags = tags(input.tags);
  if (input.priceCents != null) set.priceCents = price(input.priceCents);
  if (Object.keys(set).length === 0) throw badInput('Give at least one field to change.');
  return set;
}

export const validatePartTitle = (value: string): string => text(value, 'title', { max: LIMITS.partTitle });

export function validateLesson(input: AddLessonInput): { title: string; kind: LessonKind; durationMinutes: number | null } {
  const durationMinutes = input.durationMinutes == null
    ? null
    : intInRange(input.durationMinutes, 'durationMinutes', LIMITS.duration.min, LIMITS.duration.max);
  return { title: validatePartTitle(input.title), kind: input.kind, durationMinutes };
}

export function validateFilter(filter: CourseFilter | null | undefined): CourseFilter {
  const f = filter ?? {};
  if (f.search != null && f.search.length > LIMITS.search) throw badInput(`search must be at most ${LIMITS.search} characters.`, 'search');
  if (f.category != null && f.category.length > LIMITS.category.max) throw badInput(`category must be at most ${LIMITS.category.max} characters.`, 'category');
  if (f.instructorId != null) checkId(f.instructorId, 'instructorId');
  return f;
}

// ---------------------------------------------------------------- lesson content, order, supplements

export const CONTENT_LIMITS = {
  bodyBytes: 100_000,
  media: 20,
  captions: 10,
  supplements: 50,
  supplementTitle: { min: 1, max: 200 },
  url: 2_000,
} as const;

/** Ids of a list: each valid, none repeated, at most `max`. */
function idList(values: string[] | null | undefined, field: string, max: number): string[] {
  const ids = listOf(values, field, max).map((id) => checkId(id, field));
  if (new Set(ids).size !== ids.length) throw badInput(`${field} names an id more than once.`, field);
  return ids;
}

export interface LessonContentFields {
  lessonId: string;
  bodyMarkdown: string;
  mediaIds: string[];
  videoId: string | null;
  captionIds: string[];
  preview: boolean;
  expectedVersion: number;
}

/** A section with its lessons, for a course made in one write (`importCourse`, the seed's bulk load). */
export interface ImportedSection { title: string; lessons: AddLessonInput[] }

/** A lesson's first body in a bulk load (`importLessonContents`): no media, which come with later edits. */
export type ImportedLessonContent = Pick<UpdateLessonContentInput, 'lessonId' | 'bodyMarkdown' | 'preview'>;

export function validateLessonContent(input: UpdateLessonContentInput): LessonContentFields {
  const bytes = Buffer.byteLength(input.bodyMarkdown, 'utf8');
  if (bytes > CONTENT_LIMITS.bodyBytes) throw badInput(`bodyMarkdown must be at most ${CONTENT_LIMITS.bodyBytes} bytes (it has ${bytes}).`, 'bodyMarkdown');
  return {
    lessonId: checkId(input.lessonId, 'lessonId'),
    bodyMarkdown: input.bodyMarkdown,
    mediaIds: idList(input.mediaIds, 'mediaIds', CONTENT_LIMITS.media),
    videoId: input.videoId == null ? null : checkId(input.videoId, 'videoId'),
    captionIds: idList(input.captionIds, 'captionIds', CONTENT_LIMITS.captions),
    preview: input.preview ?? false,
    expectedVersion: intInRange(input.expectedVersion, 'expectedVersion', 0, Number.MAX_SAFE_INTEGER),
  };
}

/**
 * The new order, checked against the course: every section once, every lesson once, nothing the
 * course lacks. Positions are renumbered 1.. in the order given.
 */
export function reorderedSections(current: StoredSection[], input: ReorderCourseInput): StoredSection[] {
  const sections = listOf(input.sections, 'sections', LIMITS.sections);
  const byId = new Map(current.map((s) => [s._id, s]));
  const lessons = new Map(current.flatMap((s) => s.lessons.map((l) => [l._id, l] as const)));
  const seenSections = new Set<string>();
  const seenLessons = new Set<string>();
  const next = sections.map((s, i) => {
    const section = byId.get(s.id);
    if (!section || seenSections.has(s.id)) throw badInput(`sections must name each section of the course exactly once; ${s.id} is ${section ? 'repeated' : 'not one of them'}.`, 'sections');
    seenSections.add(s.id);
    const lessonIds = listOf(s.lessonIds, 'lessonIds', LIMITS.lessonsPerSection);
    return {
      ...section,
      position: i + 1,
      lessons: lessonIds.map((id, j) => {
        const lesson = lessons.get(id);
        if (!lesson || seenLessons.has(id)) throw badInput(`lessonIds must name each lesson of the course exactly once; ${id} is ${lesson ? 'repeated' : 'not one of them'}.`, 'lessonIds');
        seenLessons.add(id);
        return { ...lesson, position: j + 1 };
      }),
    };
  });
  if (seenSections.size !== byId.size) throw badInput('sections must name every section of the course.', 'sections');
  if (seenLessons.size !== lessons.size) throw badInput('lessonIds must name every lesson of the course.', 'lessonIds');
  return next;
}

export function expectedVersion(value: number): number {
  return intInRange(value, 'expectedVersion', 0, Number.MAX_SAFE_INTEGER);
}

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const YOUTUBE_ID = /^[\w-]{11}$/;

/** The video id of a YouTube link (watch, youtu.be, embed, shorts, live), or null for any other link. */
export function youtubeIdOf(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  let candidate: string | null | undefined = null;
  if (host === 'youtu.be') candidate = url.pathname.split('/')[1];
  else if (YOUTUBE_HOSTS.has(host)) {
    const [, first, second] = url.pathname.split('/');
    candidate = first === 'watch' ? url.searchParams.get('v') : ['embed', 'shorts', 'live', 'v'].includes(first ?? '') ? second : null;
  }
  return candidate && YOUTUBE_ID.test(candidate) ? candidate : null;
}

/** An absolute http(s) link without credentials; anything else (javascript:, data:, relative) is refused. */
export function httpUrl(value: string, field: string): URL {
  const raw = value.trim();
  if (raw.length > CONTENT_LIMITS.url) throw badInput(`${field} must be at most ${CONTENT_LIMITS.url} characters.`, field);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(`${field} must be an absolute http or https URL.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(`${field} must be an http or https URL.`, field);
  if (url.username || url.password) throw badInput(`${field} must not carry a user name or password.`, field);
  return url;
}

export interface SupplementFields {
  courseId: string;
  kind: SupplementKind;
  title: string;
  url: string | null;
  youtubeId: string | null;
  fileId: string | null;
  public: boolean;
}

export function validateSupplement(input: AddSupplementInput): SupplementFields {
  const courseId = checkId(input.courseId, 'courseId');
  const title = text(input.title, 'title', CONTENT_LIMITS.supplementTitle);
  const fileId = input.fileId == null ? null : checkId(input.fileId, 'fileId');
  const url = input.url == null || input.url.trim() === '' ? null : httpUrl(input.url, 'url');
  if (!url && !fileId) throw badInput('Give a url or a fileId.', 'url');
  if (url && fileId) throw badInput('Give a url or a fileId, not both.', 'url');
  if (input.kind === 'FILE' && !fileId) throw badInput('A FILE supplement needs a fileId.', 'fileId');
  return { courseId, kind: input.kind, title, url: url?.href ?? null, youtubeId: url ? youtubeIdOf(url) : null, fileId, public: input.public ?? false };
}
