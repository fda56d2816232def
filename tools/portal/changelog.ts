/**
 * The API schema's changelog: what changed since the released baseline (schema/api.baseline.graphql),
 * by the same breaking-change check that CI runs (tools/schema/breaking.ts), with the reasons
 * declared in schema/breaking-changes.json for each accepted break.
 */
import type { Change } from '@graphql-inspector/core';
import { checkBreakingChanges, changePath, type BreakingChangeDeclaration } from '../schema/breaking.ts';
import type { Changelog, ChangelogEntry } from './model.ts';

export async function buildChangelog(baselineSdl: string, apiSdl: string, declarations: readonly BreakingChangeDeclaration[], baselineFile: string): Promise<Changelog> {
  const report = await checkBreakingChanges(baselineSdl, apiSdl, declarations);
  const entry = (change: Change): ChangelogEntry => ({ path: changePath(change), message: change.message });
  const byPath = (a: ChangelogEntry, b: ChangelogEntry) => a.path.localeCompare(b.path);
  return {
    baselineFile,
    // Undeclared breaks fail CI (tools/schema/compose.ts --check), so a built portal lists declared ones only.
    breaking: [...report.declared.map(({ change, reason }) => ({ ...entry(change), reason })), ...report.undeclared.map(entry)].sort(byPath),
    added: report.other.filter((change) => change.type.endsWith('_ADDED')).map(entry).sort(byPath),
    other: report.other.filter((change) => !change.type.endsWith('_ADDED')).map(entry).sort(byPath),
  };
}
