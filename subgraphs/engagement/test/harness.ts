import type { CommandStartedEvent } from 'mongodb';
import { createCatalogSubgraph, type CatalogSubgraph, type CourseModel } from '@lg/catalog';
import { createPlatform, newId, type DomainEvent, type Platform, type Role, type RunningServer } from '@lg/platform';
import { as, closeTestPlatform, codeOf, commandWatcher, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createEngagementSubgraph, type EngagementSubgraph } from '../src/index.ts';
import { EnrollmentCreated, catalogue } from '@lg/events';

export { as, codeOf, type Actor };

export interface EngagementHarness {
  platform: Platform;
  /** The real catalog subgraph on the same platform: courses are made through it, events and all. */
  catalog: CatalogSubgraph;
  readonly subgraph: EngagementSubgraph;
  readonly server: RunningServer;
  readonly gql: GraphQLClient;
  /** Stops the engagement subgraph, runs `meanwhile`, then creates and serves it again. */
  restart(meanwhile?: () => Promise<void>): Promise<void>;
  /** Both consumers have handled everything in the log. */
  settle(): Promise<void>;
  /** The database commands run while `fn` runs. */
  commandsDuring(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  close(): Promise<void>;
}

/** The engagement subgraph served over HTTP on a fresh database, beside an in-process catalog. */
export async function startEngagement(): Promise<EngagementHarness> {
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const catalog = await createCatalogSubgraph(platform);
  const served = await serveForTest(platform, () => createEngagementSubgraph(platform));
  return {
    platform, catalog,
    get subgraph() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    restart: served.restart,
    async settle() {
      await served.subgraph.consumers.membership.catchUp();
      await served.subgraph.consumers.notifications.catchUp();
    },
    commandsDuring: commandWatcher(platform),
    async close() {
      await served.stop();
      await catalog.stop();
      await closeTestPlatform(platform);
    },
  };
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: EngagementHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: EngagementHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);


let serial = 0;

/** A course made through catalog's service as the seed script does: one section, one lesson, published unless told otherwise. */
export async function seedCourse(h: EngagementHarness, instructor: Actor, options: { publish?: boolean } = {}): Promise<CourseModel> {
  serial += 1;
  const service = h.catalog.service;
  const course = await service.createCourse(instructor.viewer, {
    title: `Engaging course ${serial}`, summary: 'A summary.', description: 'A description.', category: 'Programming', level: 'BEGINNER', priceCents: 0,
  });
  const section = await service.addCourseSection(instructor.viewer, course._id, 'Start');
  await service.addLesson(instructor.viewer, section._id, { title: 'Welcome', kind: 'VIDEO', durationMinutes: 5 });
  return options.publish === false ? course : service.publishCourse(instructor.viewer, course._id);
}

/** What learning's enrollInFreeCourse logs, appended through the real event log. */
export function enrollmentCreated(userId: string, courseId: string, source: 'FREE' | 'ORDER' = 'FREE'): DomainEvent {
  return EnrollmentCreated.build({ enrollmentId: newId(), userId, courseId, source });
}

export async function enroll(h: EngagementHarness, user: Actor, courseId: string): Promise<void> {
  await h.platform.eventLog.append([enrollmentCreated(user.id, courseId)]);
}

/**
 * The six callers of the authorization matrix around one published course: `instructor` teaches
 * it, `student` is enrolled in it, `outsider` is a student who is not.
 */
export async function castAround(h: EngagementHarness) {
  const people = {
    anonymous: undefined as Actor | undefined,
    outsider: actor(h, 'STUDENT'),
    student: actor(h, 'STUDENT'),
    instructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    otherInstructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
  const course = await seedCourse(h, people.instructor);
  await enroll(h, people.student, course._id);
  return { people, course };
}

export type Caller = 'anonymous' | 'outsider' | 'student' | 'instructor' | 'otherInstructor' | 'admin';
export const CALLERS: Caller[] = ['anonymous', 'outsider', 'student', 'instructor', 'otherInstructor', 'admin'];
export const MEMBERS: Caller[] = ['student', 'instructor', 'admin'];

export const eventsOf = (h: EngagementHarness, filter: Record<string, unknown>) =>
  h.platform.db.collection('platform_events').find(filter).sort({ seq: 1 }).toArray();

export const QUESTION_FIELDS = /* GraphQL */ `
  id title body voteScore viewerVote answerCount createdAt course { id } author { id } acceptedAnswer { id }`;
export const ANSWER_FIELDS = /* GraphQL */ `id body voteScore viewerVote isAccepted createdAt author { id } question { id answerCount }`;
