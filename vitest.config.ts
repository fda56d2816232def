import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Vite would hand our code graphql's ESM build while Apollo's packages and graphql-ws load the
// CommonJS one; graphql-js refuses objects from "another realm", so everyone gets the same build.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['**/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.data/**', 'web/**'],
    globalSetup: ['tools/test/global-setup.ts'],
    // Files share one embedded database server (each file its own database); two cores.
    pool: 'forks',
    maxWorkers: 2,
    // A hang detector, not a speed check: the longest tests take ~20 s on a busy two-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
