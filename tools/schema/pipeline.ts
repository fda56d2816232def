/**
 * The whole schema workflow over a repository root: compose, write or compare the committed
 * files, then the contract and breaking-change checks. The CLIs (compose.ts, release.ts) only
 * print what this returns.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkBreakingChanges, describeChange, parseDeclarations } from './breaking.ts';
import { composeSupergraph, discoverSubgraphs, repoRoot, type CompositionOutcome } from './composition.ts';
import { checkContract, checkVendoredContract } from './contract.ts';

export const SCHEMA_FILES = {
  supergraph: 'schema/supergraph.graphql',
  api: 'schema/api.graphql',
  baseline: 'schema/api.baseline.graphql',
  declarations: 'schema/breaking-changes.json',
  contract: 'schema/contract.graphql',
} as const;

export interface PipelineResult {
  ok: boolean;
  /** Each failed check with its problems. */
  failures: { title: string; problems: string[] }[];
  /** Informational lines (hints, declared breaks, stale declarations, what was written). */
  notes: string[];
}

const read = (root: string, file: string): string | undefined => {
  const full = path.join(root, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
};

/** `undefined` when equal, otherwise where the committed text first differs from the expected text. */
export function firstDifference(committed: string, expected: string): string | undefined {
  if (committed === expected) return undefined;
  const a = committed.split('\n');
  const b = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: committed ${JSON.stringify(a[i] ?? '<end of file>')}, fresh composition ${JSON.stringify(b[i] ?? '<end of file>')}`;
    }
  }
  return 'whitespace differs';
}

export interface PipelineOptions {
  root?: string;
  /** Write supergraph.graphql and api.graphql (default) or only compare them (`--check`). */
  write: boolean;
}

export async function runSchemaPipeline({ root = repoRoot, write }: PipelineOptions): Promise<PipelineResult> {
  const failures: PipelineResult['failures'] = [];
  const notes: string[] = [];
  const fail = (title: string, problems: string[]) => {
    if (problems.length > 0) failures.push({ title, problems });
  };

  let subgraphs;
  try {
    subgraphs = discoverSubgraphs(root);
  } catch (error) {
    fail('subgraph discovery failed', [error instanceof Error ? error.message : String(error)]);
    return { ok: false, failures, notes };
  }
  const outcome: CompositionOutcome = composeSupergraph(subgraphs);
  if (!outcome.ok) {
    fail(`composition of ${subgraphs.map((s) => s.name).join(', ')} failed`, outcome.errors);
    return { ok: false, failures, notes };
  }
  for (const hint of outcome.hints) notes.push(`composition hint: ${hint}`);

  // 1. The committed files.
  const outputs = [
    [SCHEMA_FILES.supergraph, outcome.supergraphSdl],
    [SCHEMA_FILES.api, outcome.apiSdl],
  ] as const;
  if (write) {
    for (const [file, text] of outputs) {
      if (read(root, file) !== text) {
        writeFileSync(path.join(root, file), text);
        notes.push(`wrote ${file}`);
      }
    }
  } else {
    const stale: string[] = [];
    for (const [file, text] of outputs) {
      const committed = read(root, file);
      if (committed === undefined) stale.push(`${file} is missing`);
      else {
        const difference = firstDifference(committed, text);
        if (difference) stale.push(`${file} is stale (${difference})`);
      }
    }
    if (stale.length > 0) stale.push('run `pnpm compose` and commit the result');
    fail('committed schema files do not match a fresh composition', stale);
  }

  // 2. The contract.
  fail('the vendored contract is out of date', checkVendoredContract(root));
  const contractSdl = read(root, SCHEMA_FILES.contract);
  if (contractSdl !== undefined) {
    try {
      const report = await checkContract(contractSdl, outcome.apiSdl, { subgraphs: subgraphs.map((s) => s.name) });
      fail(`the API schema breaks ${SCHEMA_FILES.contract} (${report.problems.length} problem(s))`, report.problems);
    } catch (error) {
      fail(`${SCHEMA_FILES.contract} could not be checked`, [error instanceof Error ? error.message : String(error)]);
    }
  }

  // 3. Breaking changes against the released baseline.
  const baseline = read(root, SCHEMA_FILES.baseline);
  if (baseline === undefined) {
    fail('no released API baseline', [`${SCHEMA_FILES.baseline} is missing: run \`npx tsx tools/schema/release.ts\` to record the current API`]);
  } else {
    try {
      const declarations = parseDeclarations(read(root, SCHEMA_FILES.declarations) ?? '[]');
      const report = await checkBreakingChanges(baseline, outcome.apiSdl, declarations);
      fail(
        `undeclared breaking changes since ${SCHEMA_FILES.baseline}`,
        report.undeclared.length === 0
          ? []
          : [
              ...report.undeclared.map(describeChange),
              `undo them, or declare each in ${SCHEMA_FILES.declarations} as {"path": "<path before the colon>", "reason": "..."}`,
            ],
      );
      for (const { change, reason } of report.declared) notes.push(`declared breaking change ${describeChange(change)} — ${reason}`);
      for (const declaration of report.unusedDeclarations) {
        notes.push(`${SCHEMA_FILES.declarations}: "${declaration.path}" matches no breaking change (stale declaration)`);
      }
    } catch (error) {
      fail('the breaking-change check could not run', [error instanceof Error ? error.message : String(error)]);
    }
  }

  return { ok: failures.length === 0, failures, notes };
}

export function formatPipelineResult(result: PipelineResult): string {
  const lines: string[] = [];
  for (const note of result.notes) lines.push(`note: ${note}`);
  for (const failure of result.failures) {
    lines.push(`✗ ${failure.title}:`);
    for (const problem of failure.problems) lines.push(`  - ${problem.replace(/\n/g, '\n    ')}`);
  }
  if (result.ok) lines.push('✓ schema: composition, committed files, contract and breaking changes are all fine');
  return lines.join('\n');
}
