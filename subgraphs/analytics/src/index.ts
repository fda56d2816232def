import { readSchema, type DomainSubgraph, type Platform, type Projector } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { createAnalyticsProjector } from './projections.ts';
import { AnalyticsRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { AnalyticsService } from './service.ts';
import { analyticsUserData } from './user-data.ts';

export { ANALYTICS_COLLECTIONS, AnalyticsRepository } from './repository.ts';
export { ANALYTICS_EVENTS } from './projections.ts';
export { AnalyticsService } from './service.ts';
export { LIMITS as ANALYTICS_LIMITS } from './inputs.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface AnalyticsSubgraph extends DomainSubgraph<Context, AnalyticsService, AnalyticsRepository> {
  /** The one consumer of the log behind every analytics document: `rebuild()` replays the log into emptied collections. */
  projector: Projector;
}

export interface AnalyticsOptions {
  /** The clock deciding "today" for dashboards (tests move it); the real one by default. */
  now?: () => Date;
  /** How often the projection looks at the log without a wake-up (the safety net); 1 s by default. */
  pollMs?: number;
}

/**
 * Creates the analytics subgraph on a platform: it owns no source of truth, only projections of
 * the event log, started from their checkpoint (no indexes: everything is read by _id).
 */
export async function createAnalyticsSubgraph(platform: Platform, options: AnalyticsOptions = {}): Promise<AnalyticsSubgraph> {
  const repository = new AnalyticsRepository(platform.db);
  const projector = createAnalyticsProjector(platform, repository, options.pollMs ? { pollMs: options.pollMs } : {});
  const service = new AnalyticsService(repository, projector, options.now);
  projector.start();
  const userData = analyticsUserData(platform);
  userData.start();
  return {
    name: 'analytics',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    projector,
    createContext: (base) => ({ ...base, analytics: service }),
    stop: async () => {
      await userData.stop();
      await projector.stop();
    },
  };
}
