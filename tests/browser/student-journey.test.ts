// The student journey in a real browser: sign up → search → enrol in a free course → complete a
// lesson → chat, with a message from someone else arriving live over the WebSocket → wish for a paid course, buy it with the test card → see it in My learning, the order in Orders, and empty the wishlist → book a lab slot and cancel it; then the main
// screens at 375 px must not scroll sideways. Screenshots land in test-results/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, overflowsHorizontally, screenshot, serveClient } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let instructor: TestUser;
let course: { id: string };

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Browser');
  course = await createCourse(t, instructor, { title: 'Quantum Gardening Basics', category: 'Science', tags: ['plants'] });
  await createCourse(t, instructor, { title: 'Quantum Pricing Advanced', priceCents: 4900, category: 'Science' });
  const lab = await t.gql(`mutation { createLab(input: { title: "Greenhouse Lab", description: "Grow lights and soil sensors.", location: "Room 7", capacity: 2, pricePerHourCents: 0, equipment: ["grow lights"], openHoursUtc: [0, 3, 6, 9, 12, 15, 18, 21] }) { id } }`, {}, { token: instructor.token });
  expect(lab.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const seen = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 15_000 });

async function journey(page: Page, errors: string[]) {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Display name').fill('Bea Browser');
  await page.getByLabel('Email').fill(`bea.${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long password 42');
  await screenshot(page, 'signup-1440');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await seen(page, 'Bea Browser');

  // Search as you type: the paid course disappears once "gard" is typed.
  await page.getByLabel('Search courses').pressSequentially('quantum gard', { delay: 20 });
  await page.getByRole('link', { name: 'Quantum Gardening Basics' }).waitFor();
  await page.getByRole('link', { name: 'Quantum Pricing Advanced' }).waitFor({ state: 'detached' });
  await screenshot(page, 'catalog-search-1440');
  await page.getByRole('link', { name: 'Quantum Gardening Basics' }).click();

  await page.getByRole('heading', { name: 'Quantum Gardening Basics' }).waitFor();
  await screenshot(page, 'course-before-enrol-1440');
  await page.getByRole('button', { name: 'Enrol for free' }).click();
  await page.getByRole('progressbar', { name: 'Course progress' }).waitFor();
  await page.getByRole('button', { name: 'Mark “Welcome” complete' }).click();
  await seen(page, '✓ Completed');
  await seen(page, /100% complete/);

  // Chat: my own message, then the instructor's, which arrives through the subscription.
  await page.getByLabel('Message', { exact: true }).fill('Hello from the browser');
  await page.getByRole('button', { name: 'Send' }).click();
  const log = page.getByRole('list', { name: 'Chat messages' });
  await log.getByText('Hello from the browser').waitFor();
  await page.waitForTimeout(500); // the subscription is open once the chat has loaded
  const sent = await t.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Welcome, Bea!") { id } }`, { c: course.id }, { token: instructor.token });
  expect(sent.errors).toBeUndefined();
  await log.getByText('Welcome, Bea!').waitFor({ timeout: 15_000 });
  await screenshot(page, 'course-enrolled-chat-1440');

  // A paid course: add to cart, pay with the test card, find it in My learning.
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByLabel('Search courses').fill('pricing');
  await page.getByRole('link', { name: 'Quantum Pricing Advanced' }).click();
  await page.getByRole('button', { name: '♡ Add to wishlist' }).click();
  await page.getByRole('button', { name: '♥ On your wishlist' }).waitFor();
  await page.getByRole('link', { name: 'Wishlist', exact: true }).click();
  await page.getByRole('list', { name: 'Wishlist' }).getByRole('link', { name: 'Quantum Pricing Advanced' }).click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('link', { name: 'Go to the cart' }).click();
  await page.getByRole('link', { name: 'Quantum Pricing Advanced' }).waitFor();
  await screenshot(page, 'cart-1440');
  await page.getByRole('button', { name: /^Pay / }).click();
  await seen(page, /^Paid /);

  await page.getByRole('link', { name: 'My learning', exact: true }).first().click();
  await page.getByRole('link', { name: 'Quantum Gardening Basics' }).waitFor();
  // Paid orders are granted within moments (learning consumes OrderPaid): reload until it shows.
  for (let i = 0; i < 20 && !(await page.getByRole('link', { name: 'Quantum Pricing Advanced' }).count()); i += 1) {
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
  }
  await page.getByRole('link', { name: 'Quantum Pricing Advanced' }).waitFor();
  await screenshot(page, 'my-learning-1440');

  // The order, and the wishlist emptied by hand.
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  const orders = page.getByRole('list', { name: 'Orders' });
  await orders.getByRole('link', { name: 'Quantum Pricing Advanced' }).waitFor();
  await orders.getByText('paid', { exact: true }).waitFor();
  await screenshot(page, 'orders-1440');
  await page.getByRole('link', { name: 'Wishlist', exact: true }).click();
  await page.getByRole('button', { name: 'Remove “Quantum Pricing Advanced” from the wishlist' }).click();
  await seen(page, 'Your wishlist is empty.');

  // A lab: a free slot this week booked, then cancelled.
  await page.getByRole('link', { name: 'Labs', exact: true }).click();
  await page.getByLabel('Search labs').fill('greenhouse');
  await page.getByRole('list', { name: 'Labs' }).getByRole('button', { name: 'See free slots' }).click();
  await page.locator('.slots button').first().click();
  await seen(page, /^Booked /);
  const bookings = page.getByRole('region', { name: 'My bookings' });
  await bookings.getByText('confirmed').waitFor();
  await screenshot(page, 'labs-booked-1440');
  await bookings.getByRole('button', { name: /^Cancel Greenhouse Lab/ }).click();
  await bookings.getByText('cancelled').waitFor();
  expect(errors).toEqual([]);
}

describe('a student in the browser', () => {
  it('signs up, finds and enrols in a free course, completes a lesson and chats live', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await journey(page, errors);
    } catch (e) {
      await screenshot(page, 'student-journey-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 90_000);



  it('fits a 375 px screen: catalog, course page and sign-in without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Quantum Gardening Basics' }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'catalog-375');
    await page.goto(`${base}/courses/${course.id}`);
    await page.getByRole('heading', { name: 'Quantum Gardening Basics' }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'course-375');
    await page.goto(`${base}/signin`);
    await page.getByLabel('Email').waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'signin-375');
    await context.close();
  });
});
