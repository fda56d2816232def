import { newId } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voteChanged } from '../src/events.ts';
import { actor, as, enrollmentCreated, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let courseId: string;
let asker: Actor;
let voters: Actor[];
let flipper: Actor;
beforeAll(async () => {
  h = await startEngagement();
  const instructor = actor(h, 'INSTRUCTOR');
  courseId = (await seedCourse(h, instructor))._id;
  asker = actor(h, 'STUDENT');
  flipper = actor(h, 'STUDENT');
  voters = Array.from({ length: 20 }, () => actor(h, 'STUDENT'));
  await h.platform.eventLog.append([asker, flipper, ...voters].map((who) => enrollmentCreated(who.id, courseId)));
  await h.settle();
});
afterAll(async () => h?.close());

const VOTE_Q = `mutation($id: ID!, $v: Int!) { voteOnQuestion(questionId: $id, value: $v) { voteScore } }`;
const VOTE_A = `mutation($id: ID!, $v: Int!) { voteOnAnswer(answerId: $id, value: $v) { voteScore } }`;

/** 20 users voting at once (some of them twice), while one user flips their vote 30 times. */
async function storm(mutation: string, id: string) {
  const requests: Promise<unknown>[] = [];
  voters.forEach((who, i) => {
    requests.push(h.gql(mutation, { id, v: i % 3 === 0 ? -1 : 1 }, as(who)));
    if (i % 4 === 0) requests.push(h.gql(mutation, { id, v: i % 8 === 0 ? 0 : -1 }, as(who)));
  });
  for (let n = 0; n < 30; n += 1) requests.push(h.gql(mutation, { id, v: [1, -1, 0][n % 3] }, as(flipper)));
  const answers = (await Promise.all(requests)) as { errors?: unknown[] }[];
  expect(answers.filter((a) => a.errors)).toEqual([]);
}

describe('concurrent votes', () => {
  it("keep a question's voteScore equal to the sum of the stored votes, one vote per user", async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Vote on me', body: 'Body.' });
    await storm(VOTE_Q, question._id);
    const stored = await h.subgraph.repository.votes.find({ targetId: question._id }).toArray();
    const sum = stored.reduce((s, v) => s + v.value, 0);
    expect(new Set(stored.map((v) => v.userId)).size).toBe(stored.length);
    expect(stored.length).toBeLessThanOrEqual(21);
    expect((await h.subgraph.repository.questions.findOne({ _id: question._id }))!.voteScore).toBe(sum);
    expect(await h.subgraph.repository.sumOfVotes(question._id)).toBe(sum);
  });

  it('log one VoteChanged per vote that moved a score, whose deltas add up to the score', async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Counted by events', body: 'Body.' });
    await storm(VOTE_Q, question._id);
    const logged = await h.platform.db.collection('platform_events').find({ type: 'VoteChanged', aggregateId: question._id }).toArray();
    const stored = await h.subgraph.repository.questions.findOne({ _id: question._id });
    expect(logged.reduce((sum, e) => sum + (e.data.delta as number), 0)).toBe(stored!.voteScore);
    expect(logged.every((e) => e.courseId === courseId && e.data.questionId === question._id)).toBe(true);
    expect(stored!.outbox).toEqual([]);
  });

  it("keep an answer's voteScore equal to the sum of the stored votes", async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Answer me', body: 'Body.' });
    const answer = await h.subgraph.services.questions.answerQuestion(asker.viewer, question._id, 'Vote on this answer.');
    await storm(VOTE_A, answer._id);
    expect((await h.subgraph.repository.answers.findOne({ _id: answer._id }))!.voteScore).toBe(await h.subgraph.repository.sumOfVotes(answer._id));
  });
});

describe('votes across a crash', () => {
  // The states below are those a process leaves when it dies between the steps of a vote.
  const owing = async (who: Actor, title: string) => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title, body: 'Body.' });
    const move = { op: newId(), delta: 1 };
    expect(await h.subgraph.repository.recordVote('QUESTION', question._id, who.id, null, 1, move)).toBe(true);
    return { question, move };
  };
  const settled = async (questionId: string) => {
    const stored = await h.subgraph.repository.questions.findOne({ _id: questionId });
    const votes = await h.subgraph.repository.votes.find({ targetId: questionId }).toArray();
    return { voteScore: stored!.voteScore, moves: stored!.voteOps?.length ?? 0, owing: votes.filter((v) => v.pending).length, sum: await h.subgraph.repository.sumOfVotes(questionId) };
  };

  it('a vote stored by a process that died before moving the score counts once after a restart', async () => {
    const { question } = await owing(voters[0]!, 'died before the move');
    expect((await settled(question._id)).voteScore).toBe(0);
    await h.restart();
    expect(await settled(question._id)).toEqual({ voteScore: 1, moves: 1, owing: 0, sum: 1 });
  });

  it('a vote whose score moved before the process died is not counted twice after a restart', async () => {
    const { question, move } = await owing(voters[1]!, 'died after the move');
    await h.subgraph.repository.questions.updateOne({ _id: question._id }, { $inc: { voteScore: 1 }, $push: { voteOps: move.op } });
    await h.restart();
    expect(await settled(question._id)).toEqual({ voteScore: 1, moves: 1, owing: 0, sum: 1 });
  });

  it('the same user voting again before any restart settles the move still owed, then their new vote', async () => {
    const { question } = await owing(voters[2]!, 'voted again');
    const res = await h.gql(`mutation($id: ID!) { voteOnQuestion(questionId: $id, value: -1) { voteScore viewerVote } }`, { id: question._id }, as(voters[2]!));
    expect(res.data!.voteOnQuestion).toEqual({ voteScore: -1, viewerVote: -1 });
    expect(await settled(question._id)).toEqual({ voteScore: -1, moves: 2, owing: 0, sum: -1 });
  });

  it('a vote owed by a process that died before moving the score logs its VoteChanged once, at the restart', async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'died owing an event', body: 'Body.' });
    const event = voteChanged({ target: 'QUESTION', targetId: question._id, questionId: question._id, courseId, voterId: voters[3]!.id, value: 1, delta: 1 });
    expect(await h.subgraph.repository.recordVote('QUESTION', question._id, voters[3]!.id, null, 1, { op: newId(), delta: 1, event })).toBe(true);
    const logged = () => h.platform.db.collection('platform_events').find({ type: 'VoteChanged', aggregateId: question._id }).toArray();
    expect(await logged()).toEqual([]);
    await h.restart();
    await h.restart();
    expect((await logged()).map((e) => e.data)).toEqual([event.data]);
  });

  it('a question forgets the score moves of more than an hour ago at its next vote', async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Old moves', body: 'Body.' });
    const hoursAgo = (hours: number) => {
      const hex = (Date.now() - hours * 3_600_000).toString(16).padStart(12, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-000000000000`;
    };
    const [old, recent] = [hoursAgo(3), hoursAgo(0.5)];
    await h.subgraph.repository.questions.updateOne({ _id: question._id }, { $set: { voteOps: [old, recent] } });
    await h.gql(VOTE_Q, { id: question._id, v: 1 }, as(voters[3]!));
    const ops = (await h.subgraph.repository.questions.findOne({ _id: question._id }))!.voteOps!;
    expect(ops).toHaveLength(2);
    expect(ops).toContain(recent);
    expect(ops).not.toContain(old);
  });
});

describe('concurrent answers and accepts', () => {
  it('count every answer exactly once', async () => {
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Answer all at once', body: 'Body.' });
    await Promise.all(voters.slice(0, 10).map((who, i) =>
      h.gql(`mutation($q: ID!, $b: String!) { answerQuestion(questionId: $q, body: $b) { id } }`, { q: question._id, b: `Answer ${i}` }, as(who))));
    const stored = await h.subgraph.repository.questions.findOne({ _id: question._id });
    expect(stored).toMatchObject({ answerCount: 10 });
    expect(stored!.answerIds).toHaveLength(10);
  });

  it('leave one accepted answer, and the accept events form one chain of replacements', async () => {
    const services = h.subgraph.services;
    const question = await services.questions.askQuestion(asker.viewer, { courseId, title: 'Accept race', body: 'Body.' });
    const answers = await Promise.all(voters.slice(0, 5).map((who) => services.questions.answerQuestion(who.viewer, question._id, 'Pick me.')));
    await Promise.all(answers.map((a) => h.gql(`mutation($a: ID!) { acceptAnswer(answerId: $a) { id } }`, { a: a._id }, as(asker))));
    const events = await h.platform.db.collection('platform_events').find({ type: 'AnswerAccepted', aggregateId: question._id }).sort({ seq: 1 }).toArray();
    expect(events).toHaveLength(5);
    // Each write replaced exactly the answer accepted before it (the log may hold them in another order).
    const byPrevious = new Map(events.map((e) => [e.data.previousAnswerId as string | null, e.data.answerId as string]));
    const chain: string[] = [];
    for (let at = byPrevious.get(null); at !== undefined; at = byPrevious.get(at)) chain.push(at);
    expect(chain.sort()).toEqual(answers.map((a) => a._id).sort());
    expect((await h.subgraph.repository.questions.findOne({ _id: question._id }))!.acceptedAnswerId).toBe([...byPrevious.values()].find((id) => !byPrevious.has(id)));
  });
});
