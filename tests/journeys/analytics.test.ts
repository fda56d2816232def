import {
  AnswerPosted, AssistantAnswered, ExerciseCreated, GradeAdjusted, LessonActivity, LessonCompleted, OrderPaid, OrderRefunded, QuestionAsked, SubmissionGraded,
} from '@lg/events';
import { ANALYTICS_COLLECTIONS } from '@lg/analytics';
import { newId, type DomainEvent } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// The numbers of analytics, from a scripted history: two students' activity over the last ten
// days, written to the event log with the times it happened (the day is the event's own time),
// in a course really created, enrolled in and given an exercise through the gateway. Every
// figure below follows from the script by hand.

const DAY = 86_400_000;
const midnight = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
})();
/** `minutes` past midnight (UTC) `daysAgo` days ago: never in the future, also early in the day. */
const ago = (daysAgo: number, minutes = 1) => new Date(midnight - daysAgo * DAY + minutes * 60_000);
const day = (daysAgo: number) => ago(daysAgo).toISOString().slice(0, 10);
const backdated = (event: DomainEvent, at: Date): DomainEvent => ({ ...event, at });

let t: TestStack;
let instructor: TestUser;
let ada: TestUser;
let bob: TestUser;
let buyer: TestUser;
let admin: TestUser;
let courseId: string;
let lessons: string[];
let exerciseId: string;
let sqlExerciseId: string;
/** Ada's 2 of 10 on the tagged exercise two days ago, which an appeal later raises to 8. */
const sqlSubmissionId = newId();
const enrolments: Record<string, string> = {};

/** Ada: active 9..4 days ago and 2..0 days ago (a gap 3 days ago); each day her lesson is lessons[k % 3]. */
const ADA_DAYS = [9, 8, 7, 6, 5, 4, 2, 1, 0];
const adaSeconds = (k: number) => 10 * k + 50;

async function script(events: DomainEvent[]) {
  await t.platform.eventLog.append(events);
}

const DASHBOARD = `{
  myDashboard {
    user { id }
    timeLearnedPerDay { day seconds }
    currentStreak longestStreak lessonsCompleted coursesCompleted
    averageScoreOverTime { day averagePercent submissions }
    skillHeatmap { skill mastery attempts lastPracticedAt }
    recommendations { weakestSkills { skill mastery } nextLessons { id courseId title } }
  }
}`;
const USER_METRICS = `query($u: ID!, $f: String!, $t: String!) {
  userMetrics(userId: $u, from: $f, to: $t) { from to totalSeconds activeDays lessonsCompleted submissions days { day seconds lessonsOpened lessonsCompleted submissions averageScorePercent } }
}`;
const COURSE_ANALYTICS = `query($c: ID!, $f: String!, $t: String!) {
  courseAnalytics(courseId: $c, from: $f, to: $t) {
    course { id title }
    enrolmentsPerDay { day count }
    activeLearnersPerWeek { weekStart count }
    completionFunnel { position opened completed lesson { id title } }
    exerciseDifficulty { exercise { id } title averageScorePercent attempts learners }
    questionResponseTime { questions answered averageSeconds medianSeconds }
    revenuePerDay { day currency paidCents refundedCents orders }
  }
}`;
const PLATFORM = `query($f: String!, $t: String!) {
  platformMetrics(from: $f, to: $t) { days { day activeUsers signUps enrolments orders revenue { currency cents } aiRequests aiTokens } }
}`;

async function must(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

/** Everything the numbers test reads, as the given readers see it. */
async function everything() {
  const range = { f: day(9), t: day(0) };
  return {
    ada: (await must(DASHBOARD, {}, ada)).myDashboard,
    bob: (await must(DASHBOARD, {}, bob)).myDashboard,
    adaMetrics: (await must(USER_METRICS, { u: ada.id, ...range }, ada)).userMetrics,
    course: (await must(COURSE_ANALYTICS, { c: courseId, ...range }, instructor)).courseAnalytics,
    platform: (await must(PLATFORM, range, admin)).platformMetrics,
  };
}

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Analytics Instructor');
  ada = await signUp(t, [], 'Ada Analytics');
  bob = await signUp(t, [], 'Bob Analytics');
  buyer = await signUp(t, [], 'Bea Buyer');
  admin = await signUp(t, ['ADMIN'], 'Analytics Admin');
  const course = await createCourse(t, instructor, { title: 'Analytics course', category: 'Databases', tags: ['sql'] });
  courseId = course.id;
  for (const title of ['Second', 'Third']) {
    await must(`mutation($s: ID!, $t: String!) { addLesson(sectionId: $s, input: { title: $t, kind: READING }) { id } }`, { s: course.sectionId, t: title }, instructor);
  }
  const page = await must(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId }, instructor);
  lessons = page.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  enrolments[ada.id] = (await enrol(t, ada, courseId)).id;
  enrolments[bob.id] = (await enrol(t, bob, courseId)).id;
  exerciseId = (await must(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`, {
    c: courseId, i: { title: 'Joins quiz', questions: [{ prompt: 'Pick one', kind: 'SINGLE_CHOICE', choices: ['a', 'b'], correctChoices: [1], points: 1 }] },
  }, instructor)).createExercise.id;
  // An exercise tagged with its own skill, as assessment's ExerciseCreated carries it once exercises have skills.
  sqlExerciseId = newId();
  const tagged = ExerciseCreated.build({ exerciseId: sqlExerciseId, courseId, title: 'Window functions', questionCount: 1, maxScore: 10, dueAt: null, by: instructor.id });
  await script([{ ...tagged, data: { ...tagged.data, skills: ['window functions'] }, at: ago(10) }]);

  const activity = (user: TestUser, daysAgo: number, lesson: string, seconds: number, opened: boolean) =>
    backdated(LessonActivity.build({ enrollmentId: enrolments[user.id]!, userId: user.id, courseId, lessonId: lesson, seconds, opened }), ago(daysAgo, 10));
  const completed = (user: TestUser, daysAgo: number, lesson: string) =>
    backdated(LessonCompleted.build({ enrollmentId: enrolments[user.id]!, userId: user.id, courseId, lessonId: lesson }), ago(daysAgo, 20));
  const graded = (user: TestUser, daysAgo: number, exercise: string, score: number, submissionId = newId()) =>
    backdated(SubmissionGraded.build({ submissionId, courseId, userId: user.id, exerciseId: exercise, score, maxScore: 10 }), ago(daysAgo, 30));
  const question = newId();
  const unanswered = newId();
  const order = { orderId: newId(), userId: buyer.id, totalCents: 1_000, currency: 'USD', courseIds: [courseId] };
  await script([
    ...ADA_DAYS.map((k) => activity(ada, k, lessons[k % 3]!, adaSeconds(k), true)),
    completed(ada, 9, lessons[0]!),
    completed(ada, 5, lessons[1]!),
    graded(ada, 9, exerciseId, 5),
    graded(ada, 1, exerciseId, 10),
    graded(ada, 2, sqlExerciseId, 2, sqlSubmissionId),
    activity(bob, 9, lessons[0]!, 300, true),
    activity(bob, 8, lessons[0]!, 200, false),
    completed(bob, 8, lessons[0]!),
    graded(bob, 8, exerciseId, 3),
    // Q&A: Bob's question is answered by the instructor 30 minutes later (a later answer and the
    // asker's own do not count); Ada's stays unanswered.
    backdated(QuestionAsked.build({ questionId: question, courseId, authorId: bob.id, title: 'Why joins?' }), ago(3, 600)),
    backdated(AnswerPosted.build({ answerId: newId(), questionId: question, courseId, authorId: bob.id, questionAuthorId: bob.id, questionTitle: 'Why joins?' }), ago(3, 610)),
    backdated(AnswerPosted.build({ answerId: newId(), questionId: question, courseId, authorId: instructor.id, questionAuthorId: bob.id, questionTitle: 'Why joins?' }), ago(3, 630)),
    backdated(AnswerPosted.build({ answerId: newId(), questionId: question, courseId, authorId: ada.id, questionAuthorId: bob.id, questionTitle: 'Why joins?' }), ago(3, 700)),
    backdated(QuestionAsked.build({ questionId: unanswered, courseId, authorId: ada.id, title: 'Indexes?' }), ago(2, 600)),
    // Commerce: an order of the course paid four days ago and refunded three days ago.
    backdated(OrderPaid.build(order), ago(4, 100)),
    backdated(OrderRefunded.build({ ...order, refundedBy: buyer.id, refundedAt: ago(3, 100) }), ago(3, 100)),
    // The assistant answered Ada twice two days ago.
    backdated(AssistantAnswered.build({ conversationId: newId(), userId: ada.id, tokens: 100 }), ago(2, 800)),
    backdated(AssistantAnswered.build({ conversationId: newId(), userId: ada.id, tokens: 23 }), ago(2, 900)),
  ]);
}, 240_000);
afterAll(async () => t?.close());

describe('analytics of a scripted history of two students over ten days', () => {
  let before: Awaited<ReturnType<typeof everything>>;
  beforeAll(async () => {
    // Reads wait a bounded time for the projection; the script's burst is waited for in full.
    await t.stack.subgraphs.analytics.projector.catchUp();
    before = await everything();
  }, 60_000);

  it("gives a student's dashboard exact time per day, streaks, completions, scores and what to study next", () => {
    const dashboard = before.ada;
    expect(dashboard.user).toEqual({ id: ada.id });
    expect(dashboard.timeLearnedPerDay).toHaveLength(30);
    expect(dashboard.timeLearnedPerDay[0].day).toBe(day(29));
    expect(dashboard.timeLearnedPerDay.at(-1).day).toBe(day(0));
    const seconds = Object.fromEntries(dashboard.timeLearnedPerDay.map((d: any) => [d.day, d.seconds]));
    for (let k = 0; k < 30; k += 1) expect(seconds[day(k)], day(k)).toBe(ADA_DAYS.includes(k) ? adaSeconds(k) : 0);
    expect(dashboard.currentStreak).toBe(3);
    expect(dashboard.longestStreak).toBe(6);
    expect(dashboard.lessonsCompleted).toBe(2);
    expect(dashboard.coursesCompleted).toBe(0);
    expect(dashboard.averageScoreOverTime).toEqual([
      { day: day(9), averagePercent: 50, submissions: 1 },
      { day: day(2), averagePercent: 20, submissions: 1 },
      { day: day(1), averagePercent: 100, submissions: 1 },
    ]);
    // The third lesson is the first she has not completed.
    expect(dashboard.recommendations.nextLessons).toEqual([{ id: lessons[2], courseId, title: 'Third' }]);
  });

  it('weighs exercise results by recency per skill: the exercise\'s own skills, else the course\'s category and tags', () => {
    const now = Date.now();
    const weight = (daysAgo: number, minutes: number) => 0.5 ** ((now - ago(daysAgo, minutes).getTime()) / DAY / 30);
    const courseSkill = (weight(9, 30) * 50 + weight(1, 30) * 100) / (weight(9, 30) + weight(1, 30)) / 100;
    const heatmap = before.ada.skillHeatmap;
    expect(heatmap.map((s: any) => [s.skill, s.attempts])).toEqual([['window functions', 1], ['Databases', 2], ['sql', 2]]);
    expect(heatmap[0].mastery).toBe(0.2);
    expect(heatmap[1].mastery).toBeCloseTo(courseSkill, 2);
    expect(heatmap[2].mastery).toBeCloseTo(courseSkill, 2);
    // More recent results weigh more: the 100 of yesterday pulls the mastery above the plain average of 75.
    expect(heatmap[1].mastery).toBeGreaterThan(0.75);
    expect(heatmap[1].lastPracticedAt).toBe(ago(1, 30).toISOString());
    expect(before.ada.recommendations.weakestSkills.map((s: any) => s.skill)).toEqual(['window functions', 'Databases', 'sql']);
    expect(before.bob.skillHeatmap.map((s: any) => [s.skill, s.mastery])).toEqual([['Databases', 0.3], ['sql', 0.3]]);
  });

  it("gives the other student their own numbers: a streak that ended, one lesson, the next one", () => {
    const dashboard = before.bob;
    expect(dashboard.currentStreak).toBe(0);
    expect(dashboard.longestStreak).toBe(2);
    expect(dashboard.lessonsCompleted).toBe(1);
    expect(dashboard.timeLearnedPerDay.filter((d: any) => d.seconds > 0)).toEqual([{ day: day(9), seconds: 300 }, { day: day(8), seconds: 200 }]);
    expect(dashboard.recommendations.nextLessons.map((l: any) => l.id)).toEqual([lessons[1]]);
  });

  it("sums a user's metrics over a range, every day listed", () => {
    const metrics = before.adaMetrics;
    expect(metrics).toMatchObject({ from: day(9), to: day(0), totalSeconds: ADA_DAYS.reduce((a, k) => a + adaSeconds(k), 0), activeDays: 9, lessonsCompleted: 2, submissions: 3 });
    expect(metrics.totalSeconds).toBe(870);
    expect(metrics.days).toHaveLength(10);
    expect(metrics.days[0]).toEqual({ day: day(9), seconds: 140, lessonsOpened: 1, lessonsCompleted: 1, submissions: 1, averageScorePercent: 50 });
    expect(metrics.days[6]).toEqual({ day: day(3), seconds: 0, lessonsOpened: 0, lessonsCompleted: 0, submissions: 0, averageScorePercent: null });
  });

  it("gives the instructor the course's enrolments, active learners, funnel, difficulty, Q&A response time and revenue", () => {
    const course = before.course;
    expect(course.course).toEqual({ id: courseId, title: 'Analytics course' });
    // Ada and Bob enrolled today through the gateway; the buyer's paid order granted a third.
    expect(course.enrolmentsPerDay).toHaveLength(10);
    expect(course.enrolmentsPerDay.filter((d: any) => d.count > 0)).toEqual([{ day: day(0), count: 3 }]);
    // Per week: the distinct students with activity in it, from the script.
    const learners = new Map<string, Set<string>>();
    const monday = (daysAgo: number) => {
      const d = ago(daysAgo);
      return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
    };
    for (const [who, days] of [[ada.id, [...ADA_DAYS]], [bob.id, [9, 8]]] as const) {
      for (const k of days) learners.set(monday(k), (learners.get(monday(k)) ?? new Set()).add(who));
    }
    expect(Object.fromEntries(course.activeLearnersPerWeek.map((w: any) => [w.weekStart, w.count])))
      .toEqual(Object.fromEntries([...learners].map(([week, who]) => [week, who.size])));
    expect(course.completionFunnel).toEqual([
      { position: 1, opened: 2, completed: 2, lesson: { id: lessons[0], title: 'Welcome' } },
      { position: 2, opened: 1, completed: 1, lesson: { id: lessons[1], title: 'Second' } },
      { position: 3, opened: 1, completed: 0, lesson: { id: lessons[2], title: 'Third' } },
    ]);
    expect(course.exerciseDifficulty).toEqual([
      { exercise: { id: exerciseId }, title: 'Joins quiz', averageScorePercent: 60, attempts: 3, learners: 2 },
      { exercise: { id: sqlExerciseId }, title: 'Window functions', averageScorePercent: 20, attempts: 1, learners: 1 },
    ]);
    expect(course.questionResponseTime).toEqual({ questions: 2, answered: 1, averageSeconds: 1_800, medianSeconds: 1_800 });
    const revenue = course.revenuePerDay.filter((d: any) => d.paidCents || d.refundedCents);
    expect(revenue).toEqual([
      { day: day(4), currency: 'USD', paidCents: 1_000, refundedCents: 0, orders: 1 },
      { day: day(3), currency: 'USD', paidCents: 0, refundedCents: 1_000, orders: 0 },
    ]);
  });

  it('gives ADMIN the platform per day: active users, sign-ups, enrolments, orders and revenue, AI requests and tokens', () => {
    const days = Object.fromEntries(before.platform.days.map((d: any) => [d.day, d]));
    expect(before.platform.days).toHaveLength(10);
    expect(days[day(9)]).toMatchObject({ activeUsers: 2, signUps: 0, orders: 0, revenue: [], aiRequests: 0 });
    expect(days[day(4)]).toMatchObject({ activeUsers: 2, orders: 1, revenue: [{ currency: 'USD', cents: 1_000 }] });
    // Three days ago: Bob asked, the instructor and Ada answered, the buyer was refunded.
    expect(days[day(3)]).toMatchObject({ activeUsers: 4, orders: 0, revenue: [{ currency: 'USD', cents: -1_000 }] });
    expect(days[day(2)]).toMatchObject({ activeUsers: 1, aiRequests: 2, aiTokens: 123 });
    // Today: the five people signed up, three enrolments (two free, one granted by the order).
    expect(days[day(0)]).toMatchObject({ signUps: 5, enrolments: 3 });
  });

  it('a rebuild (collections dropped, the log replayed from its start) gives the same numbers', async () => {
    await t.stack.subgraphs.analytics.projector.rebuild();
    expect(await everything()).toEqual(before);
  }, 120_000);

  it('every event delivered a second time changes nothing', async () => {
    const projector = t.stack.subgraphs.analytics.projector;
    await projector.stop();
    // The checkpoint back at the start with the documents kept: the whole log is delivered again.
    const end = await projector.checkpoint();
    await projector.consumer.resetCheckpoint();
    expect(await projector.checkpoint()).toBe(0);
    await projector.catchUp();
    expect(await projector.checkpoint()).toBe(end);
    projector.start();
    expect(await everything()).toEqual(before);
  }, 120_000);

  it("an accepted appeal replaces the score where it was counted (the day it was submitted, the exercise's average, the skill) and nothing else; a rebuild agrees", async () => {
    const projector = t.stack.subgraphs.analytics.projector;
    await script([backdated(GradeAdjusted.build({
      appealId: newId(), submissionId: sqlSubmissionId, courseId, userId: ada.id, exerciseId: sqlExerciseId,
      previousScore: 2, score: 8, maxScore: 10, reply: 'The second answer was right too.', by: instructor.id,
    }), ago(0, 2))]);
    await projector.catchUp();
    const after = await everything();
    expect(after.ada.averageScoreOverTime).toEqual([
      { day: day(9), averagePercent: 50, submissions: 1 },
      { day: day(2), averagePercent: 80, submissions: 1 },
      { day: day(1), averagePercent: 100, submissions: 1 },
    ]);
    expect(after.ada.skillHeatmap.find((s: any) => s.skill === 'window functions')).toEqual({
      skill: 'window functions', mastery: 0.8, attempts: 1, lastPracticedAt: ago(2, 30).toISOString(),
    });
    expect(after.course.exerciseDifficulty.find((e: any) => e.exercise.id === sqlExerciseId)).toMatchObject({ averageScorePercent: 80, attempts: 1, learners: 1 });
    expect(after.adaMetrics.days.find((d: any) => d.day === day(2))).toMatchObject({ submissions: 1, averageScorePercent: 80 });
    // Not a new activity: time, streaks, the platform's days and the other student are as they were.
    expect(after.ada.timeLearnedPerDay).toEqual(before.ada.timeLearnedPerDay);
    expect(after.ada.currentStreak).toBe(before.ada.currentStreak);
    expect(after.platform).toEqual(before.platform);
    expect(after.bob).toEqual(before.bob);
    await projector.rebuild();
    expect(await everything()).toEqual(after);
  }, 120_000);

  it('a dashboard costs the same database commands however long the history', async () => {
    const short = await t.countCommands(() => must(DASHBOARD, {}, bob), ANALYTICS_COLLECTIONS);
    // Two more months of daily study for Ada, then her dashboard.
    await script(Array.from({ length: 60 }, (_, i) =>
      backdated(LessonActivity.build({ enrollmentId: enrolments[ada.id]!, userId: ada.id, courseId, lessonId: lessons[0]!, seconds: 60, opened: false }), ago(30 + i, 5))));
    await t.stack.subgraphs.analytics.projector.catchUp();
    const long = await t.countCommands(() => must(DASHBOARD, {}, ada), ANALYTICS_COLLECTIONS);
    expect(short.total).toBeGreaterThan(0);
    expect(long.byCollection).toEqual(short.byCollection);
    expect(long.total).toBeLessThanOrEqual(3);
    // Days 89 to 30 ago: a run of 60.
    expect((await must(DASHBOARD, {}, ada)).myDashboard.longestStreak).toBe(60);
  }, 120_000);
});
