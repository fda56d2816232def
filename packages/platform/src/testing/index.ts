import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { generateKeyPem, type KeyPem } from '../auth.ts';
import { loadConfig, type Config } from '../config.ts';
import { createPlatform, type Platform } from '../runtime.ts';

export * from './event-loop.ts';
export * from './graphql-client.ts';
export * from './malformed-requests.ts';
export * from './served-subgraph.ts';
export * from './tokens.ts';

let keys: Promise<KeyPem> | undefined;
/** One key pair per test file, made in memory: tests never touch the dev keys. */
export const testKeys = (): Promise<KeyPem> => (keys ??= generateKeyPem());

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
      ...overrides,
    },
  );
}

export async function testPlatform(overrides: Record<string, string> = {}): Promise<Platform> {
  return createPlatform(testConfig(overrides), 'test', { keys: await testKeys() });
}
