import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { typeDeclarationsOf } from './declarations.ts';

/** A type a subgraph or the web client declares by hand under a name codegen generates for it. */
export interface DuplicateDeclaration {
  /** Relative to the repository root. */
  file: string;
  line: number;
  name: string;
  /** The generated file that declares the name too (or the schema whose type the generated code stands for). */
  generatedIn: string;
}

/** The source files under `dir`, recursively, except those under an excluded directory name. */
function sourceFiles(dir: string, exclude: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === exclude || entry.name === 'node_modules' ? [] : sourceFiles(full, exclude);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Where hand-written code and generated types meet: each subgraph's src/ against its
 * src/generated/, and web/src/ against web/src/gql/. Codegen must have run.
 */
interface Area {
  label: string;
  sources: string[];
  generatedDir: string;
  /** A schema whose every type name counts as generated: the web client's codegen emits only the types its documents use. */
  schema?: string;
}

function sourcesAndGenerated(root: string): Area[] {
  const areas: Area[] = [];
  const subgraphs = path.join(root, 'subgraphs');
  for (const entry of existsSync(subgraphs) ? readdirSync(subgraphs, { withFileTypes: true }) : []) {
    const src = path.join(subgraphs, entry.name, 'src');
    if (!entry.isDirectory() || !existsSync(path.join(subgraphs, entry.name, 'schema.graphql'))) continue;
    areas.push({ label: `subgraphs/${entry.name}`, sources: sourceFiles(src, 'generated'), generatedDir: path.join(src, 'generated') });
  }
  const web = path.join(root, 'web', 'src');
  if (existsSync(web)) areas.push({ label: 'web', sources: sourceFiles(web, 'gql'), generatedDir: path.join(web, 'gql'), schema: 'schema/api.graphql' });
  return areas;
}

/** Every interface, type alias or enum declared by hand whose name a generated file of the same area exports. */
export function duplicateDeclarations(root: string): DuplicateDeclaration[] {
  const found: DuplicateDeclaration[] = [];
  for (const area of sourcesAndGenerated(root)) {
    const generatedFiles = sourceFiles(area.generatedDir, '');
    if (generatedFiles.length === 0) throw new Error(`${area.label}: no generated types in ${path.relative(root, area.generatedDir)}; run codegen first`);
    const generated = new Map<string, string>();
    if (area.schema && existsSync(path.join(root, area.schema))) {
      for (const definition of parse(readFileSync(path.join(root, area.schema), 'utf8')).definitions) {
        if ('name' in definition && definition.name) generated.set(definition.name.value, area.schema);
      }
    }
    for (const file of generatedFiles) {
      for (const declaration of typeDeclarationsOf(file)) if (declaration.exported) generated.set(declaration.name, path.relative(root, file));
    }
    for (const file of area.sources) {
      for (const declaration of typeDeclarationsOf(file)) {
        const generatedIn = generated.get(declaration.name);
        if (generatedIn) found.push({ file: path.relative(root, file), line: declaration.line, name: declaration.name, generatedIn });
      }
    }
  }
  return found;
}

export const formatDuplicates = (duplicates: DuplicateDeclaration[]): string =>
  duplicates.map((d) => (d.generatedIn.endsWith('.graphql')
    ? `${d.file}:${d.line} declares ${d.name}, a type of ${d.generatedIn}: derive it from the generated operation types (under another name)`
    : `${d.file}:${d.line} declares ${d.name}, which codegen generates in ${d.generatedIn}: import it from there`)).join('\n');
