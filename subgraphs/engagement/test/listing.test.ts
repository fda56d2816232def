import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '@lg/platform/testing';
import { actor, as, codeOf, enroll, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let instructor: Actor;
let student: Actor;
let courseId: string;
/** q[0] is the oldest. */
const q: string[] = [];
const messages: string[] = [];
const answers: string[] = [];

// Scores by question: q0 2, q1 0, q2 2, q3 -1, q4 1, q5 0, q6 2; q0, q1 and q4 are answered.
const SCORES = [2, 0, 2, -1, 1, 0, 2];

beforeAll(async () => {
  h = await startEngagement();
  instructor = actor(h, 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  courseId = (await seedCourse(h, instructor))._id;
  const voters = [actor(h, 'STUDENT'), actor(h, 'STUDENT')];
  for (const who of [student, ...voters]) await enroll(h, who, courseId);
  const services = h.subgraph.services;
  for (let i = 0; i < SCORES.length; i += 1) {
    q.push((await services.questions.askQuestion(student.viewer, { courseId, title: `Question number ${i}`, body: 'Body.' }))._id);
  }
  for (const [i, score] of SCORES.entries()) {
    const value = Math.sign(score);
    for (let n = 0; n < Math.abs(score); n += 1) await services.votes.voteOnQuestion(voters[n]!.viewer, q[i]!, value);
  }
  await services.questions.answerQuestion(instructor.viewer, q[1]!, 'An answer.');
  await services.questions.answerQuestion(instructor.viewer, q[4]!, 'Another answer.');
  for (let i = 0; i < 5; i += 1) answers.push((await services.questions.answerQuestion(voters[i % 2]!.viewer, q[0]!, `Answer ${i}`))._id);
  for (let i = 0; i < 7; i += 1) messages.push((await services.chat.sendChatMessage(i % 2 ? student.viewer : instructor.viewer, courseId, `Message ${i}`))._id);
});
afterAll(async () => h?.close());

const QUESTIONS = `query($r: [_Any!]!, $first: Int, $after: String, $order: QuestionOrder) {
  _entities(representations: $r) { ... on Course { questions(first: $first, after: $after, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id voteScore answerCount } } } } } }`;
const CHAT = `query($r: [_Any!]!, $last: Int, $before: String) {
  _entities(representations: $r) { ... on Course { chatMessages(last: $last, before: $before) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id body } } } } } }`;
const course = () => [{ __typename: 'Course', id: courseId }];

async function questions(vars: Record<string, unknown>) {
  const res = await h.gql(QUESTIONS, { r: course(), ...vars }, as(student));
  return { res, page: res.data?._entities?.[0]?.questions };
}

/** Every page of one order, following endCursor until hasNextPage is false. */
async function walk(order: string, first: number) {
  const pages: string[][] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const { res, page } = await questions({ first, after, order });
    expect(res.errors).toBeUndefined();
    pages.push(page.edges.map((e: any) => e.node.id));
    total = page.totalCount;
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { pages, total };
}

const ids = (...indexes: number[]) => indexes.map((i) => q[i]);

describe('Course.questions', () => {
  it('NEWEST is the default order, newest first, 20 a page', async () => {
    const { page } = await questions({});
    expect(page.edges.map((e: any) => e.node.id)).toEqual(ids(6, 5, 4, 3, 2, 1, 0));
    expect(page).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: false } });
  });

  it('NEWEST pages through every question once, in order', async () => {
    expect(await walk('NEWEST', 3)).toEqual({ pages: [ids(6, 5, 4), ids(3, 2, 1), ids(0)], total: 7 });
  });

  it('TOP orders by score, then newest first among equal scores, across page boundaries inside a tie', async () => {
    expect(await walk('TOP', 2)).toEqual({ pages: [ids(6, 2), ids(0, 4), ids(5, 1), ids(3)], total: 7 });
    const { page } = await questions({ order: 'TOP' });
    expect(page.edges.map((e: any) => e.node.voteScore)).toEqual([2, 2, 2, 1, 0, 0, -1]);
  });

  it('UNANSWERED lists only questions without answers, newest first, with their own total', async () => {
    // q0 has the answers of the Question.answers test below; a last full page says no more.
    expect(await walk('UNANSWERED', 2)).toEqual({ pages: [ids(6, 5), ids(3, 2)], total: 4 });
  });

  it('first: 0 gives no edges but the total', async () => {
    const { page } = await questions({ first: 0 });
    expect(page).toMatchObject({ totalCount: 7, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it.each([
    ['first: 101', { first: 101 }],
    ['first: -1', { first: -1 }],
    ['a cursor that is not ours', { after: 'bm90LWEtY3Vyc29y' }],
    ['a cursor of another order', { order: 'TOP', after: 'NEWEST' }],
    ['a cursor with a bad id', { after: Buffer.from(JSON.stringify(['N', 'x'])).toString('base64url') }],
  ] as [string, { first?: number; order?: string; after?: string }][])('%s is BAD_USER_INPUT', async (_name, vars) => {
    let after = vars.after;
    if (after === 'NEWEST') after = (await questions({ first: 1 })).page.pageInfo.endCursor;
    const { res } = await questions({ ...vars, after });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('Question.answers', () => {
  it('lists answers oldest first, across pages, with their total', async () => {
    const QUERY = `query($id: ID!, $after: String) { question(id: $id) { answerCount answers(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse = await h.gql(QUERY, { id: q[0], after }, as(student));
      const { answerCount, answers: page } = res.data!.question;
      expect([answerCount, page.totalCount]).toEqual([5, 5]);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(answers);
  });
});

describe('Course.chatMessages', () => {
  async function chat(vars: Record<string, unknown>) {
    const res = await h.gql(CHAT, { r: course(), ...vars }, as(student));
    return { res, page: res.data?._entities?.[0]?.chatMessages };
  }

  it('gives the newest 50 by default, oldest first within the page', async () => {
    const { page } = await chat({});
    expect(page.edges.map((e: any) => e.node.id)).toEqual(messages);
    expect(page).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: false, endCursor: page.edges[0].cursor } });
  });

  it('pages backwards: endCursor is passed as before, and hasNextPage says that older messages exist', async () => {
    const first = (await chat({ last: 3 })).page;
    expect(first.edges.map((e: any) => e.node.body)).toEqual(['Message 4', 'Message 5', 'Message 6']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[0].cursor });
    const second = (await chat({ last: 3, before: first.pageInfo.endCursor })).page;
    expect(second.edges.map((e: any) => e.node.body)).toEqual(['Message 1', 'Message 2', 'Message 3']);
    expect(second.pageInfo.hasNextPage).toBe(true);
    const third = (await chat({ last: 3, before: second.pageInfo.endCursor })).page;
    expect(third.edges.map((e: any) => e.node.body)).toEqual(['Message 0']);
    expect(third).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: false } });
  });

  it.each([
    ['last: 101', { last: 101 }],
    ['last: -5', { last: -5 }],
    ['a before cursor that is not ours', { before: '!!!' }],
  ])('%s is BAD_USER_INPUT', async (_name, vars) => {
    expect(codeOf((await chat(vars)).res)).toBe('BAD_USER_INPUT');
  });

  it('names `before` when that cursor is wrong', async () => {
    const { res } = await chat({ before: 'bm9wZQ' });
    expect(res.errors![0]!.extensions!.field).toBe('before');
  });
});
