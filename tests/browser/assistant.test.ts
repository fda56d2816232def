// The assistant panel in the browser: ask it to find courses, ask it to enrol, answer "yes" in the
// same input, and find the course in My learning. Screenshots at 1440 and 375 px land in test-results/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, overflowsHorizontally, screenshot, serveClient } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Assistant');
  await createCourse(t, instructor, { title: 'Origami Folding Basics', category: 'Arts', tags: ['paper'] });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });

async function ask(page: Page, prompt: string, expected: string | RegExp) {
  const input = page.getByLabel('Ask the assistant');
  await input.fill(prompt);
  await input.press('Enter');
  await messages(page).getByText(expected).last().waitFor({ timeout: 15_000 });
}

describe('the assistant panel in the browser', () => {
  it('finds a course, enrols after a typed "yes", and the course shows in My learning', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${base}/signup`);
      await page.getByLabel('Display name').fill('Ari Asker');
      await page.getByLabel('Email').fill(`ari.${Date.now()}@example.com`);
      await page.getByLabel('Password').fill('a long password 42');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('link', { name: 'Assistant' }).click();
      await page.getByRole('heading', { name: 'Assistant' }).waitFor();

      await ask(page, 'find origami courses', /Origami Folding Basics/);
      await ask(page, 'enrol me in Origami Folding Basics', /confirm/i);
      await messages(page).getByText(/waiting for your confirmation/).waitFor();
      await ask(page, 'yes', /You are enrolled in "Origami Folding Basics"/);
      // The same conversation carried all three turns.
      expect(await messages(page).getByText('You', { exact: true }).count()).toBe(3);
      await screenshot(page, 'assistant-1440');

      await page.setViewportSize({ width: 375, height: 812 });
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'assistant-375');

      await page.getByRole('link', { name: 'My learning' }).click();
      await page.getByRole('list', { name: 'My courses' }).getByText('Origami Folding Basics').waitFor({ timeout: 15_000 });
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'assistant-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);
});
