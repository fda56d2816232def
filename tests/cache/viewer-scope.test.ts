import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol, resultOf } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Two users with different roles (and an anonymous caller) read the same pages in turn, each page
// several times, so that every read after the first of each finds the cache warm.
let t: TestStack;
let student: TestUser;
let instructor: TestUser;
let courseId: string;
let questionId: string;

type Reader = TestUser | 'anonymous';
const as = (reader: Reader, query: string, variables: Record<string, unknown> = {}) =>
  t.gql(query, variables, reader === 'anonymous' ? {} : { token: reader.token });
async function alternately(query: string, variables: Record<string, unknown>, readers: Reader[], pick: (data: any) => unknown) {
  const seen: unknown[][] = readers.map(() => []);
  for (let round = 0; round < 3; round += 1)
    for (const [i, reader] of readers.entries()) seen[i]!.push(resultOf(await as(reader, query, variables), pick));
  return seen;
}

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Scope Instructor');
  student = await signUp(t, [], 'Scope Student');
  courseId = (await createCourse(t, instructor, { title: 'Scoped Course' })).id;
  await enrol(t, student, courseId);
  const asked = await as(student, `mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Scoped question", body: "Mine?" }) { id } }`, { c: courseId });
  questionId = asked.data!.askQuestion.id;
  await as(instructor, `mutation($id: ID!) { voteOnQuestion(questionId: $id, value: 1) { voteScore } }`, { id: questionId });
});
afterAll(async () => t?.close());

describe('no cross-viewer leak with caches warm', () => {
  it('the same course page shows each reader their own enrolment: the student theirs, the instructor and an anonymous caller none', async () => {
    const seen = await alternately(`query($id: ID!) { course(id: $id) { title viewerEnrollment { status } } }`, { id: courseId },
      [student, instructor, 'anonymous'], (d) => d.course.viewerEnrollment);
    expect(seen).toEqual([[{ status: 'ACTIVE' }, { status: 'ACTIVE' }, { status: 'ACTIVE' }], [null, null, null], [null, null, null]]);
  });

  it('`me` names each reader, and no one for an anonymous caller', async () => {
    const seen = await alternately(`{ me { id roles } }`, {}, [student, instructor, 'anonymous'], (d) => d.me);
    expect(seen).toEqual([
      Array(3).fill({ id: student.id, roles: ['STUDENT'] }),
      Array(3).fill({ id: instructor.id, roles: expect.arrayContaining(['INSTRUCTOR']) }),
      [null, null, null],
    ]);
  });

  it("a question's viewerVote is the instructor's vote for the instructor and none for the student who asked it", async () => {
    const seen = await alternately(`query($id: ID!) { question(id: $id) { voteScore viewerVote } }`, { id: questionId }, [instructor, student], (d) => d.question);
    expect(seen).toEqual([Array(3).fill({ voteScore: 1, viewerVote: 1 }), Array(3).fill({ voteScore: 1, viewerVote: 0 })]);
  });

  it("a FORBIDDEN is never served as data: a stranger is refused the course chat every time between a member's reads", async () => {
    const stranger = await signUp(t, [], 'Scope Stranger');
    const seen = await alternately(`query($id: ID!) { course(id: $id) { chatMessages(last: 5) { totalCount } } }`, { id: courseId },
      [student, stranger, 'anonymous'], (d) => d.course.chatMessages);
    expect(seen).toEqual([Array(3).fill({ totalCount: 0 }), Array(3).fill('FORBIDDEN'), Array(3).fill(expect.stringMatching(/FORBIDDEN|UNAUTHENTICATED/))]);
  });
});
