import { Kind, parse } from 'graphql';
import { typeDeclarationsOf } from './declarations.ts';

/** `{ Course: 'CourseModel' }`: the models.ts type each GraphQL object type's resolvers get as parent. */
export type MapperDeclaration = Readonly<Record<string, string>>;

/** Object type names a subgraph's SDL defines or extends. */
export function objectTypeNames(sdl: string): Set<string> {
  const names = new Set<string>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) names.add(definition.name.value);
  }
  return names;
}

/**
 * Checks a subgraph's declared mappers against its SDL and models.ts and returns them as codegen's
 * `mappers` option. A model exported under a `...Model` name is there to be some object's parent, so
 * one left out of the declaration is an error too: renaming a model can never silently drop its mapper.
 */
export function checkedMappers(subgraph: { name: string; sdl: string; modelsFile: string; mappers: MapperDeclaration }): Record<string, string> {
  const objects = objectTypeNames(subgraph.sdl);
  const exportedTypes = new Set(typeDeclarationsOf(subgraph.modelsFile).filter((d) => d.exported).map((d) => d.name));
  const mapped = new Set(Object.values(subgraph.mappers));
  const problems: string[] = [];
  for (const [typeName, model] of Object.entries(subgraph.mappers)) {
    if (!objects.has(typeName)) problems.push(`${typeName} is mapped to ${model}, but ${typeName} is no object type of schema.graphql`);
    if (!exportedTypes.has(model)) problems.push(`${typeName} is mapped to ${model}, which src/models.ts does not export`);
  }
  for (const model of exportedTypes) {
    if (model.endsWith('Model') && !mapped.has(model)) {
      problems.push(`src/models.ts exports ${model}, which no type is mapped to (map it in src/mappers.ts, or name it for what it is if it is no GraphQL parent)`);
    }
  }
  if (problems.length > 0) throw new Error(`codegen: the mappers of subgraph ${subgraph.name} do not hold:\n  - ${problems.join('\n  - ')}`);
  return Object.fromEntries(Object.entries(subgraph.mappers).map(([typeName, model]) => [typeName, `../models.ts#${model}`]));
}
