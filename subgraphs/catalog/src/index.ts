import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { createConsumers, type CatalogConsumers } from './projections.ts';
import { CatalogRepository, catalogIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { CatalogService } from './service.ts';
import { CourseAccess } from './services/access.ts';
import { ContentService } from './services/content.ts';
import { catalogUserData } from './user-data.ts';

export { CatalogRepository } from './repository.ts';
export { CatalogService } from './service.ts';
export { ContentService } from './services/content.ts';
export { renderLessonBody } from './markdown.ts';
export type { CatalogConsumers } from './projections.ts';
export type {
  AddLessonInput, AddSupplementInput, CreateCourseInput, ReorderCourseInput, UpdateCourseInput, UpdateLessonContentInput,
} from './generated/resolvers-types.ts';
export type { CourseCard, CourseDocument, CourseModel, CourseSectionModel, LessonModel, StoredLesson, StoredSection, SupplementModel } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface CatalogSubgraph extends DomainSubgraph<Context, CatalogService, CatalogRepository> {
  content: ContentService;
  /** The projections' consumer (started on creation): learning's enrolments and media's assets. */
  consumers: CatalogConsumers;
}

export interface CatalogOptions {
  /** How often the consumer looks at the log without a wake-up (the safety net); 5 s by default. */
  pollMs?: number;
}

/**
 * Creates the catalog subgraph on a platform: indexes made, cards, preview flags and events a
 * crash left behind written, and the projections' consumers started from their checkpoints.
 */
export async function createCatalogSubgraph(platform: Platform, options: CatalogOptions = {}): Promise<CatalogSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, catalogIndexes);
  const repository = new CatalogRepository(db);
  // Before the outboxes: a course whose events are still pending may have missed its card too.
  await repository.syncCards();
  await flushAllOutboxes(repository.courses, eventLog);
  const consumers = createConsumers(platform, repository, options);
  const access = new CourseAccess(repository, { members: () => consumers.access.catchUp(), media: () => consumers.access.catchUp() });
  const service = new CatalogService(repository, eventLog, access);
  const content = new ContentService(repository, eventLog, access, service);
  await content.finishPreviewCopies();
  await flushAllOutboxes(repository.contents, eventLog);
  consumers.access.start();
  const userData = catalogUserData(platform);
  userData.start();
  return {
    name: 'catalog',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    content,
    repository,
    consumers,
    createContext: (base) => ({ ...base, catalog: service, content, loaders: service.loaders(base.viewer) }),
    stop: async () => {
      await userData.stop();
      await consumers.access.stop();
    },
  };
}
