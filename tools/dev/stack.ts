import { createAnalyticsSubgraph } from '@lg/analytics';
import { createAssessmentSubgraph } from '@lg/assessment';
import { createAssistantSubgraph } from '@lg/assistant';
import { createCatalogSubgraph } from '@lg/catalog';
import { createCommerceSubgraph } from '@lg/commerce';
import { createEngagementSubgraph } from '@lg/engagement';
import { startGateway, type ArbitraryDocumentsPolicy, type RunningGateway } from '@lg/gateway';
import { createIdentitySubgraph } from '@lg/identity';
import { createLabsSubgraph } from '@lg/labs';
import { createLearningSubgraph } from '@lg/learning';
import { createMediaSubgraph } from '@lg/media';
import { startSubgraph, type BaseContext, type Platform, type RunningServer, type SubgraphDefinition } from '@lg/platform';

/** Every subgraph that exists, in the order they start. Adding a domain adds a line here. */
export const subgraphFactories = {
  identity: createIdentitySubgraph,
  catalog: createCatalogSubgraph,
  learning: createLearningSubgraph,
  assessment: createAssessmentSubgraph,
  engagement: createEngagementSubgraph,
  labs: createLabsSubgraph,
  commerce: createCommerceSubgraph,
  assistant: createAssistantSubgraph,
  media: createMediaSubgraph,
  analytics: createAnalyticsSubgraph,
} as const;

export type StackSubgraphs = { [K in keyof typeof subgraphFactories]: Awaited<ReturnType<(typeof subgraphFactories)[K]>> };

export interface Stack {
  gateway: RunningGateway;
  subgraphs: StackSubgraphs;
  servers: Record<string, RunningServer>;
  stop(): Promise<void>;
}

/**
 * The whole supergraph in one process: every subgraph on its own loopback port and the gateway
 * in front. The gateway calls them in process (no socket, no HTTP parsing: a loopback round trip
 * cost more CPU than a small subgraph fetch itself) with the very request it would send, signed:
 * each subgraph checks the signature and builds its context from the same headers, so the code
 * path past HTTP is the one the scaled-out shape runs. Its ports still answer signed requests.
 */
export async function startStack(
  platform: Platform,
  options: {
    port?: number; subscriptionPollMs?: number;
    /** Whether the gateway calls the subgraphs over loopback HTTP rather than in process (default false). */
    subgraphsOverHttp?: boolean;
    /** Which callers may run unregistered documents when TRUSTED_DOCUMENTS=require (none by default). */
    mayRunArbitraryDocuments?: ArbitraryDocumentsPolicy;
  } = {},
): Promise<Stack> {
  const subgraphs: Record<string, SubgraphDefinition<BaseContext>> = {};
  const servers: Record<string, RunningServer> = {};
  for (const [name, create] of Object.entries(subgraphFactories)) {
    // Each factory returns its own context type; the server only needs the base of it.
    const subgraph = (await create(platform)) as unknown as SubgraphDefinition<BaseContext>;
    subgraphs[name] = subgraph;
    // The gateway in front sheds load for the whole process; see startSubgraph.
    servers[name] = await startSubgraph(subgraph, { ...platform, shedLoad: false });
  }
  const gateway = await startGateway({
    config: platform.config,
    verifier: platform.verifier,
    subgraphSecret: platform.subgraphSecret,
    redis: platform.redis,
    live: platform.live,
    presence: platform.presence,
    metrics: platform.metrics,
    events: { db: platform.db, log: platform.eventLog, pollMs: options.subscriptionPollMs },
    logger: platform.logger.child({ part: 'gateway' }),
    subgraphUrls: Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.url])),
    ...(options.subgraphsOverHttp ? {} : { inProcessSubgraphs: Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.fetch])) }),
    port: options.port ?? platform.config.PORT,
    mayRunArbitraryDocuments: options.mayRunArbitraryDocuments,
  });
  // A subgraph that calls the graph as its users (the assistant) learns where the gateway listens.
  for (const subgraph of Object.values(subgraphs)) subgraph.gatewayStarted?.(gateway.url);
  // In one process, a subgraph's own HTTP routes (the assistant's REST and MCP endpoints) are also
  // served on the gateway's origin, so that clients need one address; scaled out, a proxy does this.
  for (const subgraph of Object.values(subgraphs)) subgraph.routes?.(gateway.app);
  return {
    gateway,
    subgraphs: subgraphs as unknown as StackSubgraphs,
    servers,
    async stop() {
      await gateway.stop();
      for (const server of Object.values(servers)) await server.stop();
      for (const subgraph of Object.values(subgraphs)) await subgraph.stop?.();
    },
  };
}
