import { createRequire } from 'node:module';

/**
 * graphql-js as @graphql-inspector/core itself loads it. Node resolves its `import 'graphql'` to the
 * CommonJS build, while bundler-style resolution (vitest) hands our modules the ESM build, and
 * graphql-js rejects schemas built by the other copy. So its schemas are built with its own copy.
 */
export const inspectorGraphql = createRequire(createRequire(import.meta.url).resolve('@graphql-inspector/core'))('graphql') as typeof import('graphql');
