import { badInput, intInRange, isId, listOf, text } from '@lg/platform';
import type { AddLessonInput, CourseFilter, CourseLevel, CreateCourseInput, LessonKind, UpdateCourseInput } from './generated/resolvers-types.ts';

// The inputs' types are generated from schema.graphql; this file holds their checks.
export type { AddLessonInput, CourseFilter, CreateCourseInput, UpdateCourseInput };

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
