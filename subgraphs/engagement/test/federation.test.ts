import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '@lg/platform/testing';
import { ANSWERS, COURSES, MEMBERSHIPS, QUESTIONS, VOTES } from '../src/repository.ts';
import { actor, as, enrollmentCreated, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let student: Actor;
const courseIds: string[] = [];
beforeAll(async () => {
  h = await startEngagement();
  student = actor(h, 'STUDENT');
  const instructor = actor(h, 'INSTRUCTOR');
  for (let i = 0; i < 3; i += 1) courseIds.push((await seedCourse(h, instructor))._id);
  await h.platform.eventLog.append(courseIds.map((c) => enrollmentCreated(student.id, c)));
  const services = h.subgraph.services;
  for (const courseId of courseIds) {
    for (let i = 0; i < 4; i += 1) {
      const q = await services.questions.askQuestion(student.viewer, { courseId, title: `Question ${i}`, body: 'Body.' });
      const a = await services.questions.answerQuestion(instructor.viewer, q._id, 'An answer.');
      await services.questions.acceptAnswer(student.viewer, a._id);
      await services.votes.voteOnQuestion(student.viewer, q._id, 1);
    }
  }
  await h.settle();
});
afterAll(async () => h?.close());

/** Runs a query as the student and returns its answer with the commands it sent, by collection. */
async function measured(query: string, variables: Record<string, unknown> = {}) {
  let res: GraphQLResponse | undefined;
  const commands = await h.commandsDuring(async () => void (res = await h.gql(query, variables, as(student))));
  if (res?.errors) throw new Error(JSON.stringify(res.errors));
  const on = (collection: string) => commands.filter((c) => c.command[c.commandName] === collection).map((c) => c.commandName);
  return { data: res!.data!, on };
}

describe('batching', () => {
  it('the questions of several courses check membership in one query for all of them', async () => {
    const { data, on } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { questions { totalCount } } } }`, {
      r: courseIds.map((id) => ({ __typename: 'Course', id })),
    });
    expect(data._entities.map((c: any) => c.questions.totalCount)).toEqual([4, 4, 4]);
    expect(on(MEMBERSHIPS)).toEqual(['find']);
    expect(on(COURSES)).toEqual(['find']);
  });

  it("a page of questions reads the viewer's votes and the accepted answers in one query each", async () => {
    const { data, on } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course {
      questions { edges { node { id viewerVote voteScore acceptedAnswer { id isAccepted viewerVote } } } } } } }`, {
      r: [{ __typename: 'Course', id: courseIds[0] }],
    });
    const nodes = data._entities[0].questions.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(4);
    expect(nodes.every((n: any) => n.viewerVote === 1 && n.voteScore === 1 && n.acceptedAnswer.isAccepted && n.acceptedAnswer.viewerVote === 0)).toBe(true);
    expect(on(VOTES)).toEqual(['find', 'find']); // the questions' votes, then the answers'
    expect(on(ANSWERS)).toEqual(['find']);
    // The page, whose room to spare makes it the whole list (no count); isAccepted reads the questions the page already holds.
    expect(on(QUESTIONS)).toEqual(['find']);
  });

  it('Question references from other subgraphs are resolved in one query, null for unknown or bad ids', async () => {
    const ids = (await h.subgraph.repository.questions.find({}).limit(2).toArray()).map((q) => q._id);
    const { data, on } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Question { id } } }`, {
      r: [...ids, '0190a0a0-0000-7000-8000-000000000000', 'bad'].map((id) => ({ __typename: 'Question', id })),
    });
    expect(data._entities).toEqual([{ id: ids[0] }, { id: ids[1] }, null, null]);
    expect(on(QUESTIONS)).toEqual(['find']);
  });
});

describe('the subgraph SDL', () => {
  it('declares the entities, the Course fields it adds, a User it only refers to, and the Subscription the gateway serves', async () => {
    const sdl: string = (await h.gql(`{ _service { sdl } }`)).data!._service.sdl;
    for (const type of ['Question', 'Answer', 'ChatMessage', 'Course']) expect(sdl).toMatch(new RegExp(`type ${type} @key\\(fields: "id"\\)`));
    expect(sdl).toMatch(/type User @key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/questions\(first: Int = 20, after: String, orderBy: QuestionOrder = NEWEST\): QuestionConnection(?!!)/);
    expect(sdl).toMatch(/chatMessages\(last: Int = 50, before: String\): ChatMessageConnection(?!!)/);
    expect(sdl).toMatch(/type Subscription \{[^}]*notificationAdded: Notification!/);
  });

  it('gives author and course as references for identity and catalog to resolve', async () => {
    const q = (await h.subgraph.repository.questions.findOne({ courseId: courseIds[1] }))!;
    const { data } = await measured(`query($id: ID!) { question(id: $id) { author { __typename id } course { __typename id } } }`, { id: q._id });
    expect(data.question).toEqual({ author: { __typename: 'User', id: student.id }, course: { __typename: 'Course', id: courseIds[1] } });
  });
});
