import type { CommandStartedEvent } from 'mongodb';
import { createPlatform, type Platform, type Role, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, commandWatcher, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createCatalogSubgraph, type CatalogSubgraph, type CreateCourseInput } from '../src/index.ts';
import { catalogue } from '@lg/events';

export { codeOf, type Actor };

export interface CatalogHarness {
  platform: Platform;
  readonly subgraph: CatalogSubgraph;
  readonly server: RunningServer;
  gql: GraphQLClient;
  /** The database commands run while `fn` runs, by command name (find, count, …). */
  commandsDuring(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  close(): Promise<void>;
}

/** The catalog subgraph served over HTTP on a fresh database, with database commands observable. */
export async function startCatalog(): Promise<CatalogHarness> {
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const served = await serveForTest(platform, () => createCatalogSubgraph(platform));
  return {
    platform,
    get subgraph() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    commandsDuring: commandWatcher(platform),
    async close() {
      await served.stop();
      await closeTestPlatform(platform);
    },
  };
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: CatalogHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: CatalogHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);

/** The five callers of the authorization matrix; `owner` instructs the courses under test. */
export function cast(h: CatalogHarness) {
  return {
    anonymous: undefined,
    student: actor(h, 'STUDENT'),
    owner: actor(h, 'STUDENT', 'INSTRUCTOR'),
    otherInstructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
}

let serial = 0;
export function courseInput(overrides: Partial<CreateCourseInput> = {}): CreateCourseInput {
  serial += 1;
  return {
    title: `Course number ${serial}`,
    summary: 'A short summary.',
    description: 'A longer description.',
    category: 'Programming',
    level: 'BEGINNER',
    tags: [],
    priceCents: 0,
    ...overrides,
  };
}

/** A course built through the service, as the seed script does: sections, lessons, optionally published. */
export async function seedCourse(h: CatalogHarness, owner: Actor, options: { publish?: boolean; input?: Partial<CreateCourseInput> } = {}) {
  const service = h.subgraph.service;
  const course = await service.createCourse(owner.viewer, courseInput(options.input));
  const section = await service.addCourseSection(owner.viewer, course._id, 'Getting started');
  const lesson = await service.addLesson(owner.viewer, section._id, { title: 'Welcome', kind: 'VIDEO', durationMinutes: 5 });
  const final = options.publish ? await service.publishCourse(owner.viewer, course._id) : await service.course(owner.viewer, course._id);
  return { course: final!, section, lesson };
}

export const COURSE_FIELDS = /* GraphQL */ `
  id slug title summary description category level tags priceCents currency status lessonCount publishedAt createdAt
  instructor { id }
  sections { id title position lessons { id title position kind durationMinutes } }`;
