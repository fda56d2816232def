/**
 * `npx tsx tools/schema/compose.ts` (pnpm compose): composes subgraphs/<name>/schema.graphql into
 * schema/supergraph.graphql and schema/api.graphql, then runs the contract and breaking-change checks.
 * `--check`: writes nothing; fails when composition fails, when a committed file differs from a fresh
 * composition, when the API breaks schema/contract.graphql, or on an undeclared breaking change.
 */
import { formatPipelineResult, runSchemaPipeline } from './pipeline.ts';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: tsx tools/schema/compose.ts [--check]`);
  process.exit(2);
}

const result = await runSchemaPipeline({ write: !args.includes('--check') });
const output = formatPipelineResult(result);
if (result.ok) console.log(output);
else console.error(output);
process.exitCode = result.ok ? 0 : 1;
