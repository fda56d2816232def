import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { CatalogRepository, catalogIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { CatalogService } from './service.ts';

export { CatalogRepository } from './repository.ts';
export { CatalogService } from './service.ts';
export type { AddLessonInput, CreateCourseInput, UpdateCourseInput } from './generated/resolvers-types.ts';
export type { CourseCard, CourseDocument, CourseModel, CourseSectionModel, LessonModel } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export type CatalogSubgraph = DomainSubgraph<Context, CatalogService, CatalogRepository>;

/** Creates the catalog subgraph on a platform: indexes made, cards and events a crash left behind written. */
export async function createCatalogSubgraph(platform: Platform): Promise<CatalogSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, catalogIndexes);
  const repository = new CatalogRepository(db);
  // Before the outboxes: a course whose events are still pending may have missed its card too.
  await repository.syncCards();
  await flushAllOutboxes(repository.courses, eventLog);
  const service = new CatalogService(repository, eventLog);
  return {
    name: 'catalog',
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    createContext: (base) => ({ ...base, catalog: service, loaders: service.loaders(base.viewer) }),
    stop: async () => undefined,
  };
}
