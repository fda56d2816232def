import { GradeAdjusted, UserRegistered } from '@lg/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, courseWithExercise, rightAnswers, startAssessment, type Actor, type AssessmentHarness } from './harness.ts';

// Accepting an appeal changes a submission's score in one write with one event, and the exercise's
// best score is then worked out again from every attempt, also after a crash in between.

let h: AssessmentHarness;
let instructor: Actor;

beforeAll(async () => {
  h = await startAssessment();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const loaders = (who: Actor) => h.subgraph.service.loaders(who.viewer);
const gradeOf = (who: Actor, courseId: string) => h.subgraph.repository.grades.findOne({ userId: who.id, courseId });

describe('an accepted appeal', () => {
  it('that lowers the best attempt makes the next best count, and logs one GradeAdjusted', async () => {
    const learner = actor(h, 'STUDENT');
    const { courseId, exercise } = await courseWithExercise(h, instructor, [learner]);
    const best = await h.subgraph.service.submitExercise(learner.viewer, exercise._id, rightAnswers(exercise));
    const second = await h.subgraph.service.submitExercise(learner.viewer, exercise._id, rightAnswers(exercise).slice(0, 2));
    expect([best.score, second.score]).toEqual([10, 5]);
    expect(await gradeOf(learner, courseId)).toMatchObject({ scoreTotal: 10, best: [{ submissionId: best._id }] });

    const appeal = await h.subgraph.appeals.appealGrade(learner.viewer, best._id, 'Please check the first question again.', loaders(learner));
    const resolved = await h.subgraph.appeals.resolveAppeal(instructor.viewer, appeal._id, 'ACCEPT', 3, 'Copied answers: 3 points.', loaders(instructor));
    expect(resolved).toMatchObject({ status: 'ACCEPTED', previousScore: 10, submission: { score: 3 } });
    expect(await gradeOf(learner, courseId)).toMatchObject({ scoreTotal: 5, best: [{ submissionId: second._id, score: 5 }] });

    const logged = await h.platform.db.collection('platform_events').find({ type: GradeAdjusted.type, aggregateId: best._id }).toArray();
    expect(logged.map((e) => e.data)).toEqual([expect.objectContaining({ appealId: appeal._id, previousScore: 10, score: 3, maxScore: 10, by: instructor.id })]);
    expect(await h.subgraph.repository.submissions.findOne({ _id: best._id })).not.toHaveProperty('regradePending');
  });

  it('whose regrade a crash interrupted is finished at start-up, once', async () => {
    const learner = actor(h, 'STUDENT');
    const { courseId, exercise } = await courseWithExercise(h, instructor, [learner]);
    const only = await h.subgraph.service.submitExercise(learner.viewer, exercise._id, rightAnswers(exercise).slice(0, 1));
    expect(only.score).toBe(2);
    // As if the process had died after the accepting write and before the grade was worked out.
    await h.subgraph.repository.submissions.updateOne({ _id: only._id }, { $set: { score: 9, regradePending: true } });
    expect(await h.subgraph.service.finishPendingRegrades()).toBeGreaterThanOrEqual(1);
    expect(await gradeOf(learner, courseId)).toMatchObject({ scoreTotal: 9, best: [{ submissionId: only._id, score: 9 }] });
    const version = (await gradeOf(learner, courseId))!.version;
    await h.subgraph.service.finishPendingRegrades();
    expect((await gradeOf(learner, courseId))!.version).toBe(version);
  });
});

describe("the names of the gradebook's CSV", () => {
  it("come from identity's events, and a rebuild from the log gives them back", async () => {
    const userId = actor(h, 'STUDENT').id;
    await h.platform.eventLog.append([UserRegistered.build({ userId, displayName: 'Ada Lovelace', roles: ['STUDENT'] })]);
    await h.subgraph.consumers.identity.catchUp();
    expect(await h.subgraph.repository.namesOf([userId])).toEqual(new Map([[userId, 'Ada Lovelace']]));
    await h.subgraph.rebuildProjection('identity');
    expect(await h.subgraph.repository.namesOf([userId])).toEqual(new Map([[userId, 'Ada Lovelace']]));
  });
});
