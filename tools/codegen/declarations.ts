import { readFileSync } from 'node:fs';
import ts from 'typescript';

export interface TypeDeclaration {
  name: string;
  exported: boolean;
  line: number;
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The interfaces, type aliases and enums a TypeScript file declares at its top level. */
export function typeDeclarationsOf(file: string, text = readFileSync(file, 'utf8')): TypeDeclaration[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const declarations: TypeDeclaration[] = [];
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
      declarations.push({ name: statement.name.text, exported: isExported(statement), line });
    }
  }
  return declarations;
}
