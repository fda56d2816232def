// The assistant panel in the browser: ask it to find courses, ask it to enrol, answer "yes" in the
// same input, find the course in My learning, then reopen the conversation and go on with it. Screenshots at 1440 and 375 px land in test-results/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTab, overflowsHorizontally, screenshot, serveClient } from '../support/browser.ts';
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

/** Sends a prompt and waits for the reply it gets (not an earlier one that says the same). */
async function ask(page: Page, prompt: string, expected: string | RegExp) {
  const turns = page.locator('li.assistant-turn');
  const before = await turns.count();
  const input = page.getByLabel('Ask the assistant');
  await input.fill(prompt);
  await input.press('Enter');
  await expect.poll(async () => (await turns.count()) > before + 1 && !(await page.getByText('The assistant is thinking…').count()), { timeout: 15_000 }).toBe(true);
  await turns.last().getByText(expected).first().waitFor({ timeout: 15_000 });
}

describe('the assistant panel in the browser', () => {
  it('finds a course, enrols after a typed "yes", the course shows in My learning, and the conversation reopens', async () => {
    const { context, page, errors } = await openTab(browser);
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

      // Back on the panel, the earlier conversation reopens where it stopped and goes on.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('link', { name: 'Assistant' }).click();
      await page.getByText('No messages yet.', { exact: false }).waitFor();
      const earlier = page.getByRole('list', { name: 'Earlier conversations' });
      await earlier.getByRole('button', { name: /^find origami courses/ }).click();
      await messages(page).getByText(/You are enrolled in "Origami Folding Basics"/).waitFor();
      expect(await messages(page).getByText('You', { exact: true }).count()).toBe(3);
      await ask(page, 'what am I enrolled in?', /Origami Folding Basics/);
      expect(await messages(page).getByText('You', { exact: true }).count()).toBe(4);
      expect(await earlier.getByRole('listitem').count()).toBe(1);
      await screenshot(page, 'assistant-reopened-1440');

      // A new conversation is listed beside the first, newest first.
      await page.getByRole('button', { name: 'New conversation' }).click();
      await ask(page, 'find paper courses', /Origami Folding Basics/);
      await earlier.getByRole('button', { name: /^find paper courses/ }).waitFor();
      expect(await earlier.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^find paper courses/), expect.stringMatching(/^find origami courses/)]);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'assistant-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);
});
