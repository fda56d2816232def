import type { CommandStartedEvent } from 'mongodb';
import type { Role, Viewer } from '../auth.ts';
import { newId } from '../ids.ts';
import type { Platform } from '../runtime.ts';
import { startSubgraph, type RunningServer, type SubgraphDefinition } from '../server.ts';
import { graphqlClient, rawSender, type GraphQLClient, type RawSender } from './graphql-client.ts';
import { signTestToken } from './tokens.ts';

/** A caller of a subgraph under test: its id, a signed access token and the viewer it stands for. */
export interface Actor { id: string; token: string; viewer: Viewer }

/** A new user with `roles`, as identity would issue their token. */
export function testActor(platform: Platform, ...roles: Role[]): Actor {
  const id = newId();
  return { id, token: signTestToken(platform, id, roles), viewer: { id, roles } };
}

/** `{ token }` for a request as this actor; anonymous for undefined. */
export const as = (who: Actor | undefined) => ({ token: who?.token });

/** A function that returns the database commands the platform ran while `fn` ran. */
export function commandWatcher(platform: Platform): (fn: () => Promise<unknown>) => Promise<CommandStartedEvent[]> {
  return async (fn) => {
    const seen: CommandStartedEvent[] = [];
    const listener = (event: CommandStartedEvent) => void seen.push(event);
    platform.mongo.on('commandStarted', listener);
    try {
      await fn();
    } finally {
      platform.mongo.off('commandStarted', listener);
    }
    return seen;
  };
}

type Stoppable = SubgraphDefinition<any> & { stop?(): Promise<void> };

/** A subgraph served over HTTP for a test; a restart replaces both, and the client follows. */
export interface ServedSubgraph<S extends Stoppable> {
  readonly subgraph: S;
  readonly server: RunningServer;
  /** A client of the subgraph's HTTP endpoint, also across restarts. */
  readonly gql: GraphQLClient;
  /** Any HTTP request to the subgraph's /graphql (malformed bodies, other methods), also across restarts. */
  readonly send: RawSender;
  /** Stops the server and the subgraph, runs `meanwhile` (a crash's leftovers), then creates and serves it again. */
  restart(meanwhile?: () => Promise<unknown>): Promise<void>;
  /** Stops the server and the subgraph. */
  stop(): Promise<void>;
}

export async function serveForTest<S extends Stoppable>(platform: Platform, create: () => Promise<S>): Promise<ServedSubgraph<S>> {
  let subgraph = await create();
  let server = await startSubgraph(subgraph, platform);
  const stop = async () => {
    await server.stop();
    await subgraph.stop?.();
  };
  return {
    get subgraph() { return subgraph; },
    get server() { return server; },
    // Subgraph tests call it as the gateway does: signed.
    gql: (query, variables, options) => graphqlClient(server.url, { signWith: platform.subgraphSecret })(query, variables, options),
    send: (init) => rawSender(server.url, { signWith: platform.subgraphSecret })(init),
    async restart(meanwhile) {
      await stop();
      await meanwhile?.();
      subgraph = await create();
      server = await startSubgraph(subgraph, platform);
    },
    stop,
  };
}

/** Drops the test's database and closes the platform. */
export async function closeTestPlatform(platform: Platform): Promise<void> {
  await platform.db.dropDatabase();
  await platform.close();
}
