import type { CommandStartedEvent } from 'mongodb';
import { createCatalogSubgraph, type CatalogSubgraph, type CreateCourseInput } from '@lg/catalog';
import { createPlatform, type Platform, type Role, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, commandWatcher, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createLearningSubgraph, type LearningSubgraph } from '../src/index.ts';
import { catalogue } from '@lg/events';

export { codeOf, type Actor };

export interface LearningHarness {
  platform: Platform;
  /** The real catalog subgraph on the same platform: its writes are the events learning projects. */
  catalog: CatalogSubgraph;
  /** The running learning subgraph (replaced by restartLearning). */
  readonly learning: LearningSubgraph;
  readonly server: RunningServer;
  /** A client of the learning subgraph's HTTP endpoint, also across restarts. */
  gql: GraphQLClient;
  /** The database commands run while `fn` runs. */
  commandsDuring(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  /** Stops the learning subgraph (server and consumer), runs `meanwhile`, then creates and serves it again. */
  restartLearning(meanwhile?: () => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Catalog in-process and learning served over HTTP on a fresh database, with database commands observable. */
export async function startLearning(): Promise<LearningHarness> {
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const catalog = await createCatalogSubgraph(platform);
  const served = await serveForTest(platform, () => createLearningSubgraph(platform));
  return {
    platform,
    catalog,
    get learning() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    commandsDuring: commandWatcher(platform),
    restartLearning: served.restart,
    async close() {
      await served.stop();
      await catalog.stop();
      await closeTestPlatform(platform);
    },
  };
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: LearningHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: LearningHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);

let serial = 0;
export function courseInput(overrides: Partial<CreateCourseInput> = {}): CreateCourseInput {
  serial += 1;
  return {
    title: `Learning course ${serial}`,
    summary: 'A short summary.',
    description: 'A longer description.',
    category: 'Programming',
    level: 'BEGINNER',
    tags: [],
    priceCents: 0,
    ...overrides,
  };
}

export interface SeededCourse { courseId: string; sectionIds: string[]; lessonIds: string[] }

/**
 * A course built through catalog's own service, as the seed script does: `lessons` lessons per
 * section (in reading order), published unless told otherwise.
 */
export async function seedCourse(
  h: LearningHarness,
  owner: Actor,
  options: { lessons?: number; sections?: number; publish?: boolean; priceCents?: number } = {},
): Promise<SeededCourse> {
  const service = h.catalog.service;
  const course = await service.createCourse(owner.viewer, courseInput({ priceCents: options.priceCents ?? 0 }));
  const sectionIds: string[] = [];
  const lessonIds: string[] = [];
  for (let s = 0; s < (options.sections ?? 1); s += 1) {
    const section = await service.addCourseSection(owner.viewer, course._id, `Part ${s + 1}`);
    sectionIds.push(section._id);
    for (let l = 0; l < (options.lessons ?? 1); l += 1)
      lessonIds.push((await service.addLesson(owner.viewer, section._id, { title: `Lesson ${s + 1}.${l + 1}`, kind: 'VIDEO' }))._id);
  }
  if (options.publish ?? true) await service.publishCourse(owner.viewer, course._id);
  return { courseId: course._id, sectionIds, lessonIds };
}

/** Adds one lesson to a course's section through catalog. */
export async function addLesson(h: LearningHarness, owner: Actor, sectionId: string): Promise<string> {
  return (await h.catalog.service.addLesson(owner.viewer, sectionId, { title: 'Added later', kind: 'READING' }))._id;
}

export const ENROLLMENT_FIELDS = /* GraphQL */ `
  id status progressPercent completedLessonIds enrolledAt completedAt user { id } course { id }`;

export const ENROLL = `mutation($courseId: ID!) { enrollInFreeCourse(courseId: $courseId) { ${ENROLLMENT_FIELDS} } }`;
export const COMPLETE = `mutation($courseId: ID!, $lessonId: ID!) { completeLesson(courseId: $courseId, lessonId: $lessonId) { ${ENROLLMENT_FIELDS} } }`;

/** Everything learning keeps and the event log, to show that a refused call changed nothing. */
export async function snapshot(h: LearningHarness) {
  const { enrollments, wishlist } = h.learning.repository;
  return {
    enrollments: await enrollments.find({}).sort({ _id: 1 }).toArray(),
    wishlist: await wishlist.find({}).sort({ _id: 1 }).toArray(),
    events: await h.platform.db.collection('platform_events').countDocuments(),
  };
}

export const learningEvents = (h: LearningHarness, type: string, filter: Record<string, unknown> = {}) =>
  h.platform.db.collection('platform_events').find({ type, ...filter }).sort({ seq: 1 }).toArray();
