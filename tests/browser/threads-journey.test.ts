// Discussion threads in two browsers at once: a student starts a thread with a Markdown preview
// (375 px), the instructor (1440 px) sees the student's reply arrive live and answers it, the
// student sees that arrive live, reacts and bookmarks; the instructor pins and locks the thread and
// appoints the student teaching assistant; the student finds the bookmark under Community. Then
// moderation on a thread page: the instructor hides a reply (its Hide button) and it leaves another
// member's page live; an edit by its author shows there live too.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, liveUpdatesOn, openTab, overflowsHorizontally, screenshot, serveClient, signInThroughUi, type BrowserTab } from '../support/browser.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let browser: Browser;
let base: string;
let course: { id: string };
let instructor: TestUser;
let student: TestUser;
let classmate: TestUser;
let reader: TestUser;

beforeAll(async () => {
  t = await startTestStack();
  base = serveClient(t);
  browser = await launchChromium();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Iris Instructor');
  student = await signUp(t, [], 'Sol Student');
  course = await createCourse(t, instructor, { title: 'Threads 101' });
  await enrol(t, student, course.id);
  classmate = await signUp(t, [], 'Cai Classmate');
  reader = await signUp(t, [], 'Rey Reader');
});

async function ok(user: TestUser, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('discussion threads in two browsers', () => {
  it('starts a thread with a preview, shows replies live both ways, reacts, pins, locks, bookmarks and appoints a teaching assistant', async () => {
    const a: BrowserTab = await openTab(browser, { width: 1440, height: 900 });
    const b: BrowserTab = await openTab(browser, { width: 375, height: 800 }, true);
    try {
      // The student starts a thread from the course page, previewing the Markdown first.
      await signInThroughUi(b.page, base, student);
      await b.page.goto(`${base}/courses/${course.id}`);
      await b.page.getByRole('link', { name: 'Discussions' }).click();
      await b.page.getByRole('heading', { name: 'Discussions' }).waitFor();
      await b.page.getByText('No threads yet: start the first one.').waitFor();
      await b.page.getByLabel('Thread title').fill('How deep does recursion go?');
      await b.page.getByLabel('Thread body (Markdown)').fill('Is there a **limit** <script>window.hacked = 1</script>on the stack?');
      await b.page.getByRole('button', { name: 'Preview' }).click();
      await b.page.getByLabel('Thread body (Markdown) preview').locator('strong', { hasText: 'limit' }).waitFor();
      expect(await b.page.getByLabel('Thread body (Markdown) preview').innerHTML()).not.toContain('<script');
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(b.page, 'threads-start-preview-375');
      await b.page.getByRole('button', { name: 'Start thread' }).click();
      await b.page.getByRole('heading', { name: 'How deep does recursion go?' }).waitFor();
      const threadUrl = b.page.url();
      await b.page.locator('strong', { hasText: 'limit' }).first().waitFor();
      expect(await b.page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
      await liveUpdatesOn(b.page);

      // The instructor opens it; the student's reply arrives there without a reload.
      await signInThroughUi(a.page, base, instructor);
      await a.page.goto(threadUrl);
      await a.page.getByRole('heading', { name: 'How deep does recursion go?' }).waitFor();
      await a.page.getByText('No replies yet.').waitFor();
      await liveUpdatesOn(a.page);
      await b.page.getByLabel('Your reply (Markdown)').fill('I hit a RangeError at about 10,000 calls.');
      await b.page.getByRole('button', { name: 'Reply', exact: true }).click();
      const inA = a.page.getByRole('list', { name: 'Replies', exact: true });
      await inA.getByText('I hit a RangeError at about 10,000 calls.').waitFor({ timeout: 15_000 });

      // The instructor answers that reply (the second level); the student sees it live.
      await a.page.getByRole('button', { name: 'Reply to this' }).click();
      await a.page.getByLabel('Your reply to Sol Student').fill('That is the default stack size: use a loop.');
      await a.page.getByRole('button', { name: 'Send reply' }).click();
      await b.page.getByRole('list', { name: 'Replies to Sol Student' }).getByText('That is the default stack size: use a loop.').waitFor({ timeout: 15_000 });

      // Reactions count at once; follow and bookmark.
      await b.page.getByRole('button', { name: 'Like the thread (0)' }).click();
      await b.page.getByRole('button', { name: 'Like the thread (1)', pressed: true }).waitFor();
      await b.page.getByRole('button', { name: 'Unfollow' }).waitFor();
      await b.page.getByRole('button', { name: 'Bookmark' }).click();
      await b.page.getByRole('button', { name: 'Remove bookmark' }).waitFor();
      expect(await overflowsHorizontally(b.page)).toBe(false);
      // Nothing went wrong on the way (a live payload's error would show here).
      expect(await b.page.getByRole('alert').count()).toBe(0);
      await screenshot(b.page, 'thread-replies-live-375');

      // Staff pin and lock; the thread then takes no more replies.
      await a.page.getByRole('button', { name: 'Pin' }).click();
      await a.page.getByLabel('Pinned').first().waitFor();
      await a.page.getByRole('button', { name: 'Lock' }).click();
      await a.page.getByText('This thread is locked: it takes no more replies.').waitFor();
      expect(await a.page.getByRole('alert').count()).toBe(0);
      await screenshot(a.page, 'thread-pinned-locked-1440');
      await b.page.reload();
      await b.page.getByText('This thread is locked: it takes no more replies.').waitFor();
      expect(await b.page.getByRole('button', { name: 'Lock' }).count()).toBe(0);
      expect(await b.page.getByLabel('Your reply (Markdown)').count()).toBe(0);

      // The instructor appoints the student teaching assistant from the members list.
      await a.page.goto(`${base}/courses/${course.id}/members`);
      const members = a.page.getByRole('list', { name: 'Members' });
      await members.getByLabel('Role: Instructor').waitFor();
      await members.getByRole('button', { name: 'Make teaching assistant' }).click();
      await members.getByLabel('Role: Teaching assistant').waitFor();
      await screenshot(a.page, 'course-members-1440');

      // Now staff, the student sees Unlock on the thread; their bookmark is under Community.
      await b.page.reload();
      await b.page.getByRole('button', { name: 'Unlock' }).waitFor();
      await b.page.goto(`${base}/community`);
      await b.page.getByRole('list', { name: 'My bookmarks' }).getByRole('link', { name: /How deep does recursion go\?/ }).waitFor();
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(b.page, 'community-bookmarks-375');
      expect([...a.errors, ...b.errors]).toEqual([]);
    } catch (e) {
      await screenshot(a.page, 'threads-journey-failure-a');
      await screenshot(b.page, 'threads-journey-failure-b');
      throw e;
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 120_000);

  it("hides a reply on the thread page: it leaves another member's page live, and an edit by its author shows there live", async () => {
    await enrol(t, classmate, course.id);
    await enrol(t, reader, course.id);
    const thread = (await ok(classmate, `mutation($c: ID!) { startThread(input: { courseId: $c, title: "Moderated thread", body: "Ask away" }) { id } }`, { c: course.id })).startThread.id;
    await ok(classmate, `mutation($t: ID!) { replyToThread(threadId: $t, body: "A spoiler of the exam") { id } }`, { t: thread });
    const hello = (await ok(classmate, `mutation($t: ID!) { replyToThread(threadId: $t, body: "Hello everyone") { id } }`, { t: thread })).replyToThread.id;
    const a: BrowserTab = await openTab(browser, { width: 1440, height: 900 });
    const b: BrowserTab = await openTab(browser, { width: 375, height: 800 }, true);
    try {
      const url = `${base}/courses/${course.id}/threads/${thread}`;
      await signInThroughUi(a.page, base, instructor);
      await a.page.goto(url);
      await signInThroughUi(b.page, base, reader);
      await b.page.goto(url);
      const replies = b.page.getByRole('list', { name: 'Replies', exact: true });
      await replies.getByText('A spoiler of the exam').waitFor();
      await a.page.getByRole('list', { name: 'Replies', exact: true }).getByText('A spoiler of the exam').waitFor();
      await liveUpdatesOn(a.page);
      await liveUpdatesOn(b.page);

      // The author edits their reply (from anywhere): the reader's page shows the new text live, marked edited.
      await ok(classmate, `mutation($id: ID!) { editPost(input: { kind: THREAD_REPLY, id: $id, body: "Hello **everyone**, edited" }) { __typename } }`, { id: hello });
      await replies.locator('strong', { hasText: 'everyone' }).waitFor({ timeout: 15_000 });
      await replies.getByText('(edited)').waitFor();

      // The instructor hides the spoiler with a reason: it leaves the reader's page at once; staff still see it, marked.
      await a.page.getByRole('button', { name: 'Hide reply by Cai Classmate' }).first().click();
      await a.page.getByLabel('Reason (shown to the author)').fill('Exam spoiler');
      await a.page.getByRole('button', { name: 'Hide it' }).click();
      await a.page.getByText('Hidden: Exam spoiler').waitFor();
      await replies.getByText('A spoiler of the exam').waitFor({ state: 'detached', timeout: 15_000 });
      await replies.getByText('Hello').waitFor();
      // The reader may report what remains, but not edit or hide it.
      expect(await b.page.getByRole('button', { name: 'Report reply by Cai Classmate' }).count()).toBe(1);
      expect(await b.page.getByRole('button', { name: 'Hide reply by Cai Classmate' }).count()).toBe(0);
      expect(await b.page.getByRole('alert').count()).toBe(0);
      expect(await overflowsHorizontally(b.page)).toBe(false);
      await screenshot(a.page, 'thread-reply-hidden-staff-1440');
      await screenshot(b.page, 'thread-reply-hidden-reader-375');
      // On reload it stays gone for the reader.
      await b.page.reload();
      await replies.getByText('Hello').waitFor();
      expect(await replies.getByText('A spoiler of the exam').count()).toBe(0);
      expect([...a.errors, ...b.errors]).toEqual([]);
    } catch (e) {
      await screenshot(a.page, 'threads-moderation-failure-a');
      await screenshot(b.page, 'threads-moderation-failure-b');
      throw e;
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 120_000);
});
