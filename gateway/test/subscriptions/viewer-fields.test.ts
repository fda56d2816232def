import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AUDIENCE_SCOPED_FIELDS, PER_VIEWER_FIELDS, PER_VIEWER_TYPES, VIEWER_FREE_FIELDS } from '../../src/subscriptions/viewer-fields.ts';

const root = new URL('../../../', import.meta.url);
const schema = buildSchema(readFileSync(new URL('schema/api.graphql', root), 'utf8'));
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

const referenced = (name: string, body: ts.Node): boolean => {
  let found = false;
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && node.text === name) found = true;
    else if (!found) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
};

/**
 * Every `Type.field` resolver of every subgraph that reads its context (the viewer, or loaders
 * and services that may be built for the viewer): `(parent, args, ctx)` using ctx, or
 * `__resolveReference(ref, ctx)` using ctx.
 */
function contextReadingResolvers(): string[] {
  const names: string[] = [];
  // A subgraph's resolvers.ts, and its sub-domains' (engagement's src/<domain>/resolvers.ts, merged by the root one).
  const files = readdirSync(new URL('subgraphs/', root)).flatMap((subgraph) => {
    const src = new URL(`subgraphs/${subgraph}/src/`, root);
    let domains: string[] = [];
    try {
      domains = readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${d.name}/resolvers.ts`);
    } catch {
      // no src
    }
    return ['resolvers.ts', ...domains].map((name) => new URL(name, src));
  });
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const source = ts.createSourceFile(file.pathname, text, ts.ScriptTarget.Latest, true);
    ts.forEachChild(source, function find(node) {
      if (!ts.isVariableDeclaration(node) || !/^(r|\w+R)esolvers$/.test(node.name.getText()) || !node.initializer || !ts.isObjectLiteralExpression(node.initializer)) {
        ts.forEachChild(node, find);
        return;
      }
      for (const type of node.initializer.properties) {
        if (!ts.isPropertyAssignment(type) || !ts.isObjectLiteralExpression(type.initializer) || ROOTS.has(type.name.getText())) continue;
        for (const field of type.initializer.properties) {
          const fn = ts.isPropertyAssignment(field) ? field.initializer : field;
          if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) continue;
          const fieldName = field.name!.getText();
          const ctx = fn.parameters[fieldName === '__resolveReference' ? 1 : 2];
          if (ctx && referenced(ctx.name.getText(), fn.body!)) names.push(`${type.name.getText()}.${fieldName}`);
        }
      }
    });
  }
  return names.sort();
}

describe('the declared viewer dependence of resolvers', () => {
  const declared = [...PER_VIEWER_FIELDS, ...[...PER_VIEWER_TYPES].map((t) => `${t}.__resolveReference`), ...AUDIENCE_SCOPED_FIELDS, ...VIEWER_FREE_FIELDS];

  const found = contextReadingResolvers();

  it('covers every subgraph resolver that reads its context: a new one must be declared per viewer, audience-scoped or viewer-free', () => {
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('declares each resolver once, and only resolvers that exist', () => {
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.filter((name) => !found.includes(name) && !PER_VIEWER_FIELDS.has(name))).toEqual([]);
  });

  it('names fields and types of the API', () => {
    for (const name of [...PER_VIEWER_FIELDS, ...AUDIENCE_SCOPED_FIELDS, ...VIEWER_FREE_FIELDS]) {
      const [typeName, fieldName] = name.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type), name).toBe(true);
      if (fieldName !== '__resolveReference' && isObjectType(type)) expect(type.getFields()[fieldName], name).toBeDefined();
    }
    for (const typeName of PER_VIEWER_TYPES) expect(schema.getType(typeName), typeName).toBeDefined();
  });

  it('treats every viewer-named field of the API as per viewer', () => {
    const viewerNamed = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.keys(type.getFields()).filter((f) => f.startsWith('viewer')).map((f) => `${type.name}.${f}`));
    expect(viewerNamed.length).toBeGreaterThan(0);
    expect(viewerNamed.filter((name) => !PER_VIEWER_FIELDS.has(name))).toEqual([]);
  });
});
