/**
 * `npx tsx tools/schema/release.ts`: records the current public API as released. Copies
 * schema/api.graphql to schema/api.baseline.graphql and empties schema/breaking-changes.json, so that
 * later breaking changes are measured against this release. Refuses when api.graphql is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, discoverSubgraphs, repoRoot } from './composition.ts';
import { SCHEMA_FILES } from './pipeline.ts';

const outcome = composeSupergraph(discoverSubgraphs(repoRoot));
if (!outcome.ok) {
  console.error(`composition failed; nothing released:\n  - ${outcome.errors.join('\n  - ')}`);
  process.exit(1);
}
const api = readFileSync(path.join(repoRoot, SCHEMA_FILES.api), 'utf8');
if (api !== outcome.apiSdl) {
  console.error(`${SCHEMA_FILES.api} is stale: run \`pnpm compose\` first; nothing released`);
  process.exit(1);
}
writeFileSync(path.join(repoRoot, SCHEMA_FILES.baseline), api);
writeFileSync(path.join(repoRoot, SCHEMA_FILES.declarations), '[]\n');
console.log(`released: ${SCHEMA_FILES.api} -> ${SCHEMA_FILES.baseline}; ${SCHEMA_FILES.declarations} emptied`);
