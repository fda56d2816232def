import { createPlatform, type Platform } from '@lg/platform';
import { graphqlClient, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { catalogue } from '@lg/events';
import { startStack, type Stack } from '../../tools/dev/stack.ts';
import { TestRedis } from '../support/redis-server.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

export interface TwoInstances {
  redis: TestRedis;
  /** Gateway A with its own subgraphs. */
  a: TestStack;
  /** Gateway B with a second instance of every subgraph: the same database and Redis, its own processes in all but name. */
  b: { platform: Platform; stack: Stack; gql: GraphQLClient };
  close(): Promise<void>;
}

/** Two gateways, each in front of its own instance of every subgraph, sharing the database and Redis. */
export async function startTwoInstances(): Promise<TwoInstances> {
  const redis = await TestRedis.start();
  const a = await startTestStack({ REDIS_URL: redis.url });
  const platform = await createPlatform(
    testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: a.platform.config.MONGODB_DB }), 'instance-b', { keys: await testKeys(), events: catalogue },
  );
  const stack = await startStack(platform, { port: 0 });
  return {
    redis, a, b: { platform, stack, gql: graphqlClient(stack.gateway.url) },
    async close() {
      await stack.stop();
      await platform.close();
      await a.close();
      await redis.kill();
    },
  };
}
