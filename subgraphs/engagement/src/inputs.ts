import { badInput, decodeCursor, encodeCursor, invalidCursor, isId, text } from '@lg/platform';
import type { AskQuestionInput, QuestionOrder } from './generated/resolvers-types.ts';
import type { QuestionPageKey } from './repository.ts';

// The input's type is generated from schema.graphql; this file holds its checks.
export type { AskQuestionInput };

// Every bound lives here, so the schema descriptions, the tests and the checks agree.
export const LIMITS = {
  questionTitle: { min: 3, max: 150 },
  questionBody: 10_000,
  answerBody: 10_000,
  chatBody: 2_000,
  /** markNotificationsRead */
  ids: 100,
  /** Answers per question: the question keeps their ids to count each exactly once. */
  answersPerQuestion: 1_000,
} as const;

export function checkId(value: string, field: string): string {
  if (typeof value !== 'string' || !isId(value)) throw badInput(`${field} is not a valid id.`, field);
  return value;
}

/** Text is stored as the plain text it is (trimmed), never interpreted: clients escape it when they show it. */
export const questionFields = (input: AskQuestionInput) => ({
  title: text(input.title, 'title', LIMITS.questionTitle),
  body: text(input.body, 'body', { max: LIMITS.questionBody }),
});

export const answerBody = (body: string) => text(body, 'body', { max: LIMITS.answerBody });
export const chatBody = (body: string) => text(body, 'body', { max: LIMITS.chatBody });

export function voteValue(value: number): -1 | 0 | 1 {
  if (value !== -1 && value !== 0 && value !== 1) throw badInput('value must be -1, 0 or 1.', 'value');
  return value;
}

// Question cursors carry their order, so that a cursor of one order is refused by another.
const ORDER_TAG: Record<QuestionOrder, string> = { NEWEST: 'N', TOP: 'T', UNANSWERED: 'U' };

export function questionCursor(order: QuestionOrder, row: { _id: string; voteScore: number }): string {
  return encodeCursor(order === 'TOP' ? [ORDER_TAG.TOP, row.voteScore, row._id] : [ORDER_TAG[order], row._id]);
}

export function questionPageKey(order: QuestionOrder, cursor: string | null | undefined): QuestionPageKey | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  let key: unknown[] | undefined;
  try {
    key = decodeCursor(cursor, order === 'TOP' ? 3 : 2);
  } catch {
    throw invalidCursor('after');
  }
  const id = key?.at(-1);
  if (!key || key[0] !== ORDER_TAG[order] || typeof id !== 'string' || !isId(id)) throw invalidCursor('after');
  if (order !== 'TOP') return { order, id };
  if (!Number.isSafeInteger(key[1])) throw invalidCursor('after');
  return { order, score: key[1] as number, id };
}
