import { startSubgraph, type RunningServer } from '@lg/platform';
import { graphqlClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../../../tests/support/catalog.ts';
import { enrol } from '../../../tests/support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../../../tests/support/stack.ts';
import { createAssistantSubgraph, type AssistantSubgraph } from '../src/index.ts';
import { scriptedModel, type ScriptedModel } from './scripted-model.ts';

// The assistant's progress and analytics tools, called by a scripted model through the real
// gateway as the asking user: get_my_progress reads the student's own dashboard, and
// get_course_analytics a course's analytics for its instructor only. Both are reads: they run at
// once, without asking for a "yes".

let t: TestStack;
let model: ScriptedModel;
let instructor: TestUser;
let student: TestUser;
let courseId: string;
let lessonIds: string[];
let assistant: { subgraph: AssistantSubgraph; server: RunningServer };

const ASK = `mutation($p: String!) { askAssistant(prompt: $p) { conversation { messages { toolCalls { tool ok } } } message { content } } }`;
/** The tools the exchange called (on the assistant's messages before its answer), and whether they ran. */
const calledTools = (data: any) => data.askAssistant.conversation.messages.flatMap((m: any) => m.toolCalls);
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestStack();
  model = await scriptedModel();
  const subgraph = await createAssistantSubgraph(t.platform, { env: { ASSISTANT_BASE_URL: model.url } });
  subgraph.gatewayStarted!(t.url);
  assistant = { subgraph, server: await startSubgraph(subgraph, t.platform) };

  instructor = await signUp(t, ['INSTRUCTOR'], 'Analytics Tool Instructor');
  student = await signUp(t, [], 'Analytics Tool Student');
  const course = await createCourse(t, instructor, { title: 'Progress tools course' });
  courseId = course.id;
  await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second steps", kind: READING }) { id } }`, { s: course.sectionId }, { token: instructor.token });
  const page = await t.gql(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId });
  lessonIds = page.data!.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  await enrol(t, student, courseId);
  const done = await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonIds[0] }, { token: student.token });
  expect(done.errors).toBeUndefined();
  // Analytics projects the event log in the background: wait until the completion is counted.
  for (let i = 0; i < 200; i += 1) {
    const read = await t.gql(`{ myDashboard { lessonsCompleted } }`, {}, { token: student.token });
    if (read.data?.myDashboard?.lessonsCompleted === 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The completed lesson never reached the dashboard.');
}, 120_000);
afterAll(async () => {
  await assistant?.server.stop();
  await assistant?.subgraph.stop?.();
  await model?.close();
  await t?.close();
});

const ask = (prompt: string, user: TestUser) =>
  graphqlClient(assistant.server.url, { signWith: t.platform.subgraphSecret })(ASK, { p: prompt }, { token: user.token });
const toolResults = () => model.requests.at(-1).body.messages.filter((m: any) => m.role === 'tool').map((m: any) => JSON.parse(m.content));

describe('progress and analytics tools of the assistant', () => {
  it("get_my_progress answers the student's streaks, completions and next lesson, without asking for a yes", async () => {
    model.script.push({ toolCalls: [{ name: 'get_my_progress', arguments: '{}' }] }, { content: 'One lesson done, keep going.' });
    const res = await ask('how am I doing?', student);
    expect(res.errors).toBeUndefined();
    expect(res.data!.askAssistant.message.content).toBe('One lesson done, keep going.');
    expect(calledTools(res.data)).toEqual([{ tool: 'get_my_progress', ok: true }]);
    const [progress] = toolResults();
    expect(progress.myDashboard).toMatchObject({
      currentStreak: 1, longestStreak: 1, lessonsCompleted: 1, coursesCompleted: 0,
      recommendations: { weakestSkills: [], nextLessons: [{ id: lessonIds[1], courseId, title: 'Second steps' }] },
    });
    expect(progress.myDashboard.timeLearnedPerDay).toHaveLength(30);
  });

  it("get_course_analytics answers the instructor's course: today's enrolment and the funnel by lesson", async () => {
    model.script.push({ toolCalls: [{ name: 'get_course_analytics', arguments: JSON.stringify({ courseId, from: today, to: today }) }] }, { content: 'One learner so far.' });
    const res = await ask('how is my course doing today?', instructor);
    expect(res.errors).toBeUndefined();
    expect(calledTools(res.data)).toEqual([{ tool: 'get_course_analytics', ok: true }]);
    const [{ courseAnalytics }] = toolResults();
    expect(courseAnalytics.course).toEqual({ id: courseId, title: 'Progress tools course' });
    expect(courseAnalytics.enrolmentsPerDay).toEqual([{ day: today, count: 1 }]);
    expect(courseAnalytics.completionFunnel.map((s: any) => [s.position, s.lesson.title, s.opened, s.completed])).toEqual([[1, 'Welcome', 1, 1], [2, 'Second steps', 0, 0]]);
  });

  it("get_course_analytics of someone else's course is refused (FORBIDDEN) and a reversed range is BAD_USER_INPUT, as tool results", async () => {
    model.script.push({ toolCalls: [
      { name: 'get_course_analytics', arguments: JSON.stringify({ courseId, from: today, to: today }) },
    ] }, { content: 'You cannot see that.' });
    await ask('analytics of that course', student);
    const [refused] = toolResults();
    expect(refused.errors.map((e: any) => e.code)).toEqual(['FORBIDDEN']);
    expect(refused.data).toEqual({ courseAnalytics: null });

    model.script.push({ toolCalls: [{ name: 'get_course_analytics', arguments: JSON.stringify({ courseId, from: today, to: '2000-01-01' }) }] }, { content: 'That range is backwards.' });
    await ask('analytics backwards', instructor);
    const [reversed] = toolResults();
    expect(reversed.errors.map((e: any) => e.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('the built-in planner answers "my progress" from get_my_progress', async () => {
    // The stack's own assistant has no model configured: its planner runs the tool.
    const res = await t.gql(ASK, { p: 'what is my progress?' }, { token: student.token });
    expect(res.errors).toBeUndefined();
    const { content } = res.data!.askAssistant.message;
    expect(calledTools(res.data)).toEqual([{ tool: 'get_my_progress', ok: true }]);
    expect(content).toContain('Streak: 1 day(s) now, 1 at most. Completed: 1 lesson(s), 0 course(s).');
    expect(content).toContain(`- Second steps — /courses/${courseId}/lessons/${lessonIds[1]}`);
  });
});
