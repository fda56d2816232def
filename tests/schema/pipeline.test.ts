import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/schema/composition.ts';
import { formatPipelineResult, runSchemaPipeline } from '../../tools/schema/pipeline.ts';

const copies: string[] = [];
/** A copy of the repository's subgraph SDLs and schema/ folder, to break at will. */
function copyOfRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lg-schema-'));
  copies.push(root);
  cpSync(path.join(repoRoot, 'schema'), path.join(root, 'schema'), { recursive: true });
  for (const name of readdirSync(path.join(repoRoot, 'subgraphs'))) {
    if (!existsSync(path.join(repoRoot, 'subgraphs', name, 'schema.graphql'))) continue;
    cpSync(path.join(repoRoot, 'subgraphs', name, 'schema.graphql'), path.join(root, 'subgraphs', name, 'schema.graphql'));
  }
  return root;
}
const CATEGORIES_DESCRIPTION = '  "Categories of published courses, alphabetically; at most 100 (the catalog stops there)."\n';
const CATEGORIES = '  categories: [String!]! @listSize(assumedSize: 100) @cost(weight: 5)';
const edit = (root: string, file: string, from: string, to: string) => {
  const full = path.join(root, file);
  const text = readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`test setup: ${from} not in ${file}`);
  writeFileSync(full, text.replace(from, to));
};

afterEach(() => {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('compose --check', () => {
  it('passes on the repository as committed', async () => {
    const result = await runSchemaPipeline({ write: false });
    expect(result.failures, formatPipelineResult(result)).toEqual([]);
  });

  it('a subgraph change without `pnpm compose` fails as stale, and compose fixes it', async () => {
    const root = copyOfRepo();
    edit(root, 'subgraphs/catalog/schema.graphql', CATEGORIES, `${CATEGORIES}\n  featuredCourses: [Course!]!`);
    const stale = await runSchemaPipeline({ root, write: false });
    expect(stale.ok).toBe(false);
    const message = formatPipelineResult(stale);
    expect(message).toContain('schema/supergraph.graphql is stale');
    expect(message).toContain('schema/api.graphql is stale');
    expect(message).toContain('run `pnpm compose`');

    expect((await runSchemaPipeline({ root, write: true })).ok).toBe(true);
    expect(readFileSync(path.join(root, 'schema/api.graphql'), 'utf8')).toContain('featuredCourses: [Course!]!');
    expect((await runSchemaPipeline({ root, write: false })).ok).toBe(true);
  });

  it('a composition failure fails with the composition errors', async () => {
    const root = copyOfRepo();
    edit(root, 'subgraphs/catalog/schema.graphql', 'type Course @key(fields: "id")', 'type Course @key(fields: "uuid")');
    const result = await runSchemaPipeline({ root, write: false });
    expect(result.failures).toEqual([
      { title: expect.stringMatching(/^composition of .*catalog.* failed$/), problems: [expect.stringMatching(/^\[catalog\]/)] },
    ]);
  });

  it('a removed contract field fails both the contract and the breaking-change checks, until declared', async () => {
    const root = copyOfRepo();
    edit(root, 'subgraphs/catalog/schema.graphql', `${CATEGORIES_DESCRIPTION}${CATEGORIES}\n`, '');
    await runSchemaPipeline({ root, write: true });
    const result = await runSchemaPipeline({ root, write: false });
    expect(result.failures.map((failure) => [failure.title, failure.problems[0]])).toEqual([
      ['the API schema breaks schema/contract.graphql (1 problem(s))', "Query.categories [catalog]: Field 'categories' was removed from object type 'Query'"],
      ['undeclared breaking changes since schema/api.baseline.graphql', expect.stringMatching(/^Query\.categories: /)],
    ]);

    const record = path.join(root, 'schema/breaking-changes.json');
    const earlier = JSON.parse(readFileSync(record, 'utf8')) as unknown[];
    writeFileSync(record, JSON.stringify([...earlier, { path: 'Query.categories', reason: 'test' }]));
    const declared = await runSchemaPipeline({ root, write: false });
    expect(declared.failures.map((failure) => failure.title)).toEqual(['the API schema breaks schema/contract.graphql (1 problem(s))']);
  });
});
