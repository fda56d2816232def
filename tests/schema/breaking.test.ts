import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBreakingChanges, describeChange, parseDeclarations } from '../../tools/schema/breaking.ts';
import { repoRoot } from '../../tools/schema/composition.ts';
import { composedApi, currentSubgraphs, withEdit } from './support.ts';

const baseline = composedApi(currentSubgraphs());

describe('the breaking-change check', () => {
  it('the committed baseline parses and the committed declarations are valid', () => {
    expect(() => parseDeclarations(readFileSync(path.join(repoRoot, 'schema/breaking-changes.json'), 'utf8'))).not.toThrow();
    expect(readFileSync(path.join(repoRoot, 'schema/api.baseline.graphql'), 'utf8')).toContain('type Query');
  });

  it('an unchanged API has no breaking changes', async () => {
    const report = await checkBreakingChanges(baseline, baseline, []);
    expect(report.undeclared).toEqual([]);
    expect(report.other).toEqual([]);
  });

  it('an undeclared breaking change fails the check and a declared one passes', async () => {
    const changed = composedApi(withEdit('catalog', /\n(\s*"[^\n]*"\n)?\s*categories: \[String!\]![^\n]*\n/, '\n'));
    const undeclared = await checkBreakingChanges(baseline, changed, []);
    expect(undeclared.undeclared.map(describeChange)).toEqual([expect.stringMatching(/^Query\.categories: Field 'categories' .*removed/)]);

    const declared = await checkBreakingChanges(baseline, changed, [{ path: 'Query.categories', reason: 'replaced by Query.courseCategories' }]);
    expect(declared.undeclared).toEqual([]);
    expect(declared.declared.map(({ change, reason }) => [change.path, reason])).toEqual([['Query.categories', 'replaced by Query.courseCategories']]);
  });

  it('making an output nullable or an argument required is breaking', async () => {
    let subgraphs = withEdit('catalog', 'slug: String!', 'slug: String');
    subgraphs = withEdit('catalog', 'courses(filter: CourseFilter,', 'courses(filter: CourseFilter!,', subgraphs);
    const report = await checkBreakingChanges(baseline, composedApi(subgraphs), []);
    expect(report.undeclared.map((change) => change.path).sort()).toEqual(['Course.slug', 'Query.courses.filter']);
  });

  it('dangerous and safe changes pass without a declaration', async () => {
    let subgraphs = withEdit('identity', /\n\s*ADMIN\n/, '\n  ADMIN\n  GUEST\n');
    subgraphs = withEdit('catalog', /categories: \[String!\]![^\n]*/, '$&\n  featuredCourses: [Course!]!', subgraphs);
    const report = await checkBreakingChanges(baseline, composedApi(subgraphs), []);
    expect(report.undeclared).toEqual([]);
    expect(report.other.map((change) => [change.path, change.criticality.level])).toEqual(
      expect.arrayContaining([
        ['Role.GUEST', 'DANGEROUS'],
        ['Query.featuredCourses', 'NON_BREAKING'],
      ]),
    );
  });

  it('a declaration that matches nothing is reported as unused but does not fail', async () => {
    const report = await checkBreakingChanges(baseline, baseline, [{ path: 'Query.gone', reason: 'old' }]);
    expect(report.undeclared).toEqual([]);
    expect(report.unusedDeclarations).toEqual([{ path: 'Query.gone', reason: 'old' }]);
  });

  it('malformed declarations are rejected with a readable message', () => {
    expect(() => parseDeclarations('{')).toThrow(/not valid JSON/);
    expect(() => parseDeclarations('{"path": "Query.x"}')).toThrow(/expected a JSON array/);
    expect(() => parseDeclarations('[{"path": "Query.x"}]')).toThrow(/\[0\] \(Query\.x\): "reason" must say why/);
    expect(() => parseDeclarations('[{"reason": "x"}]')).toThrow(/\[0\]: "path" must be a non-empty string/);
  });
});
