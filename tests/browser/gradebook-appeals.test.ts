// Grades in the browser: the instructor opens a course's gradebook, sorts it and downloads its CSV
// (also at 375 px, where the table scrolls inside its own region); a student appeals a grade from
// their attempts, the instructor accepts it with a new score, and the student sees the new score.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let courseId: string;
let instructor: TestUser;
let student: TestUser;
let exercise: { id: string; questionIds: string[] };

async function ok(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}
const submit = (user: TestUser, text: string) => ok(
  `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id } }`,
  { e: exercise.id, a: [{ questionId: exercise.questionIds[0], choiceIndexes: [0] }, { questionId: exercise.questionIds[1], text }] }, user);

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Greta Grader');
  courseId = (await createCourse(t, instructor, { title: 'European Capitals' })).id;
  const created = await ok(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id questions { id } } }`, {
    c: courseId,
    i: { title: 'Capitals quiz', skills: ['Geography'], questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Which is a country?', points: 4, choices: ['France', 'Paris'], correctChoices: [0] },
      { kind: 'SHORT_TEXT', prompt: 'The capital of France?', points: 6, acceptedAnswers: ['Paris'] },
    ] },
  }, instructor);
  exercise = { id: created.createExercise.id, questionIds: created.createExercise.questions.map((q: { id: string }) => q.id) };
  student = await signUp(t, [], 'Alma Appellant');
  const top = await signUp(t, [], 'Zeno Top');
  await enrol(t, student, courseId);
  await enrol(t, top, courseId);
  await submit(student, 'Paris, France');
  await submit(top, 'Paris');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the gradebook in the browser', () => {
  for (const width of [1440, 375]) {
    it(`the instructor sorts the gradebook by an exercise's score and downloads it as CSV (${width} px)`, async () => {
      const { context, page, errors } = await openTab(browser, { width, height: 900 });
      try {
        await signInThroughUi(page, base, instructor);
        await page.goto(`${base}/teach/${courseId}/gradebook`);
        const table = page.getByRole('region', { name: 'Gradebook table' });
        await table.getByRole('rowheader', { name: 'Alma Appellant' }).waitFor();
        const names = () => table.getByRole('rowheader').allTextContents();
        expect(await names()).toEqual(['Alma Appellant', 'Zeno Top']);
        await table.getByRole('button', { name: /Capitals quiz/ }).click();
        await expect.poll(names).toEqual(['Zeno Top', 'Alma Appellant']);
        expect(await table.getByRole('row').nth(1).textContent()).toContain('100%');
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `gradebook-${width}`);
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
        expect(file.suggestedFilename()).toBe('gradebook-european-capitals.csv');
        const csv = await readFile((await file.path())!, 'utf8');
        const lines = csv.split('\r\n');
        expect(lines[0]).toBe('Student,Student ID,Total %,Capitals quiz (best of 10),Capitals quiz attempts,Capitals quiz last attempt');
        expect(lines[1]).toMatch(new RegExp(`^Alma Appellant,${student.id},40,4,1,`));
        expect(lines[2]).toMatch(/^Zeno Top,[^,]+,100,10,1,/);
        expect(errors).toEqual([]);
      } catch (e) {
        await screenshot(page, `gradebook-failure-${width}`);
        throw e;
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  it('a student appeals a grade, the instructor accepts it with a new score, and the student sees it', async () => {
    const learner = await openTab(browser, { width: 375, height: 900 }, true);
    const teacher = await openTab(browser);
    try {
      await signInThroughUi(learner.page, base, student);
      await learner.page.goto(`${base}/courses/${courseId}`);
      const item = learner.page.getByRole('listitem', { name: 'Capitals quiz' });
      await item.getByRole('button', { name: 'Your attempts' }).click();
      const attempt = item.getByRole('listitem', { name: 'Attempt 1' });
      await attempt.getByLabel('Attempt 1 score').getByText('4 / 10').waitFor();
      await attempt.getByText('✗ The capital of France?').waitFor();
      await attempt.getByRole('button', { name: 'Appeal this grade' }).click();
      await attempt.getByLabel('Why should this grade change?').fill('“Paris, France” names the capital.');
      await screenshot(learner.page, 'appeal-form-375');
      await attempt.getByRole('button', { name: 'Send appeal' }).click();
      await attempt.getByText('Appeal open').waitFor();

      await signInThroughUi(teacher.page, base, instructor);
      await teacher.page.goto(`${base}/teach/${courseId}/gradebook`);
      const appeal = teacher.page.getByRole('listitem', { name: 'Appeal by Alma Appellant on Capitals quiz' });
      await appeal.getByText('“Paris, France” names the capital.').waitFor();
      await appeal.getByLabel('New score').fill('10');
      await appeal.getByLabel('Reply to the student').fill('Fair: full marks.');
      await screenshot(teacher.page, 'appeal-to-resolve-1440');
      await appeal.getByRole('button', { name: 'Accept' }).click();
      await teacher.page.getByText('No open appeals.').waitFor();
      await teacher.page.getByRole('region', { name: 'Gradebook table' }).getByRole('row', { name: /Alma Appellant/ }).getByText('100%').waitFor();

      await learner.page.reload();
      await item.getByText('Best: 10 / 10').waitFor();
      await item.getByRole('button', { name: 'Your attempts' }).click();
      await attempt.getByLabel('Attempt 1 score').getByText('10 / 10').waitFor();
      await attempt.getByText('Appeal accepted').waitFor();
      await attempt.getByText('Fair: full marks.').waitFor();
      expect(await overflowsHorizontally(learner.page)).toBe(false);
      await screenshot(learner.page, 'appeal-accepted-375');
      expect([...learner.errors, ...teacher.errors]).toEqual([]);
    } catch (e) {
      await screenshot(learner.page, 'appeal-failure-student');
      await screenshot(teacher.page, 'appeal-failure-instructor');
      throw e;
    } finally {
      await learner.context.close();
      await teacher.context.close();
    }
  }, 120_000);
});
