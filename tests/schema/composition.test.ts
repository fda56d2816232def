import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, discoverSubgraphs, repoRoot, subgraphSource } from '../../tools/schema/composition.ts';
import { defaultSubgraphUrl } from '../../packages/platform/src/subgraph-registry.ts';
import { FEDERATION_LINK, currentSubgraphs, withEdit } from './support.ts';

describe('composition', () => {
  it('the committed supergraph and API schema match a fresh composition', () => {
    const outcome = composeSupergraph(discoverSubgraphs());
    expect(outcome.ok, outcome.ok ? '' : outcome.errors.join('\n')).toBe(true);
    if (!outcome.ok) return;
    expect(readFileSync(path.join(repoRoot, 'schema/supergraph.graphql'), 'utf8'), 'run `pnpm compose`').toBe(outcome.supergraphSdl);
    expect(readFileSync(path.join(repoRoot, 'schema/api.graphql'), 'utf8'), 'run `pnpm compose`').toBe(outcome.apiSdl);
  });

  it('every subgraph folder is composed and routed to its registry URL', () => {
    const subgraphs = discoverSubgraphs();
    expect(subgraphs.map((s) => s.name)).toEqual(expect.arrayContaining(['catalog', 'identity']));
    const outcome = composeSupergraph(subgraphs);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    for (const { name } of subgraphs) {
      expect(outcome.supergraphSdl).toContain(`@join__graph(name: "${name}", url: "${defaultSubgraphUrl(name as 'identity')}")`);
    }
  });

  it('the API schema is stable: sorted, free of federation machinery, independent of subgraph order', () => {
    const subgraphs = currentSubgraphs();
    const forward = composeSupergraph(subgraphs);
    const backward = composeSupergraph([...subgraphs].reverse());
    if (!forward.ok || !backward.ok) throw new Error('composition failed');
    expect(backward.apiSdl).toBe(forward.apiSdl);
    expect(forward.apiSdl).not.toMatch(/@key|@shareable|join__|link__|_Entity|_service/);
    const typeNames = [...forward.apiSdl.matchAll(/^(?:type|input|enum|scalar) (\w+)/gm)].map((m) => m[1]);
    expect(typeNames).toEqual([...typeNames].sort());
  });

  it('composition errors are reported with the subgraph\'s name', () => {
    const outcome = composeSupergraph(withEdit('catalog', 'type Course @key(fields: "id")', 'type Course @key(fields: "uuid")'));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.join('\n')).toMatch(/^\[catalog\].*"uuid"/m);
  });

  it('a field shared without @shareable between two subgraphs fails composition naming both', () => {
    const learning = subgraphSource(
      'learning',
      `${FEDERATION_LINK}type PageInfo { hasNextPage: Boolean! endCursor: String }\ntype Query { ping: PageInfo }`,
    );
    const outcome = composeSupergraph([...currentSubgraphs(), learning]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.join('\n')).toMatch(/PageInfo[\s\S]*learning/);
  });

  it('a syntax error is reported with the subgraph\'s name', () => {
    const outcome = composeSupergraph(withEdit('identity', 'type Query {', 'type Query {{'));
    expect(outcome).toEqual({ ok: false, errors: [expect.stringMatching(/^\[identity\] syntax error/)] });
  });

  it('a subgraph folder that is not in the subgraph registry is rejected', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lg-schema-'));
    try {
      mkdirSync(path.join(root, 'subgraphs', 'payments'), { recursive: true });
      writeFileSync(path.join(root, 'subgraphs', 'payments', 'schema.graphql'), 'type Query { x: Int }');
      expect(() => discoverSubgraphs(root)).toThrow(/subgraphs\/payments: not in SUBGRAPH_PORTS/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
