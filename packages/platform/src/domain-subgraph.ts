import type { BaseContext } from './context.ts';
import type { SubgraphDefinition } from './server.ts';

/**
 * What a domain subgraph's factory returns: the definition served, its service and repository
 * (the seed script and tests call them directly), and a stop for its background work, present
 * even where there is none so that every subgraph stops the same way.
 */
export interface DomainSubgraph<Ctx extends BaseContext, Service, Repository> extends SubgraphDefinition<Ctx> {
  service: Service;
  repository: Repository;
  stop(): Promise<void>;
}
