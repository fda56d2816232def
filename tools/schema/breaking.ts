/**
 * The breaking-change check: the freshly composed API schema against schema/api.baseline.graphql
 * (the last released API), with @graphql-inspector/core. Every BREAKING change must be declared in
 * schema/breaking-changes.json as { "path": "<inspector's change path>", "reason": "..." };
 * dangerous and safe changes always pass.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { inspectorGraphql } from './inspector-graphql.ts';

export interface BreakingChangeDeclaration {
  /** Inspector's change path, e.g. `Query.courses` or `Course.title`; for a change without a path, its type (e.g. `TYPE_REMOVED`). */
  path: string;
  reason: string;
}

export interface BreakingChangeReport {
  /** Breaking changes that no declaration covers: these fail the check. */
  undeclared: Change[];
  /** Breaking changes covered by a declaration. */
  declared: { change: Change; reason: string }[];
  /** Declarations that match no breaking change (stale; harmless, `release.ts` clears them). */
  unusedDeclarations: BreakingChangeDeclaration[];
  /** Dangerous and non-breaking changes, for information. */
  other: Change[];
}

/** The key a declaration is matched against. */
export const changePath = (change: Change): string => change.path ?? change.type;

export const describeChange = (change: Change): string =>
  `${changePath(change)}: ${change.message}${change.criticality.reason ? ` (${change.criticality.reason})` : ''}`;

/** Parses and validates breaking-changes.json; throws a readable error when it is malformed. */
export function parseDeclarations(json: string, file = 'schema/breaking-changes.json'): BreakingChangeDeclaration[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(value)) throw new Error(`${file}: expected a JSON array of {"path", "reason"} objects`);
  return value.map((entry: unknown, index) => {
    const record = entry as Partial<Record<'path' | 'reason', unknown>> | null;
    if (typeof record !== 'object' || record === null || typeof record.path !== 'string' || record.path.trim() === '') {
      throw new Error(`${file}[${index}]: "path" must be a non-empty string (inspector's change path, e.g. "Query.courses")`);
    }
    if (typeof record.reason !== 'string' || record.reason.trim() === '') {
      throw new Error(`${file}[${index}] (${record.path}): "reason" must say why the break is acceptable`);
    }
    return { path: record.path, reason: record.reason };
  });
}

/** Diffs the baseline API SDL against the new one and sorts the changes by whether they are allowed. */
export async function checkBreakingChanges(
  baselineSdl: string,
  apiSdl: string,
  declarations: readonly BreakingChangeDeclaration[],
): Promise<BreakingChangeReport> {
  const changes = await diff(inspectorGraphql.buildSchema(baselineSdl), inspectorGraphql.buildSchema(apiSdl));
  const report: BreakingChangeReport = { undeclared: [], declared: [], unusedDeclarations: [], other: [] };
  const used = new Set<BreakingChangeDeclaration>();
  for (const change of changes) {
    if (change.criticality.level !== CriticalityLevel.Breaking) {
      report.other.push(change);
      continue;
    }
    const declaration = declarations.find((candidate) => candidate.path === changePath(change));
    if (declaration) {
      used.add(declaration);
      report.declared.push({ change, reason: declaration.reason });
    } else {
      report.undeclared.push(change);
    }
  }
  report.unusedDeclarations = declarations.filter((declaration) => !used.has(declaration));
  return report;
}
