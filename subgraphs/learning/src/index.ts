import { ensureIndexes, flushAllOutboxes, readSchema, type EventConsumer, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { CourseProjector, OrderGrants, PROJECTION_SHAPE } from './projections.ts';
import { LearningRepository, learningIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { tallyMoves } from './tallies.ts';
import { LearningService } from './service.ts';
import { learningUserData } from './user-data.ts';

export { LearningRepository } from './repository.ts';
export { LearningService } from './service.ts';
export { CourseProjector, COURSE_CONSUMER, OrderGrants, ORDER_CONSUMER, grantsOf, project } from './projections.ts';
export type { CourseProjection, EnrollmentModel, EnrollmentSource, EnrollmentStatus, WishlistEntry } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface LearningSubgraph extends DomainSubgraph<Context, LearningService, LearningRepository> {
  /** The course projection: its consumer, on-demand catch-up and rebuild. */
  projector: CourseProjector;
  /** Grants the courses of commerce's paid orders (OrderPaid), and cancels them when refunded (OrderRefunded). */
  orderGrants: OrderGrants;
  /** The event consumers this subgraph runs (started on creation, stopped by stop()). */
  consumers: { catalog: EventConsumer; orders: EventConsumer };
}

/**
 * Creates the learning subgraph on a platform: indexes made, enrolment counts and events a crash left pending written,
 * and the consumers of catalog's events and of commerce's paid orders started (each reads on from
 * its checkpoint).
 */
export async function createLearningSubgraph(platform: Platform): Promise<LearningSubgraph> {
  const { db, eventLog, logger } = platform;
  await ensureIndexes(db, learningIndexes);
  const repository = new LearningRepository(db);
  // Tallies first: a pending event's move must not be counted both in a new tally and by its flush.
  await repository.createMissingTallies();
  await flushAllOutboxes(repository.enrollments, eventLog, tallyMoves(repository));
  await flushAllOutboxes(repository.wishlist, eventLog);
  await repository.deleteTombstones();
  const projector = new CourseProjector(db, eventLog, logger.child({ part: 'learning-courses' }), repository);
  const service = new LearningService(repository, eventLog, projector);
  const orderGrants = new OrderGrants(db, eventLog, logger.child({ part: 'learning-orders' }), service);
  // Projections an older learning wrote (without lesson titles) are replayed once, so that resumeLesson can provide its title.
  if (await repository.hasOutdatedCourses(PROJECTION_SHAPE)) {
    logger.info({ subgraph: 'learning' }, 'rebuilding the course projection for its lessons\' titles');
    await projector.rebuild();
  }
  projector.start();
  orderGrants.start();
  const userData = learningUserData(platform);
  userData.start();
  return {
    name: 'learning',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    projector,
    orderGrants,
    consumers: { catalog: projector.consumer, orders: orderGrants.consumer },
    createContext: (base) => ({ ...base, learning: service, loaders: service.loaders(base.viewer) }),
    stop: async () => {
      await userData.stop();
      await orderGrants.stop();
      await projector.stop();
    },
  };
}
