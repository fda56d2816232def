import { badInput, decodeCursor, encodeCursor, invalidCursor, isId, renderMarkdown, text } from '@lg/platform';
import type { CourseRole, PostKind, Reaction } from '../models.ts';
import type { ThreadPageKey } from './repository.ts';

// Every bound of community threads lives here, so the schema descriptions, the tests and the checks agree.
export const THREAD_LIMITS = {
  title: { min: 3, max: 150 },
  threadBody: 20_000,
  replyBody: 10_000,
  /** Replies go two levels deep: to the thread (1) and to a reply (2). */
  replyDepth: 2,
  assistantsPerCourse: 20,
  /** `@mentions` notified per post. */
  mentions: 20,
} as const;

export const REACTIONS: readonly Reaction[] = ['LIKE', 'HELPFUL', 'INSIGHTFUL', 'CELEBRATE', 'CONFUSED'];
export const ROLE_RANK: Record<CourseRole, number> = { INSTRUCTOR: 0, TEACHING_ASSISTANT: 1, STUDENT: 2 };

/**
 * A post body: the Markdown as written (trimmed, bounded) and its sanitised HTML. A body that
 * sanitises to nothing (only a script, say) is refused rather than stored empty.
 */
export function markdownBody(body: string, max: number): { body: string; bodyHtml: string } {
  const source = text(body, 'body', { max });
  const bodyHtml = renderMarkdown(source);
  if (bodyHtml.replace(/<[^>]*>/g, '').trim().length === 0 && !/<img\s/.test(bodyHtml)) {
    throw badInput('body has no content once unsafe HTML is removed.', 'body');
  }
  return { body: source, bodyHtml };
}

export const threadTitle = (title: string) => text(title, 'title', THREAD_LIMITS.title);

/** reactToPost takes threads and replies only. */
export function reactionTarget(kind: PostKind): 'THREAD' | 'THREAD_REPLY' {
  if (kind !== 'THREAD' && kind !== 'THREAD_REPLY') throw badInput('Reactions go on threads and thread replies only (kind THREAD or THREAD_REPLY).', 'kind');
  return kind;
}

/** bookmark takes questions and threads only. */
export function bookmarkTarget(kind: PostKind): 'QUESTION' | 'THREAD' {
  if (kind !== 'QUESTION' && kind !== 'THREAD') throw badInput('Only questions and threads can be bookmarked (kind QUESTION or THREAD).', 'kind');
  return kind;
}

export const threadCursor = (t: { pinned: boolean; lastActivityAt: Date; _id: string }) => encodeCursor([t.pinned ? 1 : 0, t.lastActivityAt.toISOString(), t._id]);

export function threadPageKey(cursor: string | null | undefined): ThreadPageKey | undefined {
  const key = decodeCursor(cursor, 3);
  if (!key) return undefined;
  const at = typeof key[1] === 'string' ? new Date(key[1]) : new Date(Number.NaN);
  if ((key[0] !== 0 && key[0] !== 1) || Number.isNaN(at.getTime()) || typeof key[2] !== 'string' || !isId(key[2])) throw invalidCursor();
  return { pinned: key[0] === 1, at, id: key[2] };
}

export const memberCursor = (role: CourseRole, userId: string) => encodeCursor([ROLE_RANK[role], userId]);

export function memberPageKey(cursor: string | null | undefined): { rank: number; userId: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  if (![0, 1, 2].includes(key[0] as number) || typeof key[1] !== 'string' || !isId(key[1])) throw invalidCursor();
  return { rank: key[0] as number, userId: key[1] };
}

/**
 * The names a body may `@mention`: after each `@`, its next one, two and three words (display
 * names may hold spaces), without trailing punctuation. Matched exactly against members' names.
 */
export function mentionCandidates(body: string): string[] {
  const names = new Set<string>();
  // A lookbehind, not a consumed character: each name runs up to the next `@`, which must stay
  // there to start the next mention ("@Ann, @Bob").
  for (const match of body.matchAll(/(?<![\w@])@([^\s@][^\n@]{0,80})/g)) {
    const words = match[1]!.split(/\s+/).slice(0, 3);
    for (let n = 1; n <= words.length; n += 1) {
      const name = words.slice(0, n).join(' ').replace(/[.,!?;:)\]'"]+$/, '');
      if (name.length > 0) names.add(name);
    }
    if (names.size >= 60) break;
  }
  return [...names];
}
