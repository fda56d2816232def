import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { webOperation } from '../support/web-operations.ts';

// The instructor's gradebook through the running gateway: enrolled students × exercises with best
// score, attempts and last attempt, a page at a time for a constant number of database commands,
// and the whole course as CSV that a spreadsheet cannot mistake for formulas.

let t: TestStack;
let instructor: TestUser;
let students: TestUser[];
let courseId: string;
let exercises: { id: string; questionIds: string[] }[];

const CREATE = `mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id questions { id } } }`;
const SUBMIT = `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id submittedAt } }`;
const GRADEBOOK = `query($c: ID!, $first: Int, $after: String) {
  gradebook(courseId: $c, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    exercises { title maxScore }
    edges { node { student { displayName } scorePercent cells { exercise { title } bestScore maxScore attempts lastAttemptAt } } }
  }
}`;

async function ok(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}
const submit = (user: TestUser, exercise: { id: string; questionIds: string[] }, right: boolean) =>
  ok(SUBMIT, { e: exercise.id, a: [{ questionId: exercise.questionIds[0], choiceIndexes: [right ? 0 : 1] }] }, user);

beforeAll(async () => {
  t = await startTestStack({ CACHES: 'off' });
  instructor = await signUp(t, ['INSTRUCTOR'], 'Gradebook Instructor');
  // A name a spreadsheet would run as a formula, and one that needs quoting.
  students = [await signUp(t, [], '=HYPERLINK("http://evil")'), await signUp(t, [], 'Ada, "the first"')];
  for (let i = 0; i < 6; i += 1) students.push(await signUp(t, [], `Gradebook Student ${i}`));
  courseId = (await createCourse(t, instructor, { title: 'Gradebook course' })).id;
  for (const s of students) await enrol(t, s, courseId);
  exercises = [];
  for (const title of ['Quiz, "one"', 'Quiz two']) {
    const input = { title, questions: [{ prompt: 'Pick A', kind: 'SINGLE_CHOICE', choices: ['A', 'B'], correctChoices: [0], points: 5 }] };
    const created = (await ok(CREATE, { c: courseId, i: input }, instructor)).createExercise;
    exercises.push({ id: created.id, questionIds: created.questions.map((q: { id: string }) => q.id) });
  }
  // The first student: wrong then right at quiz one, never quiz two. The second: quiz two wrong once.
  await submit(students[0]!, exercises[0]!, false);
  await submit(students[0]!, exercises[0]!, true);
  await submit(students[1]!, exercises[1]!, false);
  for (const s of students.slice(2)) {
    await submit(s, exercises[0]!, true);
    await submit(s, exercises[1]!, true);
  }
}, 180_000);
afterAll(async () => t?.close());

describe('the gradebook', () => {
  it('pages through the enrolled students in enrolment order with best score, attempts and last attempt per exercise', async () => {
    const first = (await ok(GRADEBOOK, { c: courseId, first: 2 }, instructor)).gradebook;
    expect(first.totalCount).toBe(8);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.exercises).toEqual([{ title: 'Quiz, "one"', maxScore: 5 }, { title: 'Quiz two', maxScore: 5 }]);
    const [ada, lovelace] = first.edges.map((e: { node: any }) => e.node);
    expect(ada).toMatchObject({
      student: { displayName: '=HYPERLINK("http://evil")' }, scorePercent: 50,
      cells: [
        { exercise: { title: 'Quiz, "one"' }, bestScore: 5, maxScore: 5, attempts: 2 },
        { exercise: { title: 'Quiz two' }, bestScore: null, maxScore: 5, attempts: 0, lastAttemptAt: null },
      ],
    });
    expect(typeof ada.cells[0].lastAttemptAt).toBe('string');
    expect(lovelace).toMatchObject({ scorePercent: 0, cells: [{ bestScore: null, attempts: 0 }, { bestScore: 0, attempts: 1 }] });
    const rest = (await ok(GRADEBOOK, { c: courseId, first: 10, after: first.pageInfo.endCursor }, instructor)).gradebook;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.edges.map((e: { node: any }) => [e.node.student.displayName, e.node.scorePercent])).toEqual(
      Array.from({ length: 6 }, (_, i) => [`Gradebook Student ${i}`, 100]));
  });

  it("costs the same database commands for a page of 2 students as for 8, and the web client's page (all 8) at most 9", async () => {
    const collections = ['catalog_courses', 'assessment_courses', 'assessment_enrollments', 'assessment_exercises', 'assessment_grades', 'assessment_submissions', 'identity_users'];
    const count = async (query: string, variables: Record<string, unknown>, rows: number) => {
      await t.gql(query, variables, { token: instructor.token });
      return t.countCommands(async () => {
        const res = await t.gql(query, variables, { token: instructor.token });
        expect(res.errors).toBeUndefined();
        expect(res.data!.gradebook.edges).toHaveLength(rows);
      }, collections);
    };
    const small = await count(GRADEBOOK, { c: courseId, first: 2 }, 2);
    const large = await count(GRADEBOOK, { c: courseId, first: 8 }, 8);
    expect(large.byCollection).toEqual(small.byCollection);
    const page = await count(webOperation('grades/Gradebook.tsx', 'Gradebook'), { courseId }, 8);
    console.log(`the web client's gradebook page: ${page.total} commands for 8 students`, page.byCollection);
    // The course's title, its instructor, the viewer's enrolment, the page of enrolments and their
    // count, the exercises, the grades, the attempts counted in one $group, the students' names.
    expect(page.total).toBeLessThanOrEqual(9);
  });

  it('is refused with BAD_USER_INPUT for a page over 100 or a cursor it did not make', async () => {
    for (const variables of [{ first: 101 }, { first: 5, after: 'not-a-cursor' }]) {
      const res = await t.gql(GRADEBOOK, { c: courseId, ...variables }, { token: instructor.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the CSV export', () => {
  it('writes every enrolled student, quotes per RFC 4180 and prefixes cells a spreadsheet would run as formulas', async () => {
    const csv: string = (await ok(`query($c: ID!) { exportGradebook(courseId: $c) }`, { c: courseId }, instructor)).exportGradebook;
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines[0]).toBe('Student,Student ID,Total %,"Quiz, ""one"" (best of 5)","Quiz, ""one"" attempts","Quiz, ""one"" last attempt",Quiz two (best of 5),Quiz two attempts,Quiz two last attempt');
    expect(lines[1]).toMatch(new RegExp(`^"'=HYPERLINK\\(""http://evil""\\)",${students[0]!.id},50,5,2,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,,0,$`));
    expect(lines[2]).toMatch(new RegExp(`^"Ada, ""the first""",${students[1]!.id},0,,0,,0,1,\\d{4}-`));
    expect(lines[3]).toMatch(/^Gradebook Student 0,/);
  });

  it("is the course's instructor's: a student or another instructor is refused", async () => {
    const other = await signUp(t, ['INSTRUCTOR']);
    for (const user of [students[2]!, other]) {
      const res = await t.gql(`query($c: ID!) { exportGradebook(courseId: $c) }`, { c: courseId }, { token: user.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.exportGradebook).toBeNull();
    }
  });
});
