import { catalogue } from '@lg/events';
import { createPlatform, type Platform, type Role } from '@lg/platform';
import { closeTestPlatform, serveForTest, signTestToken, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { createAnalyticsSubgraph, type AnalyticsSubgraph } from '../src/index.ts';

export interface AnalyticsHarness {
  platform: Platform;
  readonly analytics: AnalyticsSubgraph;
  gql: GraphQLClient;
  token(sub: string, roles: Role[]): string;
  close(): Promise<void>;
}

/** The analytics subgraph served over HTTP on a fresh database, its clock at `now`. */
export async function startAnalytics(now?: () => Date): Promise<AnalyticsHarness> {
  const platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const served = await serveForTest(platform, () => createAnalyticsSubgraph(platform, now ? { now } : {}));
  return {
    platform,
    get analytics() { return served.subgraph; },
    gql: served.gql,
    token: (sub, roles) => signTestToken(platform, sub, roles),
    async close() {
      await served.stop();
      await closeTestPlatform(platform);
    },
  };
}
