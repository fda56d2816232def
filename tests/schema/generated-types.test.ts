import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { duplicateDeclarations, formatDuplicates } from '../../tools/codegen/duplicates.ts';
import { repoRoot } from '../../tools/schema/composition.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository of the given files (path → text). */
function repoOf(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lg-generated-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const GENERATED = {
  'subgraphs/catalog/schema.graphql': 'type Query { ok: Boolean }',
  'subgraphs/catalog/src/generated/resolvers-types.ts': "export type CourseLevel = 'BEGINNER' | 'ADVANCED';\nexport type CreateCourseInput = { title: string };\n",
  'web/src/gql/graphql.ts': "export type CourseQuery = { course: { id: string } | null };\nexport type QuestionKind = 'SHORT_TEXT';\n",
};

describe('types codegen generates', () => {
  it('are declared nowhere else in a subgraph or the web client', () => {
    const duplicates = duplicateDeclarations(repoRoot);
    expect(duplicates, formatDuplicates(duplicates)).toEqual([]);
  });

  it('declared again by hand, as an interface, a type alias or an enum, are each reported with their place', () => {
    const root = repoOf({
      ...GENERATED,
      'subgraphs/catalog/src/models.ts': "export type CourseLevel = 'BEGINNER' | 'ADVANCED';\nexport interface CourseModel { _id: string }\n",
      'subgraphs/catalog/src/inputs.ts': 'import type { CourseLevel } from "./generated/resolvers-types.ts";\n\ninterface CreateCourseInput { title: string; level: CourseLevel }\n',
      'web/src/screens/Exercises.tsx': 'enum QuestionKind { SHORT_TEXT }\nexport const x = <b>{QuestionKind.SHORT_TEXT}</b>;\n',
    });
    const duplicates = duplicateDeclarations(root);
    expect(duplicates).toEqual([
      { file: 'subgraphs/catalog/src/inputs.ts', line: 3, name: 'CreateCourseInput', generatedIn: 'subgraphs/catalog/src/generated/resolvers-types.ts' },
      { file: 'subgraphs/catalog/src/models.ts', line: 1, name: 'CourseLevel', generatedIn: 'subgraphs/catalog/src/generated/resolvers-types.ts' },
      { file: 'web/src/screens/Exercises.tsx', line: 1, name: 'QuestionKind', generatedIn: 'web/src/gql/graphql.ts' },
    ]);
    expect(formatDuplicates(duplicates)).toContain('subgraphs/catalog/src/models.ts:1 declares CourseLevel, which codegen generates in subgraphs/catalog/src/generated/resolvers-types.ts');
  });

  it('in the web client include every type of the API schema, which the client preset emits only when a document uses it', () => {
    const root = repoOf({
      ...GENERATED,
      'schema/api.graphql': 'type Exercise { id: ID! title: String! }\ntype Query { exercise(id: ID!): Exercise }\n',
      'web/src/screens/Exercises.tsx': 'interface Exercise { id: string; title: string }\nexport const title = (x: Exercise) => x.title;\n',
    });
    const duplicates = duplicateDeclarations(root);
    expect(duplicates).toEqual([{ file: 'web/src/screens/Exercises.tsx', line: 1, name: 'Exercise', generatedIn: 'schema/api.graphql' }]);
    expect(formatDuplicates(duplicates)).toContain('declares Exercise, a type of schema/api.graphql: derive it from the generated operation types');
  });

  it('may be imported and re-exported, and other names declared freely', () => {
    const root = repoOf({
      ...GENERATED,
      'subgraphs/catalog/src/models.ts': "import type { CourseLevel } from './generated/resolvers-types.ts';\n\nexport type { CourseLevel };\nexport interface CourseModel { _id: string; level: CourseLevel }\n",
      'web/src/screens/Course.tsx': "import type { CourseQuery } from '../gql/graphql.ts';\n\ntype CourseItem = NonNullable<CourseQuery['course']>;\nexport const f = (c: CourseItem) => c.id;\n",
    });
    expect(duplicateDeclarations(root)).toEqual([]);
  });

  it('must have been generated before the check runs', () => {
    const root = repoOf({ 'subgraphs/catalog/schema.graphql': 'type Query { ok: Boolean }', 'subgraphs/catalog/src/models.ts': '' });
    expect(() => duplicateDeclarations(root)).toThrow(/subgraphs\/catalog: no generated types .* run codegen first/);
  });
});
