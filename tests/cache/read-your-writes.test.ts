import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, type TestUser } from '../support/stack.ts';
import { startTwoInstances, type TwoInstances } from './two-instances.ts';

// Every read is asked twice first on both gateways, so that both hold it in their caches before
// the write; the writer writes through gateway A and reads through gateway B.
let two: TwoInstances;
let instructor: TestUser;
let writer: TestUser;
let other: TestUser;
let course: { id: string; lessonId: string };

const viaA = (query: string, variables: Record<string, unknown>, user: TestUser) => two.a.gql(query, variables, { token: user.token });
const viaB = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
  const res = await two.b.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
};
const warm = async (query: string, variables: Record<string, unknown>, users: TestUser[]) => {
  for (let round = 0; round < 2; round += 1) {
    for (const user of users) {
      await viaA(query, variables, user);
      await viaB(query, variables, user);
    }
  }
};
/** How long until `ask` (through gateway B) satisfies `seen`, in ms; fails after 1 s. */
async function within1s(ask: () => Promise<unknown>, seen: (data: any) => boolean): Promise<number> {
  const started = Date.now();
  await expect.poll(async () => seen(await ask()), { timeout: 1000, interval: 25 }).toBe(true);
  return Date.now() - started;
}

const COURSE = `query($id: ID!) { course(id: $id) { title enrollmentCount viewerEnrollment { status completedLessonIds } } }`;
const QUESTION = `query($id: ID!) { question(id: $id) { voteScore viewerVote } }`;

beforeAll(async () => {
  two = await startTwoInstances();
  instructor = await signUp(two.a, ['INSTRUCTOR'], 'Cache Instructor');
  writer = await signUp(two.a, [], 'Cache Writer');
  other = await signUp(two.a, [], 'Cache Reader');
  const created = await createCourse(two.a, instructor, { title: 'Cached Course' });
  const lessons = await two.a.gql(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: created.id });
  course = { id: created.id, lessonId: lessons.data!.course.sections[0].lessons[0].id };
});
afterAll(async () => two?.close());

describe('read-your-writes through two gateways and two instances of every subgraph', () => {
  it('a repeated query is answered from the cache, without the database', async () => {
    await warm(COURSE, { id: course.id }, [other]);
    const repeated = await two.a.countCommands(() => viaA(COURSE, { id: course.id }, other));
    expect(repeated.total).toBe(0);
  });

  it("an updated course title: the instructor's next read on the other gateway shows it, another user's within 1 s", async () => {
    await warm(COURSE, { id: course.id }, [instructor, other]);
    const updated = await viaA(`mutation($id: ID!) { updateCourse(id: $id, input: { title: "Renamed Course" }) { title } }`, { id: course.id }, instructor);
    expect(updated.errors).toBeUndefined();
    expect((await viaB(COURSE, { id: course.id }, instructor)).course.title).toBe('Renamed Course');
    await within1s(() => viaB(COURSE, { id: course.id }, other), (d) => d.course.title === 'Renamed Course');
  });

  it("an enrolment: the student's next read on the other gateway shows it, another user's enrolment count within 1 s", async () => {
    await warm(COURSE, { id: course.id }, [writer, other]);
    const before = (await viaB(COURSE, { id: course.id }, other)).course.enrollmentCount as number;
    await enrol(two.a, writer, course.id);
    expect((await viaB(COURSE, { id: course.id }, writer)).course).toMatchObject({ enrollmentCount: before + 1, viewerEnrollment: { status: 'ACTIVE' } });
    await within1s(() => viaB(COURSE, { id: course.id }, other), (d) => d.course.enrollmentCount === before + 1);
  });

  it("a vote: the voter's next read on the other gateway shows it, another user's score within 1 s", async () => {
    await enrol(two.a, other, course.id);
    const asked = await viaA(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Cached question", body: "Is it fresh?" }) { id } }`, { c: course.id }, other);
    const id = asked.data!.askQuestion.id as string;
    await warm(QUESTION, { id }, [writer, other]);
    const voted = await viaA(`mutation($id: ID!) { voteOnQuestion(questionId: $id, value: 1) { voteScore } }`, { id }, writer);
    expect(voted.errors).toBeUndefined();
    expect(await viaB(QUESTION, { id }, writer)).toEqual({ question: { voteScore: 1, viewerVote: 1 } });
    await within1s(() => viaB(QUESTION, { id }, other), (d) => d.question.voteScore === 1 && d.question.viewerVote === 0);
  });

  it("a completed lesson: the student's next read on the other gateway shows it", async () => {
    await warm(COURSE, { id: course.id }, [writer]);
    const completed = await viaA(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: course.id, l: course.lessonId }, writer);
    expect(completed.errors).toBeUndefined();
    expect((await viaB(COURSE, { id: course.id }, writer)).course.viewerEnrollment).toEqual({ status: 'COMPLETED', completedLessonIds: [course.lessonId] });
  });
});
