import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let instructor: TestUser;
let labId: string;
beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ada Assist');
  await createCourse(t, instructor, { title: 'Python Basics', tags: ['python'] });
  await createCourse(t, instructor, { title: 'Python for Data', priceCents: 2900, tags: ['python'] });
  await createCourse(t, instructor, { title: 'Rust Systems', tags: ['rust'] });
  const lab = await t.gql(`mutation { createLab(input: { title: "Robotics Lab", description: "Arms and sensors.", location: "Room 7", capacity: 4, pricePerHourCents: 0, equipment: ["robot arm"], openHoursUtc: [9, 10, 11] }) { id } }`, {}, { token: instructor.token });
  labId = lab.data!.createLab.id;
});
afterAll(async () => t?.close());

const ASK = `mutation($p: String!, $c: ID, $auto: Boolean) { askAssistant(prompt: $p, conversationId: $c, autoConfirm: $auto) {
  conversation { id } message { role content toolCalls { tool arguments ok result } } } }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id createdAt updatedAt messages { role content createdAt toolCalls { tool arguments ok result } } } }`;

async function ask(user: TestUser, prompt: string, conversationId?: string, autoConfirm?: boolean) {
  const res = await t.gql(ASK, { p: prompt, c: conversationId, auto: autoConfirm }, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.askAssistant as { conversation: { id: string }; message: { role: string; content: string; toolCalls: { tool: string; arguments: string; ok: boolean; result: string | null }[] } };
}

describe('asking the assistant through the gateway (offline planner)', () => {
  it('finds courses, enrols in a free one after confirming, books a lab, and keeps the conversation with its tool calls', async () => {
    const student = await signUp(t, [], 'Sam Student');
    const found = await ask(student, 'find python courses');
    expect(found.message.content).toContain('Python Basics');
    expect(found.message.content).toContain('Python for Data');
    expect(found.message.content).not.toContain('Rust');
    const conversationId = found.conversation.id;

    const asking = await ask(student, 'enrol me in Python Basics', conversationId);
    expect(asking.message.content).toMatch(/confirm/i);
    expect(asking.message.toolCalls).toEqual([expect.objectContaining({ tool: 'enroll_in_course', ok: false, result: null })]);
    // Nothing happened before the user said yes.
    expect((await t.gql(`{ myEnrollments { totalCount } }`, {}, { token: student.token })).data!.myEnrollments.totalCount).toBe(0);

    const confirmed = await ask(student, 'yes', conversationId);
    expect(confirmed.message.content).toContain('You are enrolled in "Python Basics"');
    const enrolments = await t.gql(`{ myEnrollments { edges { node { course { title } } } } }`, {}, { token: student.token });
    expect(enrolments.data!.myEnrollments.edges).toEqual([{ node: { course: { title: 'Python Basics' } } }]);

    const listed = await ask(student, 'what am I enrolled in?', conversationId);
    expect(listed.message.content).toContain('Python Basics');

    const booking = await ask(student, 'book the Robotics lab tomorrow at 10', conversationId);
    expect(booking.message.toolCalls.map((c) => c.tool)).toEqual(['book_lab']);
    const booked = await ask(student, 'confirm', conversationId);
    expect(booked.message.content).toContain('Booked "Robotics Lab"');
    const bookings = await t.gql(`{ myLabBookings { status slotStart lab { id } } }`, {}, { token: student.token });
    expect(bookings.data!.myLabBookings).toEqual([expect.objectContaining({ status: 'CONFIRMED', lab: { id: labId } })]);
    expect(new Date(bookings.data!.myLabBookings[0].slotStart).getUTCHours()).toBe(10);

    const stored = await t.gql(CONVERSATION, { id: conversationId }, { token: student.token });
    const messages = stored.data!.conversation.messages as { role: string; toolCalls: { tool: string; ok: boolean }[] }[];
    expect(messages.filter((m) => m.role === 'USER')).toHaveLength(6);
    const calls = messages.flatMap((m) => m.toolCalls.filter((c) => c.ok).map((c) => c.tool));
    expect(calls).toEqual(['search_courses', 'search_courses', 'enroll_in_course', 'get_my_enrollments', 'find_labs', 'book_lab']);
    const mine = await t.gql(`{ myConversations { id title } }`, {}, { token: student.token });
    expect(mine.data!.myConversations.map((c: { id: string; title: string }) => [c.id, c.title])).toEqual([[conversationId, 'find python courses']]);

    // Someone else sees neither the conversation nor it in their list, and cannot continue it.
    const other = await signUp(t);
    expect((await t.gql(CONVERSATION, { id: conversationId }, { token: other.token })).data!.conversation).toBeNull();
    expect((await t.gql(`{ myConversations { id } }`, {}, { token: other.token })).data!.myConversations).toEqual([]);
    expect(codeOf(await t.gql(ASK, { p: 'hello', c: conversationId }, { token: other.token }))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ASK, { p: 'hello' }))).toBe('UNAUTHENTICATED');
  });

  it('runs a mutating tool at once with autoConfirm, and a cancelled request changes nothing', async () => {
    const student = await signUp(t);
    const cancelled = await ask(student, 'enrol me in Rust Systems');
    const next = await ask(student, 'no thanks, find rust courses', cancelled.conversation.id);
    expect(next.message.content).toContain('Rust Systems');
    expect((await t.gql(`{ myEnrollments { totalCount } }`, {}, { token: student.token })).data!.myEnrollments.totalCount).toBe(0);

    const auto = await ask(student, 'enrol me in Rust Systems', undefined, true);
    expect(auto.message.content).toContain('You are enrolled in "Rust Systems"');
    expect((await t.gql(`{ myEnrollments { totalCount } }`, {}, { token: student.token })).data!.myEnrollments.totalCount).toBe(1);
  });
});

describe('the tool catalog', () => {
  it('is public, within its stated cap of 50, and marks the mutating tools', async () => {
    const res = await t.gql(`{ assistantTools { name description inputSchema mutates } }`);
    expect(res.status).toBe(200);
    const tools = res.data!.assistantTools as { name: string; description: string; inputSchema: string; mutates: boolean }[];
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.length).toBeLessThanOrEqual(50);
    expect(tools.find((x) => x.name === 'search_courses')).toMatchObject({ mutates: false });
    expect(tools.find((x) => x.name === 'enroll_in_course')).toMatchObject({ mutates: true });
    for (const tool of tools) expect(JSON.parse(tool.inputSchema)).toMatchObject({ type: 'object' });
  });
});

describe('a tool never reaches what its user cannot reach directly', () => {
  it('another user\'s order and the exercises of a course the user is not enrolled in are refused as they are directly', async () => {
    const buyer = await signUp(t);
    const snoop = await signUp(t);
    const paid = await createCourse(t, instructor, { title: 'Paid Secrets', priceCents: 1500 });
    await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: paid.id }, { token: buyer.token });
    const order = await t.gql(`mutation { checkout(idempotencyKey: "assistant-journey-1", paymentToken: "tok_ok") { id } }`, {}, { token: buyer.token });
    const orderId = order.data!.checkout.id as string;
    await t.gql(`mutation($c: ID!) { createExercise(courseId: $c, input: { title: "Quiz", questions: [{ kind: SINGLE_CHOICE, prompt: "2+2?", choices: ["3", "4"], correctChoices: [1], points: 1 }] }) { id } }`, { c: paid.id }, { token: instructor.token });

    const service = t.stack.subgraphs.assistant.service;
    const asSnoop = { viewer: { id: snoop.id, roles: ['STUDENT' as const] }, token: snoop.token };
    const direct = await t.gql(`query($id: ID!) { order(id: $id) { id } }`, { id: orderId }, { token: snoop.token });
    const viaTool = await service.runTool(asSnoop, 'get_order', { id: orderId });
    expect(viaTool.ok).toBe(false);
    expect(JSON.parse(viaTool.result).errors[0].code).toBe(codeOf(direct));
    expect(codeOf(direct)).toBe('FORBIDDEN');

    const exercisesDirect = await t.gql(`query($c: ID!) { course(id: $c) { exercises { id } } }`, { c: paid.id }, { token: snoop.token });
    const exercisesTool = await service.runTool(asSnoop, 'get_course_exercises', { courseId: paid.id });
    expect(exercisesTool.ok).toBe(false);
    expect(JSON.parse(exercisesTool.result).errors[0].code).toBe(codeOf(exercisesDirect));

    // The buyer, who may, gets the order through the same tool.
    const own = await service.runTool({ viewer: { id: buyer.id, roles: ['STUDENT'] }, token: buyer.token }, 'get_order', { id: orderId });
    expect(own.ok).toBe(true);
    expect(JSON.parse(own.result).order.id).toBe(orderId);
  });
});

describe('the lesson tools read what the student is studying, as the student may read it', () => {
  it('get_lesson gives a member the lesson text and refuses an outsider as a direct read does; list_supplements shows an outsider the public ones only', async () => {
    const member = await signUp(t);
    const outsider = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Iterators in Depth' });
    const read = await t.gql(`query($c: ID!) { course(id: $c) { sections { lessons { id } } } }`, { c: course.id });
    const lessonId = read.data!.course.sections[0].lessons[0].id as string;
    const body = 'An iterator has `__next__`.';
    const written = await t.gql(`mutation($i: UpdateLessonContentInput!) { updateLessonContent(input: $i) { id } }`,
      { i: { lessonId, bodyMarkdown: body, expectedVersion: 0 } }, { token: instructor.token });
    expect(written.errors).toBeUndefined();
    const add = `mutation($i: AddSupplementInput!) { addSupplement(input: $i) { id } }`;
    await t.gql(add, { i: { courseId: course.id, kind: 'DOCUMENT', title: 'PEP 234', url: 'https://peps.python.org/pep-0234/', public: true } }, { token: instructor.token });
    await t.gql(add, { i: { courseId: course.id, kind: 'SLIDES', title: 'Members slides', url: 'https://example.com/slides' } }, { token: instructor.token });
    await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id }, { token: member.token });

    const service = t.stack.subgraphs.assistant.service;
    const caller = (user: TestUser) => ({ viewer: { id: user.id, roles: ['STUDENT' as const] }, token: user.token });
    const lesson = await service.runTool(caller(member), 'get_lesson', { courseId: course.id, lessonId });
    expect(lesson.ok).toBe(true);
    expect(JSON.parse(lesson.result).course.lesson.content.bodyMarkdown).toBe(body);

    const direct = await t.gql(`query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { bodyMarkdown } } } }`, { c: course.id, l: lessonId }, { token: outsider.token });
    const refused = await service.runTool(caller(outsider), 'get_lesson', { courseId: course.id, lessonId });
    expect(refused.ok).toBe(false);
    expect(JSON.parse(refused.result).errors[0].code).toBe(codeOf(direct));
    expect(refused.result).not.toContain('__next__');

    const titles = async (user: TestUser) => JSON.parse((await service.runTool(caller(user), 'list_supplements', { courseId: course.id })).result).course.supplements.map((s: any) => s.title);
    expect(await titles(member)).toEqual(['PEP 234', 'Members slides']);
    expect(await titles(outsider)).toEqual(['PEP 234']);
  });
});

describe("the assistant's REST endpoint on the gateway's origin (one-process mode)", () => {
  it('answers POST /v1/ai/chat as the bearer token\'s user, and refuses a caller without one', async () => {
    const student = await signUp(t);
    const url = t.url.replace('/graphql', '/v1/ai/chat');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${student.token}` }, body: JSON.stringify({ prompt: 'find rust courses' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { conversationId: string; message: { content: string } };
    expect(body.message.content).toMatch(/Rust Systems/);
    const stored = await t.gql(`query($id: ID!) { conversation(id: $id) { messages { role } } }`, { id: body.conversationId }, { token: student.token });
    expect(stored.data!.conversation.messages.map((m: { role: string }) => m.role)).toContain('ASSISTANT');
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'hi' }) });
    expect(anonymous.status).toBe(401);
  });
});

describe('what the assistant logs for platform metrics', () => {
  it('each answer logs one AssistantAnswered with its tokens, which ADMIN sees counted on the day', async () => {
    const student = await signUp(t, [], 'Metrics Asker');
    const admin = await signUp(t, ['ADMIN'], 'Metrics Admin');
    const first = await ask(student, 'find python courses');
    await ask(student, 'find rust courses', first.conversation.id);
    const logged = (await t.platform.eventLog.readAfter(0, 100_000, { full: true })).filter((e) => e.type === 'AssistantAnswered' && e.userId === student.id);
    expect(logged.map((e) => e.aggregateId)).toEqual([first.conversation.id, first.conversation.id]);
    const tokens = logged.reduce((n, e) => n + (e.data as { tokens: number }).tokens, 0);
    expect(tokens).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    const res = await t.gql(`query($d: String!) { platformMetrics(from: $d, to: $d) { days { aiRequests aiTokens } } }`, { d: today }, { token: admin.token });
    const everyone = (await t.platform.eventLog.readAfter(0, 100_000, { full: true })).filter((e) => e.type === 'AssistantAnswered');
    expect(res.data!.platformMetrics.days).toEqual([{ aiRequests: everyone.length, aiTokens: everyone.reduce((n, e) => n + (e.data as { tokens: number }).tokens, 0) }]);
  });
});
