// The student journey in a real browser, in one go: sign up → search → enrol in a free course →
// complete a lesson → take an exercise → ask a question that the instructor, in a second browser
// context, sees appear live → chat with the instructor both ways → wish for a paid course, add it to
// the cart and check out with the test card → see the enrolment in My learning and the order in
// Orders, then refund it there → book a lab slot from the week grid and cancel it. Then the main screens at 375 px must
// not scroll sideways. Screenshots of each main screen land in test-results/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi, type BrowserTab } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, verificationTokenFor, type TestStack, type TestUser } from '../support/stack.ts';

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
  const exercise = await t.gql(
    `mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`,
    { c: course.id, i: { title: 'Seedlings', questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'What do seedlings need first?', points: 2, choices: ['Light', 'Salt'], correctChoices: [0] },
      { kind: 'SHORT_TEXT', prompt: 'Plants breathe out…', points: 1, acceptedAnswers: ['oxygen'] },
    ] } },
    { token: instructor.token },
  );
  expect(exercise.errors).toBeUndefined();
  await createCourse(t, instructor, { title: 'Quantum Pricing Advanced', priceCents: 4900, category: 'Science' });
  const lab = await t.gql(`mutation { createLab(input: { title: "Greenhouse Lab", description: "Grow lights and soil sensors.", location: "Room 7", capacity: 2, pricePerHourCents: 0, equipment: ["grow lights"], openHoursUtc: [0, 3, 6, 9, 12, 15, 18, 21] }) { id } }`, {}, { token: instructor.token });
  expect(lab.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const seen = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 15_000 });

async function signedInOnCourse(user: TestUser): Promise<BrowserTab> {
  const tab = await openTab(browser);
  const { page } = tab;
  await signInThroughUi(page, base, user);
  await page.goto(`${base}/courses/${course.id}`);
  await page.getByRole('heading', { name: 'Questions & answers' }).waitFor();
  await page.getByText('No questions yet.').waitFor();
  await page.getByRole('list', { name: 'Chat messages' }).waitFor({ state: 'attached' });
  await liveUpdatesOn(page);
  return tab;
}

async function journey(page: Page, errors: string[]) {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Display name').fill('Bea Browser');
  const email = `bea.${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long password 42');
  await screenshot(page, 'signup-1440');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await seen(page, 'Bea Browser');
  // Buying a course waits for a verified address: Bea opens the link of the mail she got.
  await page.goto(`${base}/verify-email?token=${await verificationTokenFor(t, email)}`);
  await seen(page, 'Your email address is verified.');
  await page.getByRole('region', { name: 'Email not verified' }).waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Back to the catalog' }).click();

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

  // An exercise: answered, scored, graded and ranked.
  const item = page.getByRole('listitem', { name: 'Seedlings' });
  await item.getByRole('button', { name: 'Take the exercise' }).click();
  const form = page.getByRole('form', { name: 'Exercise “Seedlings”' });
  await form.getByRole('radio', { name: 'Light' }).check();
  await form.getByLabel('2. Plants breathe out…').fill('Oxygen');
  await form.getByRole('button', { name: 'Submit answers' }).click();
  await form.getByText('Score: 3 / 3').waitFor();
  await page.getByText('Your grade: 100%').waitFor();
  await page.getByRole('list', { name: 'Leaderboard' }).getByText('1. Bea Browser').waitFor();
  await screenshot(page, 'course-exercise-scored-1440');

  // The instructor opens the same course in a second browser context and waits there.
  const teacher = await signedInOnCourse(instructor);
  try {
    // A question: the instructor sees it arrive without reloading.
    await page.getByLabel('Question title').fill('How often should I water?');
    await page.getByLabel('Details').fill('The soil sensor says 40%.');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByRole('listitem', { name: 'How often should I water?' }).waitFor();
    await teacher.page.getByRole('listitem', { name: 'How often should I water?' }).waitFor({ timeout: 15_000 });
    await screenshot(teacher.page, 'course-question-seen-live-by-instructor-1440');

    // Chat both ways, each message arriving live in the other context.
    await page.getByLabel('Message', { exact: true }).fill('Hello from the browser');
    await page.getByRole('button', { name: 'Send' }).click();
    const log = page.getByRole('list', { name: 'Chat messages' });
    await log.getByText('Hello from the browser').waitFor();
    const teacherLog = teacher.page.getByRole('list', { name: 'Chat messages' });
    await teacherLog.getByText('Hello from the browser').waitFor({ timeout: 15_000 });
    await teacher.page.getByLabel('Message', { exact: true }).fill('Welcome, Bea!');
    await teacher.page.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Welcome, Bea!').waitFor({ timeout: 15_000 });
    await screenshot(page, 'course-enrolled-chat-1440');
    expect(teacher.errors).toEqual([]);
  } finally {
    await teacher.context.close();
  }

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
  // A refund within the 14 days, after a confirmation: the order shows refunded and the button goes.
  await orders.getByRole('button', { name: 'Request a refund' }).click();
  await orders.getByLabel('Reason (optional)').fill('Bought it by mistake');
  await screenshot(page, 'orders-refund-confirm-1440');
  await orders.getByRole('button', { name: 'Confirm the refund' }).click();
  await orders.getByText('refunded', { exact: true }).waitFor();
  await orders.getByText(/^Refunded on /).waitFor();
  expect(await orders.getByRole('button', { name: 'Request a refund' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Wishlist', exact: true }).click();
  await page.getByRole('button', { name: 'Remove “Quantum Pricing Advanced” from the wishlist' }).click();
  await seen(page, 'Your wishlist is empty.');

  // A lab: a free slot booked from the week grid (next week's when this one has none left), then cancelled.
  await page.getByRole('link', { name: 'Labs', exact: true }).click();
  await page.getByLabel('Search labs').fill('greenhouse');
  await page.getByRole('list', { name: 'Labs' }).getByRole('button', { name: 'See the week' }).click();
  const week = page.getByRole('region', { name: 'Week of Greenhouse Lab' });
  await week.getByRole('table').waitFor();
  if ((await week.getByRole('button', { name: /^Book / }).count()) === 0) {
    await week.getByRole('button', { name: 'Next week →' }).click();
    await week.getByRole('button', { name: /^Book / }).first().waitFor();
  }
  const free = await week.getByRole('button', { name: /^Book / }).count();
  await week.getByRole('button', { name: /^Book / }).first().click();
  await week.getByText(/^Booked /).waitFor();
  await expect.poll(() => week.getByRole('button', { name: /^Book / }).count()).toBe(free - 1);
  const bookings = page.getByRole('region', { name: 'My bookings' });
  await bookings.getByText('confirmed').waitFor();
  await screenshot(page, 'labs-week-booked-1440');
  await bookings.getByRole('button', { name: /^Cancel Greenhouse Lab/ }).click();
  await bookings.getByText('cancelled').waitFor();
  // The cancelled slot is free again in the grid.
  await expect.poll(() => week.getByRole('button', { name: /^Book / }).count()).toBe(free);
  expect(errors).toEqual([]);
}

describe('a student in the browser', () => {
  it('signs up, enrols, learns, takes an exercise, asks live, chats, buys a course, refunds it and books a lab', async () => {
    const { context, page, errors } = await openTab(browser);
    try {
      await journey(page, errors);
    } catch (e) {
      await screenshot(page, 'student-journey-failure');
      throw e;
    } finally {
      await context.close();
    }
  }, 150_000);

  it('fits a 375 px screen: catalog, course page, sign-in and the labs week without sideways scrolling', async () => {
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
    // The week grid scrolls inside its own box; the page itself does not.
    await signInThroughUi(page, base, instructor);
    await page.goto(`${base}/labs`);
    await page.getByRole('button', { name: 'See the week' }).first().click();
    await page.getByRole('region', { name: 'Week of Greenhouse Lab' }).getByRole('table').waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    // The grid starts at today's column, whatever day of the week it is.
    const today = await page.locator('th[aria-current="date"]').boundingBox();
    expect(today).not.toBeNull();
    expect(today!.x).toBeGreaterThanOrEqual(0);
    expect(today!.x + today!.width).toBeLessThanOrEqual(375);
    await screenshot(page, 'labs-week-375');
    await context.close();
  });
});
