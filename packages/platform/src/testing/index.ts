import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { generateKeyPem, type KeyPem } from '../auth.ts';
import { loadConfig, type Config } from '../config.ts';
import { generateSubgraphSecret } from '../subgraph-signature.ts';
import { EventLog } from '../events/log.ts';
import { createPlatform, type Platform } from '../runtime.ts';

export * from './event-loop.ts';
export * from './graphql-client.ts';
export * from './malformed-requests.ts';
export * from './served-subgraph.ts';
export * from './tokens.ts';

let keys: Promise<KeyPem> | undefined;
/** One key pair per test file, made in memory: tests never touch the dev keys. */
export const testKeys = (): Promise<KeyPem> => (keys ??= generateKeyPem());

/** One subgraph secret per test file, like the keys: the stack and any second gateway share it. */
const subgraphSecret = generateSubgraphSecret();

/** A fresh database per call, on the run's shared server. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {},
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MONGODB_URI: inject('mongoUri'),
      MONGODB_DB: `test_${randomBytes(6).toString('hex')}`,
      DATA_DIR: '.data/test',
      SUBGRAPH_SECRET: subgraphSecret,
      // A generous deadline: a busy two-core test machine must not turn slow answers into partial
      // ones. Tests of the deadline set their own.
      GATEWAY_DEADLINE_MS: '30000',
      SUBGRAPH_TIMEOUT_MS: '29000',
      ...overrides,
    },
  );
}

/**
 * The platform's log without its event catalogue: appends what a producer could log before
 * contracts were checked, so that tests can show consumers passing such events.
 */
export const uncheckedLog = (platform: Platform): EventLog => new EventLog(platform.db, platform.bus);

export async function testPlatform(overrides: Record<string, string> = {}): Promise<Platform> {
  return createPlatform(testConfig(overrides), 'test', { keys: await testKeys() });
}
