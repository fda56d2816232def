// The instructor journey in a real browser: create a draft course, add a section and a lesson,
// publish it, and create an exercise for it; then edit a lab they host and see who booked it.
// Screenshots in test-results/browser/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi } from '../support/browser.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let labSlot: string;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ivo Instructor');
  // A lab of the instructor's, booked by a student two days ahead at 10:00 UTC.
  const lab = await t.gql(`mutation { createLab(input: { title: "Kiln Room", description: "Two kilns.", location: "Basement", capacity: 6, pricePerHourCents: 1500, equipment: ["Kiln"] }) { id } }`, {}, { token: instructor.token });
  expect(lab.errors).toBeUndefined();
  const student = await signUp(t, [], 'Bea Booker');
  const now = new Date();
  labSlot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 10)).toISOString();
  const booked = await t.gql(`mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { id } }`, { l: lab.data!.createLab.id, s: labSlot }, { token: student.token });
  expect(booked.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('an instructor in the browser', () => {
  it('creates a course, adds a section and a lesson, publishes it and creates an exercise', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByText('You teach no course yet.').waitFor();

      await page.getByLabel('Title', { exact: true }).fill('Pottery from Scratch');
      await page.getByLabel('Summary').fill('Clay, wheel and kiln.');
      await page.getByLabel('Description').fill('Everything from wedging clay to the first firing.');
      await page.getByLabel('Category').fill('Arts');
      await page.getByRole('button', { name: 'Create draft' }).click();
      const list = page.getByRole('list', { name: 'Courses I teach' });
      await list.getByRole('link', { name: 'Pottery from Scratch' }).waitFor();
      await list.getByText('draft', { exact: true }).waitFor();

      // The first lesson also adds the course's first section.
      await page.getByLabel('New lesson in Pottery from Scratch').fill('Wedging the clay');
      await page.getByRole('button', { name: 'Add lesson' }).click();
      await list.getByText('1 lesson', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Publish' }).click();
      await list.getByText('published', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'New exercise' }).click();
      const form = page.getByRole('form', { name: 'New exercise for Pottery from Scratch' });
      await form.getByLabel('Exercise title').fill('Clay basics');
      await form.getByLabel('Question 1 prompt').fill('Which tool centres the clay?');
      await form.getByLabel('Question 1 points').fill('2');
      await form.getByLabel('Question 1 choices (one a line)').fill('Kiln\nWheel\nSponge');
      await form.getByLabel('Question 1 correct choice numbers').fill('2');
      await form.getByRole('button', { name: 'Add a question' }).click();
      await form.getByLabel('Question 2 kind').selectOption('SHORT_TEXT');
      await form.getByLabel('Question 2 prompt').fill('Firing happens in the…');
      await form.getByLabel('Question 2 accepted answers (one a line)').fill('kiln');
      await screenshot(page, 'teach-exercise-form-1440');
      await form.getByRole('button', { name: 'Create exercise' }).click();
      await form.getByText('Exercise “Clay basics” created (3 points).').waitFor();
      await screenshot(page, 'teach-1440');

      // Read back in the pieces a client would ask for: every taught course's lessons and
      // exercises in one operation is over the cost limit (up to 100 courses of 50 sections each).
      const taught = await t.gql(`{ me { taughtCourses { id } } }`, {}, { token: instructor.token });
      expect(taught.data?.me.taughtCourses).toHaveLength(1);
      const id = taught.data!.me.taughtCourses[0].id as string;
      const structure = await t.gql(`query($id: ID!) { course(id: $id) { status lessonCount sections { title lessons { title } } } }`, { id }, { token: instructor.token });
      const exercises = await t.gql(`query($id: ID!) { course(id: $id) { exercises { title maxScore questions { kind prompt correctChoices acceptedAnswers } } } }`, { id }, { token: instructor.token });
      expect([{ ...structure.data?.course, ...exercises.data?.course }]).toEqual([{
        status: 'PUBLISHED', lessonCount: 1, sections: [{ title: 'Getting started', lessons: [{ title: 'Wedging the clay' }] }],
        exercises: [{ title: 'Clay basics', maxScore: 3, questions: [
          { kind: 'SINGLE_CHOICE', prompt: 'Which tool centres the clay?', correctChoices: [1], acceptedAnswers: null },
          { kind: 'SHORT_TEXT', prompt: 'Firing happens in the…', correctChoices: null, acceptedAnswers: ['kiln'] },
        ] }],
      }]);

      await page.setViewportSize({ width: 375, height: 812 });
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'teach-375');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'instructor-journey-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);

  it("edits the title of a lab they host and sees a student's booking with the student's name", async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await signInThroughUi(page, base, instructor);
      await page.getByRole('link', { name: 'Labs', exact: true }).click();
      const labs = page.getByRole('list', { name: 'Labs' });
      await labs.getByRole('button', { name: 'Edit Kiln Room' }).click();
      const form = page.getByRole('form', { name: 'Edit Kiln Room' });
      await expect(form.getByLabel('Open hours (UTC)').inputValue()).resolves.toBe('9, 10, 11, 12, 13, 14, 15, 16');
      await form.getByLabel('Title').fill('Kiln and Glaze Room');
      await screenshot(page, 'labs-edit-1440');
      await form.getByRole('button', { name: 'Save' }).click();
      await labs.getByRole('heading', { name: 'Kiln and Glaze Room' }).waitFor();
      await form.waitFor({ state: 'detached' });

      await labs.getByRole('button', { name: 'Bookings of Kiln and Glaze Room' }).click();
      const bookings = page.getByRole('region', { name: 'Bookings of Kiln and Glaze Room' });
      const row = bookings.getByRole('listitem').filter({ hasText: 'Bea Booker' });
      await row.getByText('confirmed', { exact: true }).waitFor();
      await expect(bookings.getByRole('listitem').count()).resolves.toBe(1);
      await screenshot(page, 'labs-bookings-1440');

      const stored = await t.gql(`{ labs(filter: { search: "glaze" }) { edges { node { title bookings { edges { node { slotStart } } } } } } }`, {}, { token: instructor.token });
      expect(stored.data?.labs.edges).toEqual([{ node: { title: 'Kiln and Glaze Room', bookings: { edges: [{ node: { slotStart: labSlot } }] } } }]);

      await page.setViewportSize({ width: 375, height: 812 });
      await labs.getByRole('button', { name: 'Edit Kiln and Glaze Room' }).click();
      await page.getByRole('form', { name: 'Edit Kiln and Glaze Room' }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'labs-edit-375');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'instructor-labs-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 60_000);
});
