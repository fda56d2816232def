import type { CommandStartedEvent } from 'mongodb';
import { createCatalogSubgraph, type CatalogSubgraph, type CourseModel } from '@lg/catalog';
import { createPlatform, newEvent, newId, startSubgraph, type DomainEvent, type Platform, type Role, type RunningServer, type Viewer } from '@lg/platform';
import { codeOf, graphqlClient, testConfig, testKeys, type GraphQLClient, signTestToken } from '@lg/platform/testing';
import { createEngagementSubgraph, type EngagementSubgraph } from '../src/index.ts';

export { codeOf };

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
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true });
  const catalog = await createCatalogSubgraph(platform);
  let subgraph = await createEngagementSubgraph(platform);
  let server = await startSubgraph(subgraph, platform);
  let gql = graphqlClient(server.url);
  const h: EngagementHarness = {
    platform, catalog,
    get subgraph() { return subgraph; },
    get server() { return server; },
    get gql() { return gql; },
    async restart(meanwhile) {
      await server.stop();
      await subgraph.stop();
      await meanwhile?.();
      subgraph = await createEngagementSubgraph(platform);
      server = await startSubgraph(subgraph, platform);
      gql = graphqlClient(server.url);
    },
    async settle() {
      await subgraph.consumers.membership.catchUp();
      await subgraph.consumers.notifications.catchUp();
    },
    async commandsDuring(fn) {
      const seen: CommandStartedEvent[] = [];
      const listener = (event: CommandStartedEvent) => void seen.push(event);
      platform.mongo.on('commandStarted', listener);
      try {
        await fn();
      } finally {
        platform.mongo.off('commandStarted', listener);
      }
      return seen;
    },
    async close() {
      await server.stop();
      await subgraph.stop();
      await catalog.stop();
      await platform.db.dropDatabase();
      await platform.close();
    },
  };
  return h;
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: EngagementHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export interface Actor { id: string; token: string; viewer: Viewer }

export function actor(h: EngagementHarness, ...roles: Role[]): Actor {
  const id = newId();
  return { id, token: accessToken(h, id, roles), viewer: { id, roles } };
}

/** `{ token }` for a request as this actor; anonymous for undefined. */
export const as = (who: Actor | undefined) => ({ token: who?.token });

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
  return newEvent('EnrollmentCreated', newId(), { userId, courseId, source }, { courseId, userId });
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
