/**
 * One `_entities` fetch asks for the same entity as often as the plan reached it: in a nested
 * query every review's author is fetched, and when all reviews share an author that is one User
 * sent dozens of times. The subgraph resolves and serialises each copy, and the gateway parses
 * each. Only distinct representations are sent; the answer is fanned back out to every position
 * that asked (the same entity object at each, which the executor merges into each place), and an
 * error about one distinct entity is reported for every position that asked for it, so the
 * caller's answer is the one the undeduplicated fetch would have given.
 */
export interface EntityBatch {
  /** The distinct representations, in order of first appearance. */
  distinct: unknown[];
  /** For each position of the original batch, its index among the distinct ones. */
  positions: number[];
}

/** The batch's distinct representations, or undefined when every one is distinct already. */
export function dedupeRepresentations(representations: readonly unknown[]): EntityBatch | undefined {
  const indexByKey = new Map<string, number>();
  const distinct: unknown[] = [];
  const positions = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = distinct.push(representation) - 1;
      indexByKey.set(key, index);
    }
    return index;
  });
  return distinct.length < representations.length ? { distinct, positions } : undefined;
}

interface EntitiesAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly { path?: readonly (string | number)[] }[];
}

/** The answer to the distinct batch, as the answer to the original one (positions as asked). */
export function fanOutEntities<A extends EntitiesAnswer>(answer: A, { distinct, positions }: EntityBatch): A {
  const entities = answer.data?._entities;
  // An answer of the wrong shape is left for the executor to refuse, as it would be undeduplicated.
  const data = Array.isArray(entities) && entities.length === distinct.length
    ? { ...answer.data, _entities: positions.map((index) => entities[index] as unknown) }
    : answer.data;
  if (!answer.errors?.some((error) => error.path?.[0] === '_entities')) return { ...answer, data };
  const asking: number[][] = distinct.map(() => []);
  positions.forEach((index, position) => asking[index]!.push(position));
  const errors = answer.errors.flatMap((error) => {
    const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
    if (typeof index !== 'number' || !asking[index]) return [error];
    return asking[index].map((position) => ({ ...error, path: ['_entities', position, ...error.path!.slice(2)] }));
  });
  return { ...answer, data, errors };
}
