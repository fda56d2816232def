import { badInput, intInRange, isId, text } from '@lg/platform';
import type { CreateStudyGroupInput, StudyGroupVisibility } from '../generated/resolvers-types.ts';
import { checkId } from '../inputs.ts';

// Every bound of study groups, so the schema descriptions, the tests and the checks agree.
export const GROUP_LIMITS = {
  name: { min: 1, max: 80 },
  description: 2_000,
  courses: 5,
  capacity: { min: 1, max: 1_000 },
  messageBody: 2_000,
  search: 100,
  inviteHours: { min: 1, max: 720 },
  /** An invite token is 32 base64url characters; anything much longer is no token of ours. */
  token: 100,
  suggestions: 20,
  /** Groups of a course looked at for suggestions, and members of each sampled for their progress. */
  suggestionCandidates: 20,
  progressSample: 10,
} as const;

const VISIBILITIES: readonly StudyGroupVisibility[] = ['PUBLIC', 'INVITE_ONLY'];

export function groupFields(input: CreateStudyGroupInput) {
  const courseIds = input.courseIds ?? [];
  if (courseIds.length === 0 || courseIds.length > GROUP_LIMITS.courses) throw badInput(`courseIds must hold 1 to ${GROUP_LIMITS.courses} courses.`, 'courseIds');
  for (const id of courseIds) checkId(id, 'courseIds');
  const visibility = input.visibility ?? 'PUBLIC';
  if (!VISIBILITIES.includes(visibility)) throw badInput('visibility must be PUBLIC or INVITE_ONLY.', 'visibility');
  return {
    name: text(input.name, 'name', GROUP_LIMITS.name),
    description: text(input.description ?? '', 'description', { min: 0, max: GROUP_LIMITS.description }),
    courseIds: [...new Set(courseIds)],
    visibility,
    capacity: intInRange(input.capacity, 'capacity', GROUP_LIMITS.capacity.min, GROUP_LIMITS.capacity.max),
  };
}

export const groupMessageBody = (body: string) => text(body, 'body', { max: GROUP_LIMITS.messageBody });

export function searchText(search: string | null | undefined): string | undefined {
  if (search === null || search === undefined || search.trim() === '') return undefined;
  return text(search, 'filter.search', { max: GROUP_LIMITS.search });
}

export function inviteToken(token: string): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > GROUP_LIMITS.token) throw badInput('The invite is not valid or has expired.', 'inviteToken');
  return token;
}

export const inviteHours = (hours: number | null | undefined) =>
  intInRange(hours ?? 72, 'expiresInHours', GROUP_LIMITS.inviteHours.min, GROUP_LIMITS.inviteHours.max);

export function optionalId(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!isId(value)) throw badInput(`${field} is not a valid id.`, field);
  return value;
}
