// Exercises in the browser: an enrolled student takes an exercise with a single choice, a multiple
// choice and a short-text question, sees the score, the course grade and the leaderboard.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let course: { id: string };
let student: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Teacher');
  course = await createCourse(t, instructor, { title: 'Cells and Colours', category: 'Science' });
  const created = await t.gql(
    `mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`,
    { c: course.id, i: { title: 'Cell basics', questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Which organelle makes energy?', points: 2, choices: ['Nucleus', 'Mitochondrion', 'Ribosome'], correctChoices: [1] },
      { kind: 'MULTIPLE_CHOICE', prompt: 'Which are colours of leaves?', points: 2, choices: ['Green', 'Purple', 'Yellow'], correctChoices: [0, 2] },
      { kind: 'SHORT_TEXT', prompt: 'The green pigment is called…', points: 1, acceptedAnswers: ['chlorophyll'] },
    ] } },
    { token: instructor.token },
  );
  expect(created.errors).toBeUndefined();
  student = await signUp(t, [], 'Sam Student');
  const enrolled = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id }, { token: student.token });
  expect(enrolled.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('exercises in the browser', () => {
  for (const width of [1440, 375]) {
    it(`an enrolled student takes an exercise and sees the score, the grade and the leaderboard (${width} px)`, async () => {
      const { context, page, errors } = await openTab(browser, { width, height: 900 });
      try {
        await signInThroughUi(page, base, student);
        await page.goto(`${base}/courses/${course.id}`);
        const item = page.getByRole('listitem', { name: 'Cell basics' });
        await item.waitFor();
        await item.getByRole('button', { name: /Take the exercise|Try again/ }).click();
        const form = page.getByRole('form', { name: 'Exercise “Cell basics”' });
        await form.getByRole('radio', { name: 'Mitochondrion' }).check();
        await form.getByRole('checkbox', { name: 'Green' }).check();
        await form.getByRole('checkbox', { name: 'Yellow' }).check();
        // The first attempt misses the short text: 4 of 5; the second (375 px) gets all 5.
        if (width === 375) await form.getByLabel('3. The green pigment is called…').fill('  Chlorophyll ');
        await screenshot(page, `exercise-form-${width}`);
        await form.getByRole('button', { name: 'Submit answers' }).click();
        const expected = width === 375 ? '5 / 5' : '4 / 5';
        await form.getByText(`Score: ${expected}`).waitFor();
        await item.getByText(`Best: ${expected}`).waitFor();
        await page.getByText(`Your grade: ${width === 375 ? '100' : '80'}%`).waitFor();
        const board = page.getByRole('list', { name: 'Leaderboard' });
        await board.getByText('1. Sam Student').waitFor();
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `exercise-scored-${width}`);
        expect(errors).toEqual([]);
      } catch (e) {
        await screenshot(page, `exercises-failure-${width}`);
        throw e;
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
