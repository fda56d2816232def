import type { CommandStartedEvent } from 'mongodb';
import { createCatalogSubgraph, type CatalogSubgraph, type CreateCourseInput } from '@lg/catalog';
import { createPlatform, newId, type Platform, type Role, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, commandWatcher, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createAssessmentSubgraph, type AssessmentSubgraph, type CreateExerciseInput, type ExerciseModel } from '../src/index.ts';
import { EnrollmentCompleted, EnrollmentCreated, catalogue } from '@lg/events';

export { codeOf, type Actor };

export interface AssessmentHarness {
  platform: Platform;
  /** The real catalog, in process on the same platform: courses are made through its service. */
  catalog: CatalogSubgraph;
  readonly subgraph: AssessmentSubgraph;
  readonly server: RunningServer;
  gql: GraphQLClient;
  /** The database commands run while `fn` runs. */
  commandsDuring(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  close(): Promise<void>;
}

/** The assessment subgraph served over HTTP on a fresh database, beside the real catalog. */
export async function startAssessment(options: { pollMs?: number; config?: Record<string, string> } = {}): Promise<AssessmentHarness> {
  const platform = await createPlatform(testConfig(options.config), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const catalog = await createCatalogSubgraph(platform);
  const served = await serveForTest(platform, () => createAssessmentSubgraph(platform, options));
  return {
    platform, catalog,
    get subgraph() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    commandsDuring: commandWatcher(platform),
    async close() {
      await served.stop();
      await catalog.stop();
      await closeTestPlatform(platform);
    },
  };
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: AssessmentHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: AssessmentHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);

let serial = 0;
export function courseInput(overrides: Partial<CreateCourseInput> = {}): CreateCourseInput {
  serial += 1;
  return {
    title: `Assessed course ${serial}`, summary: 'A short summary.', description: 'A longer description.',
    category: 'Programming', level: 'BEGINNER', tags: [], priceCents: 0, ...overrides,
  };
}

/**
 * A course made through the real catalog service, as the seed script does: by default a section,
 * a lesson and published; `draft` stops after creating it. The projection is not waited for.
 */
export async function createCourse(h: AssessmentHarness, owner: Actor, options: { draft?: boolean } = {}): Promise<string> {
  const service = h.catalog.service;
  const course = await service.createCourse(owner.viewer, courseInput());
  if (options.draft) return course._id;
  const section = await service.addCourseSection(owner.viewer, course._id, 'Getting started');
  await service.addLesson(owner.viewer, section._id, { title: 'Welcome', kind: 'VIDEO', durationMinutes: 5 });
  await service.publishCourse(owner.viewer, course._id);
  return course._id;
}

/** What learning publishes when a user enrols, appended through the real log. */
export function enrollmentCreated(userId: string, courseId: string, enrollmentId = newId()) {
  return EnrollmentCreated.build({ enrollmentId, userId, courseId, source: 'FREE' });
}

export function enrollmentCompleted(userId: string, courseId: string, enrollmentId: string) {
  return EnrollmentCompleted.build({ enrollmentId, userId, courseId, completedAt: new Date(), lessonCount: 1 });
}

/** Enrols users as learning would, and waits until the projection has them. */
export async function enroll(h: AssessmentHarness, courseId: string, ...students: Actor[]): Promise<void> {
  await h.platform.eventLog.append(students.map((s) => enrollmentCreated(s.id, courseId)));
  await h.subgraph.consumers.learning.catchUp();
}

/**
 * Three questions, 10 points: a SINGLE_CHOICE (2 points, answer 1), a MULTIPLE_CHOICE (3 points,
 * answers 0 and 2) and a SHORT_TEXT (5 points, "Paris" or "City of Light").
 */
export function exerciseInput(overrides: Partial<CreateExerciseInput> = {}): CreateExerciseInput {
  return {
    title: 'Geography basics',
    questions: [
      { prompt: 'Which is a continent?', kind: 'SINGLE_CHOICE', choices: ['Paris', 'Africa', 'Nile'], correctChoices: [1], points: 2 },
      { prompt: 'Which are rivers?', kind: 'MULTIPLE_CHOICE', choices: ['Nile', 'Alps', 'Danube', 'Sahara'], correctChoices: [0, 2], points: 3 },
      { prompt: 'The capital of France?', kind: 'SHORT_TEXT', acceptedAnswers: ['Paris', 'City of  Light'], points: 5 },
    ],
    ...overrides,
  };
}

/** All three questions answered right. */
export function rightAnswers(exercise: ExerciseModel) {
  const [single, multiple, short] = exercise.questions;
  return [
    { questionId: single!._id, choiceIndexes: [1] },
    { questionId: multiple!._id, choiceIndexes: [2, 0] },
    { questionId: short!._id, text: 'paris' },
  ];
}

/** A course of `owner` with one default exercise, its students enrolled. */
export async function courseWithExercise(h: AssessmentHarness, owner: Actor, students: Actor[] = [], options: { draft?: boolean } = {}) {
  const courseId = await createCourse(h, owner, options);
  const exercise = await h.subgraph.service.createExercise(owner.viewer, courseId, exerciseInput());
  if (students.length > 0) await enroll(h, courseId, ...students);
  return { courseId, exercise };
}

/** The five callers of the authorization matrix, plus the enrolled student. */
export function cast(h: AssessmentHarness) {
  return {
    anonymous: undefined,
    outsider: actor(h, 'STUDENT'),
    student: actor(h, 'STUDENT'),
    instructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    otherInstructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
}

export const EXERCISE_FIELDS = /* GraphQL */ `id title maxScore dueAt course { id } questions { id prompt kind choices points }`;
