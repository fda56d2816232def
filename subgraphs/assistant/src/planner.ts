import { newId } from '@lg/platform';
import type { ToolFailure } from './executor.ts';
import type { ToolData, ToolVariables } from './generated/operations.ts';
import type { AppFeature } from './generated/route-operations.ts';
import { estimateTokens, type ChatMessage, type ModelProvider, type ModelToolCall, type ModelTurn } from './providers.ts';

/** "yes", "confirm", "go ahead"...: the user confirms the calls the last reply asked about. */
export const CONFIRMATION = /^\s*(yes|y|yep|yeah|confirm(ed)?|ok(ay)?|sure|do it|go ahead|please do)\b[\s.!]*$/i;

type ToolName = keyof ToolData;
/** A call of one tool with that tool's variables. */
type Call = { [N in ToolName]: { name: N; args: ToolVariables[N] } }[ToolName];

/** A call made and what it answered: the operation's data when ok, else a ToolFailure (or whatever a model's tool said). */
interface Result { name: string; args: Record<string, unknown>; ok: boolean; data: unknown }

/** The data of a successful call of `name`; undefined for a failed call or another tool's. */
function dataOf<N extends ToolName>(result: Result | undefined, name: N): ToolData[N] | undefined {
  // The executor answers an ok call with exactly the `data` of the tool's operation.
  return result?.ok && result.name === name ? (result.data as ToolData[N]) : undefined;
}

/** What one intent does next, given the results of the calls it made so far. */
type Step = (results: Result[]) => { call: Call } | { answer: string };

type CourseNode = ToolData['search_courses']['courses']['edges'][number]['node'];

const money = (cents: number, currency: string) => (cents === 0 ? 'free' : `${(cents / 100).toFixed(2)} ${currency}`);

function errorText(result: Result): string {
  const data = (result.data ?? {}) as ToolFailure;
  const first = data.errors?.[0] ?? data.error;
  return first?.message ? String(first.message) : 'it failed';
}

/** The courses a search_courses or list_courses call found. */
function coursesOf(result: Result): CourseNode[] {
  return (dataOf(result, 'search_courses') ?? dataOf(result, 'list_courses'))?.courses.edges.map((e) => e.node) ?? [];
}

const labsOf = (result: Result | undefined) => dataOf(result, 'find_labs')?.labs.edges.map((e) => e.node) ?? [];

/** The course whose title matches the name best: the exact title, else the first found. */
function pick(courses: CourseNode[], name: string): CourseNode | undefined {
  const wanted = name.trim().toLowerCase();
  return courses.find((c) => String(c.title).toLowerCase() === wanted) ?? courses[0];
}

function listCourses(results: Result[], what: string): string {
  const last = results.at(-1)!;
  if (!last.ok) return `I could not search the courses: ${errorText(last)}.`;
  const courses = coursesOf(last);
  if (courses.length === 0) return `I found no courses for "${what}".`;
  const lines = courses.map((c, i) => `${i + 1}. ${c.title} (${money(c.priceCents, c.currency)}, ${String(c.level).toLowerCase()}) — /courses/${c.slug}`);
  const found = dataOf(last, 'search_courses') ?? dataOf(last, 'list_courses');
  return `I found ${found?.courses.totalCount ?? courses.length} course(s) for "${what}":\n${lines.join('\n')}`;
}

/** A course step (search by name, then act on the best match). */
function courseThen(name: string, act: (course: CourseNode) => ReturnType<Step>, done: (r: Result) => string): Step {
  return (results) => {
    if (results.length === 0) return { call: { name: 'search_courses', args: { search: name, first: 5 } } };
    if (results.length === 1) {
      if (!results[0]!.ok) return { answer: `I could not search the courses: ${errorText(results[0]!)}.` };
      const course = pick(coursesOf(results[0]!), name);
      return course ? act(course) : { answer: `I found no course called "${name}".` };
    }
    return { answer: done(results.at(-1)!) };
  };
}

function dayStart(offsetDays: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays));
}

function dayOf(text: string): Date | undefined {
  const iso = /\bon\s+(\d{4}-\d{2}-\d{2})\b/i.exec(text);
  if (iso) return new Date(`${iso[1]}T00:00:00.000Z`);
  if (/\btomorrow\b/i.test(text)) return dayStart(1);
  if (/\btoday\b/i.test(text)) return dayStart(0);
  return undefined;
}

function hourOf(text: string): number | undefined {
  const match = /\bat\s+(\d{1,2})(?::00)?\s*(am|pm)?\b/i.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  if (match[2]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (match[2]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  return hour <= 23 ? hour : undefined;
}

const clean = (name: string) => name.replace(/^\s*(the|a|an)\s+/i, '').replace(/["“”.!?]+/g, '').trim();

function labName(text: string): string {
  const after = /\bbook\s+(.+)$/i.exec(text)?.[1] ?? '';
  const name = clean(after.split(/\s+(?:today|tomorrow|on\s+\d{4}|at\s+\d|for\s+)/i)[0] ?? '');
  const words = name.split(/\s+/);
  return words.length > 1 && /^lab$/i.test(words.at(-1)!) ? words.slice(0, -1).join(' ') : name;
}

const FEATURES: [RegExp, AppFeature][] = [
  [/\bcart\b/i, 'CART'], [/\bbookings?\b/i, 'LAB_BOOKINGS'], [/\blabs?\b/i, 'LABS'], [/\bnotifications?\b/i, 'NOTIFICATIONS'],
  [/\borders?\b/i, 'ORDERS'], [/\bwishlist\b/i, 'WISHLIST'], [/\b(learning|my courses|enrol{1,2}ments?)\b/i, 'LEARNING'],
  [/\bdashboard\b/i, 'DASHBOARD'], [/\bprofile\b/i, 'PROFILE'], [/\bcourses\b/i, 'COURSES'], [/\bhome\b/i, 'HOME'],
];

export const HELP =
  'I can find courses ("find python courses"), tell what you are enrolled in ("what am I enrolled in"), how your learning goes ("my progress"), enrol you in a free course ' +
  '("enrol me in Intro to Python"), add a paid one to your cart ("add Data Science to my cart"), show your grades ("my grades in ' +
  'Intro to Python"), book a lab ("book the Robotics lab tomorrow at 10", times in UTC), show a lab\'s availability ' +
  '("availability of the Robotics lab tomorrow"), your notifications, read a discussion thread ("show thread <id>"), post to one ' +
  '(post "How do I start?" to thread <id>), and open a page ("take me to my cart").';

function progressText(result: Result): string {
  const dashboard = dataOf(result, 'get_my_progress')?.myDashboard;
  if (!dashboard) return `I could not read your progress: ${errorText(result)}.`;
  const seconds = dashboard.timeLearnedPerDay.reduce((n, d) => n + d.seconds, 0);
  const lines = [
    `Streak: ${dashboard.currentStreak} day(s) now, ${dashboard.longestStreak} at most. Completed: ${dashboard.lessonsCompleted} lesson(s), ${dashboard.coursesCompleted} course(s). Last 30 days: ${Math.round(seconds / 60)} min.`,
  ];
  const { weakestSkills, nextLessons } = dashboard.recommendations;
  if (weakestSkills.length) lines.push(`Weakest skills: ${weakestSkills.map((s) => `${s.skill} (${Math.round(s.mastery * 100)}%)`).join(', ')}.`);
  if (nextLessons.length) lines.push(`Next lessons:\n${nextLessons.map((l) => `- ${l.title} — /courses/${l.courseId}/lessons/${l.id}`).join('\n')}`);
  return lines.join('\n');
}

/** The intent of a request, as the steps it takes; undefined when the planner does not understand it. */
export function intentOf(text: string): Step | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  // Threads are named by id (the thread page's address holds it): `post "…" to thread <id>`, `show thread <id>`.
  if ((m = /\b(?:post|ask)\s+"([^"]+)"\s+(?:to|in)\s+(?:the\s+)?thread\s+([0-9a-f-]{36})\b/i.exec(t))) {
    const call: Call = { name: 'post_to_thread', args: { threadId: m[2]!, body: m[1]! } };
    return (results) => (results.length === 0 ? { call } : { answer: postedText(results[0]!) });
  }
  if ((m = /\b(?:show|list|read|open)\s+(?:me\s+)?(?:the\s+)?thread\s+([0-9a-f-]{36})\b/i.exec(t))) {
    const call: Call = { name: 'get_thread', args: { id: m[1]! } };
    return (results) => (results.length === 0 ? { call } : { answer: threadText(results[0]!) });
  }
  if ((m = /\benrol{1,2}(?:\s+me)?\s+(?:in|into|on|for)\s+(.+)$/i.exec(t))) {
    const name = clean(m[1]!.replace(/\s+course\s*[.!?]*$/i, ''));
    return courseThen(name,
      (c) => (c.priceCents > 0
        ? { answer: `"${c.title}" costs ${money(c.priceCents, c.currency)}: I can only enrol you in free courses. Say "add ${c.title} to my cart" to buy it.` }
        : { call: { name: 'enroll_in_course', args: { courseId: c.id } } }),
      (r) => {
        const enrolled = dataOf(r, 'enroll_in_course')?.enrollInFreeCourse;
        return enrolled ? `You are enrolled in "${enrolled.course.title}". Open it at /courses/${enrolled.course.slug}.` : `I could not enrol you: ${errorText(r)}.`;
      });
  }
  if ((m = /\badd\s+(.+?)\s+to\s+(?:my\s+|the\s+)?cart\b/i.exec(t))) {
    const name = clean(m[1]!);
    return courseThen(name, (c) => ({ call: { name: 'add_to_cart', args: { courseId: c.id } } }),
      (r) => {
        const cart = dataOf(r, 'add_to_cart')?.addCourseToCart;
        return cart ? `Added to your cart; it now holds ${cart.items.length} course(s), ${money(cart.subtotalCents, cart.currency)} in all.` : `I could not add it to your cart: ${errorText(r)}.`;
      });
  }
  if ((m = /\b(?:grades?|scores?)\s+(?:in|for|on|of)\s+(.+)$/i.exec(t))) {
    const name = clean(m[1]!);
    return courseThen(name, (c) => ({ call: { name: 'get_course_grades', args: { courseId: c.id } } }), (r) => {
      const data = dataOf(r, 'get_course_grades');
      if (!data) return `I could not read your grades: ${errorText(r)}.`;
      const grade = data.course?.viewerGrade;
      return grade ? `Your grade in "${data.course?.title}" is ${grade.scorePercent}%.` : `You have no grade in "${data.course?.title ?? name}": you are not enrolled in it.`;
    });
  }
  if (/\bbook\b/i.test(t) && hourOf(t) !== undefined) {
    const name = labName(t);
    const day = dayOf(t) ?? dayStart(1);
    const slotStart = new Date(day.getTime() + hourOf(t)! * 3_600_000).toISOString();
    return (results) => {
      if (results.length === 0) return { call: { name: 'find_labs', args: { search: name, first: 5 } } };
      if (results.length === 1) {
        const lab = labsOf(results[0])[0];
        if (!lab) return { answer: `I found no lab called "${name}".` };
        return { call: { name: 'book_lab', args: { labId: lab.id, slotStart } } };
      }
      const r = results.at(-1)!;
      const booking = dataOf(r, 'book_lab')?.bookLab;
      return { answer: booking ? `Booked "${booking.lab.title}" from ${booking.slotStart} to ${booking.slotEnd} (UTC).` : `I could not book it: ${errorText(r)}.` };
    };
  }
  if ((m = /\bavailab\w*\s+(?:of|for|in|at)\s+(.+)$/i.exec(t))) {
    const day = dayOf(t) ?? dayStart(0);
    const name = labName(`book ${m[1]}`);
    return (results) => {
      if (results.length === 0) return { call: { name: 'find_labs', args: { search: name, first: 5 } } };
      if (results.length === 1) {
        const lab = labsOf(results[0])[0];
        if (!lab) return { answer: `I found no lab called "${name}".` };
        return { call: { name: 'get_lab_availability', args: { labId: lab.id, from: day.toISOString(), to: new Date(day.getTime() + 86_400_000).toISOString() } } };
      }
      const r = results.at(-1)!;
      const data = dataOf(r, 'get_lab_availability');
      if (!data) return { answer: `I could not read the availability: ${errorText(r)}.` };
      const free = (data.lab?.availability ?? []).filter((s) => s.available).map((s) => s.start);
      return { answer: free.length ? `"${data.lab?.title}" is free at (UTC): ${free.join(', ')}.` : `"${data.lab?.title}" has no free slot then.` };
    };
  }
  if (/\b(my progress|how am i doing|streaks?|study next|weakest skills?)\b/i.test(t)) {
    return (results) => (results.length === 0 ? { call: { name: 'get_my_progress', args: {} } } : { answer: progressText(results[0]!) });
  }
  if (/\b(enrol{1,2}ed|enrol{1,2}ments?|my courses)\b/i.test(t)) {
    return (results) => {
      if (results.length === 0) return { call: { name: 'get_my_enrollments', args: { first: 20 } } };
      const r = results[0]!;
      const enrollments = dataOf(r, 'get_my_enrollments')?.myEnrollments;
      if (!enrollments) return { answer: `I could not read your enrolments: ${errorText(r)}.` };
      const items = enrollments.edges.map((e) => `- ${e.node.course.title} (${e.node.progressPercent}% done)`);
      return { answer: items.length ? `You are enrolled in ${enrollments.totalCount} course(s):\n${items.join('\n')}` : 'You are not enrolled in any course yet.' };
    };
  }
  if (/\bnotifications?\b/i.test(t) && !/\b(go|take|open|navigate)\b/i.test(t)) {
    return (results) => {
      if (results.length === 0) return { call: { name: 'get_my_notifications', args: { first: 10 } } };
      const r = results[0]!;
      const notifications = dataOf(r, 'get_my_notifications')?.myNotifications;
      if (!notifications) return { answer: `I could not read your notifications: ${errorText(r)}.` };
      const items = notifications.edges.map((e) => `- ${e.node.read ? '' : '(new) '}${e.node.message}`);
      return { answer: items.length ? `Your notifications:\n${items.join('\n')}` : 'You have no notifications.' };
    };
  }
  if (/\b(go|take me|open|navigate|show me)\b/i.test(t)) {
    const feature = FEATURES.find(([re]) => re.test(t))?.[1];
    if (feature) {
      return (results) => (results.length === 0
        ? { call: { name: 'navigate_to_route', args: { feature } } }
        : { answer: results[0]!.ok ? `Opening ${dataOf(results[0], 'navigate_to_route')?.route}.` : `I could not open it: ${errorText(results[0]!)}.` });
    }
  }
  if ((m = /\b(?:find|search(?:\s+for)?|look(?:ing)?\s+for|show(?:\s+me)?|any|list)\s+(?:some\s+|me\s+)?(.*?)\s*courses?\b/i.exec(t)) || (m = /\bcourses?\s+(?:about|on|for|in)\s+(.+)$/i.exec(t))) {
    const what = clean(m[1] ?? '');
    if (!what || /^(all|the|free)$/i.test(what)) {
      const freeOnly = /\bfree\b/i.test(t);
      return (results) => (results.length === 0
        ? { call: { name: 'list_courses', args: { first: 10, ...(freeOnly ? { filter: { freeOnly: true } } : {}) } } }
        : { answer: listCourses(results, freeOnly ? 'free courses' : 'all courses') });
    }
    return (results) => (results.length === 0 ? { call: { name: 'search_courses', args: { search: what, first: 10 } } } : { answer: listCourses(results, what) });
  }
  return undefined;
}

/** The calls made since the last user message, each with its parsed result. */
function resultsSince(messages: ChatMessage[], from: number): Result[] {
  const calls = new Map<string, ModelToolCall>();
  const results: Result[] = [];
  for (const message of messages.slice(from + 1)) {
    for (const call of message.toolCalls ?? []) calls.set(call.id, call);
    if (message.role !== 'tool') continue;
    const call = calls.get(message.toolCallId ?? '');
    let data: unknown = null;
    try {
      data = JSON.parse(message.content);
    } catch { /* a truncated result reads as a failure */ }
    const failed = data === null || (typeof data === 'object' && Boolean((data as ToolFailure).errors || (data as ToolFailure).error));
    let args: Record<string, unknown> = {};
    try {
      args = JSON.parse(call?.arguments ?? '{}') as Record<string, unknown>;
    } catch { /* not ours */ }
    results.push({ name: call?.name ?? '', args, ok: !failed, data });
  }
  return results;
}

/**
 * The built-in offline provider: maps common requests to tools with patterns, chains the calls
 * they need (find a course, then enrol in it), and words the answer from the results. It is what
 * answers when no model is configured, so the assistant works out of the box.
 */
export class OfflinePlanner implements ModelProvider {
  readonly name = 'offline-planner';

  async complete({ messages }: { messages: ChatMessage[] }): Promise<ModelTurn> {
    const lastUser = messages.map((m) => m.role).lastIndexOf('user');
    const text = lastUser >= 0 ? messages[lastUser]!.content : '';
    const results = resultsSince(messages, lastUser);
    let turn: { content: string; toolCalls: ModelToolCall[] };
    if (CONFIRMATION.test(text)) {
      // The confirmed calls ran after the "yes": say how they went.
      const done = results.map((r) => (r.ok ? `${r.name}: done.` : `${r.name} failed: ${errorText(r)}.`));
      turn = { content: done.length ? describeConfirmed(results) : 'There was nothing waiting for your confirmation.', toolCalls: [] };
    } else {
      const step = intentOf(text)?.(results);
      if (!step) turn = { content: HELP, toolCalls: [] };
      else if ('answer' in step) turn = { content: step.answer, toolCalls: [] };
      else turn = { content: '', toolCalls: [{ id: `call_${newId()}`, name: step.call.name, arguments: JSON.stringify(step.call.args) }] };
    }
    return { ...turn, tokens: estimateTokens(text) + estimateTokens(turn.content) + turn.toolCalls.reduce((n, c) => n + estimateTokens(c.arguments), 0) };
  }
}

function postedText(r: Result): string {
  const reply = dataOf(r, 'post_to_thread')?.replyToThread;
  return reply ? `Your post is in the thread "${reply.thread.title}".` : `I could not post it: ${errorText(r)}.`;
}

function threadText(r: Result): string {
  const data = dataOf(r, 'get_thread');
  if (!data) return `I could not read the thread: ${errorText(r)}.`;
  const thread = data.thread;
  if (!thread) return 'There is no such thread (or it is no longer shown).';
  const lines = thread.replies.edges.flatMap(({ node }) => [
    `- ${node.author.displayName}: ${node.body}`,
    ...node.replies.edges.map(({ node: deep }) => `  - ${deep.author.displayName}: ${deep.body}`),
  ]);
  const flags = [thread.pinned ? 'pinned' : '', thread.locked ? 'locked' : ''].filter(Boolean).join(', ');
  return [`"${thread.title}" by ${thread.author.displayName} in "${thread.course.title}"${flags ? ` (${flags})` : ''}, ${thread.replyCount} replies:`, thread.body, ...lines].join('\n');
}

function describeConfirmed(results: Result[]): string {
  return results.map((r) => {
    if (!r.ok) return `${r.name} did not work: ${errorText(r)}.`;
    const enrolled = dataOf(r, 'enroll_in_course')?.enrollInFreeCourse;
    if (enrolled) return `You are enrolled in "${enrolled.course.title}".`;
    const booking = dataOf(r, 'book_lab')?.bookLab;
    if (booking) return `Booked "${booking.lab.title}" from ${booking.slotStart} to ${booking.slotEnd} (UTC).`;
    const cart = dataOf(r, 'add_to_cart')?.addCourseToCart;
    if (cart) return `Added to your cart (${cart.items.length} course(s) in it).`;
    const question = dataOf(r, 'ask_question')?.askQuestion;
    if (question) return `Your question "${question.title}" is posted.`;
    if (dataOf(r, 'post_to_thread')) return postedText(r);
    return `${r.name}: done.`;
  }).join('\n');
}
