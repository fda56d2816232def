import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/schema/composition.ts';
import { checkedMappers, type MapperDeclaration } from '../../tools/codegen/mappers.ts';

const SDL = /* GraphQL */ `
  type Course { id: ID! title: String! }
  type Query { course(id: ID!): Course }
`;
const MODELS = `
export interface CourseModel { _id: string; title: string }
/** A database document, not a GraphQL parent. */
export interface CourseProjection { _id: string }
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Checks `mappers` against SDL and a models.ts holding `models`. */
function check(mappers: MapperDeclaration, models = MODELS): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lg-mappers-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'models.ts'), models);
  return checkedMappers({ name: 'catalog', sdl: SDL, modelsFile: path.join(dir, 'models.ts'), mappers });
}

describe('codegen mappers', () => {
  it('turn a declared mapping into codegen mappers when the schema and models.ts agree with it', () => {
    expect(check({ Course: 'CourseModel' })).toEqual({ Course: '../models.ts#CourseModel' });
  });

  it('fail, naming the model, when a mapped model is not exported by models.ts (as after renaming it)', () => {
    expect(() => check({ Course: 'CourseModel' }, MODELS.replace('export interface CourseModel', 'export interface CourseDocument')))
      .toThrow(/subgraph catalog[\s\S]*Course is mapped to CourseModel, which src\/models\.ts does not export/);
  });

  it('fail when models.ts exports a ...Model that nothing is mapped to', () => {
    expect(() => check({ Course: 'CourseModel' }, `${MODELS}export type LessonModel = { _id: string };\n`))
      .toThrow(/src\/models\.ts exports LessonModel, which no type is mapped to/);
  });

  it('fail when a mapped type is no object type of the schema', () => {
    expect(() => check({ Course: 'CourseModel', Lesson: 'CourseModel' })).toThrow(/Lesson is mapped to CourseModel, but Lesson is no object type of schema\.graphql/);
  });

  it('hold for every subgraph of the repository', async () => {
    const subgraphs = readdirSync(path.join(repoRoot, 'subgraphs'));
    expect(subgraphs.length).toBeGreaterThan(0);
    for (const name of subgraphs) {
      const dir = path.join(repoRoot, 'subgraphs', name);
      const { mappers } = (await import(path.join(dir, 'src', 'mappers.ts'))) as { mappers: MapperDeclaration };
      const sdl = readFileSync(path.join(dir, 'schema.graphql'), 'utf8');
      expect(() => checkedMappers({ name, sdl, modelsFile: path.join(dir, 'src', 'models.ts'), mappers })).not.toThrow();
    }
  });
});
