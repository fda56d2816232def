import {
  getNamedType, getNullableType, GraphQLError, isCompositeType, isInputObjectType, isLeafType, isListType,
  Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType,
  type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { badInput } from '../errors.ts';
import type { CostDirectives, FieldCost } from './directives.ts';

/** Apollo's demand control defaults: a list nobody sized, and a mutation's own weight. */
export const DEFAULT_LIST_SIZE = 100;
export const MUTATION_WEIGHT = 10;
/** Introspection is bounded by the schema itself; it is charged a flat amount, not walked. */
export const INTROSPECTION_COST = 10;
/** Fragments spread inside fragments can multiply a small document; past this many visited selections it is refused. */
export const MAX_VISITED_SELECTIONS = 20_000;

export interface CostInput {
  schema: GraphQLSchema;
  directives: CostDirectives;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Thrown when a document is too large to estimate at all; it is refused like one over the limit. */
export class UnboundedCost extends Error {}

/**
 * The operation's estimated cost, following the IBM GraphQL cost spec: a field costs its own
 * `@cost` weight once (a mutation 10 by default, other fields 0), plus, per item, its type's
 * weight (1 for an object, 0 for a scalar or enum, unless the type has `@cost`) and its
 * selection's cost; the item count is 1, or for a list the slicing argument's value, else
 * `@listSize(assumedSize)`. A field with `sizedFields` passes its size to those child lists (a
 * connection's `edges`). Arguments and input fields with `@cost` add their weight when given.
 * Every alias counts, fragments are expanded, @skip/@include are honoured.
 */
export function estimateCost(input: CostInput): number {
  const { schema, directives, document } = input;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = input.operationName
    ? operations.find((o) => o.name?.value === input.operationName)
    : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) throw badInput(coerced.errors[0]!.message.slice(0, 200));
  const variables = coerced.coerced;
  const root = operation.operation === 'query' ? schema.getQueryType()
    : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  let visited = 0;

  const included = (node: { directives?: FieldNode['directives'] }): boolean => {
    for (const directive of node.directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const arg = directive.arguments?.find((a) => a.name.value === 'if');
      if (!arg) continue;
      const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : arg.value.kind === Kind.BOOLEAN ? arg.value.value : undefined;
      if (typeof value !== 'boolean') continue;
      if ((name === 'skip' && value) || (name === 'include' && !value)) return false;
    }
    return true;
  };

  const typeWeight = (type: GraphQLNamedType): number => directives.types.get(type.name) ?? (isCompositeType(type) ? 1 : 0);

  const inputWeight = (type: GraphQLInputType, value: unknown): number => {
    const named = getNamedType(type);
    if (value === null || value === undefined || !isInputObjectType(named)) return 0;
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + inputWeight(named, item), 0);
    let sum = 0;
    for (const [name, field] of Object.entries(named.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[name];
      if (fieldValue === null || fieldValue === undefined) continue;
      sum += (directives.inputFields.get(`${named.name}.${name}`) ?? 0) + inputWeight(field.type, fieldValue);
    }
    return sum;
  };

  const argumentsCost = (field: GraphQLField<unknown, unknown>, cost: FieldCost | undefined, args: Record<string, unknown>): number => {
    let sum = 0;
    for (const arg of field.args) {
      const value = args[arg.name];
      if (value === null || value === undefined) continue;
      sum += (cost?.argumentWeights.get(arg.name) ?? 0) + inputWeight(arg.type, value);
    }
    return sum;
  };

  const slicedSize = (cost: FieldCost | undefined, args: Record<string, unknown>): number => {
    const listSize = cost?.listSize;
    const sliced = (listSize?.slicingArguments ?? []).map((name) => args[name]).filter((v): v is number => typeof v === 'number');
    if (sliced.length > 0) return Math.max(0, ...sliced);
    return listSize?.assumedSize ?? DEFAULT_LIST_SIZE;
  };

  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, sizes: Map<string, number> | undefined): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      visited += 1;
      if (visited > MAX_VISITED_SELECTIONS) throw new UnboundedCost('The operation has too many selections to estimate.');
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        // Selections on several possible types are summed: never less than what runs.
        if (type && isCompositeType(type)) total += selectionCost(selection.selectionSet, type, sizes);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
        if (fragment && type && isCompositeType(type)) total += selectionCost(fragment.selectionSet, type, sizes);
        continue;
      }
      total += fieldCost(selection, parent, sizes);
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType, sizes: Map<string, number> | undefined): number => {
    const name = node.name.value;
    if (name === '__typename') return 0;
    if (name === '__schema' || name === '__type') return INTROSPECTION_COST;
    if (!('getFields' in parent)) return 0;
    const field = parent.getFields()[name];
    if (!field) return 0;
    const cost = directives.fields.get(`${parent.name}.${name}`);
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variables);
    } catch (error) {
      throw error instanceof GraphQLError ? badInput(error.message.slice(0, 200)) : error;
    }
    const type = getNamedType(field.type);
    // A field's own @cost is the price of resolving it, paid once; its type's weight is paid per item.
    const fieldWeight = cost?.weight ?? (parent === schema.getMutationType() ? MUTATION_WEIGHT : 0);
    let childSizes: Map<string, number> | undefined;
    if (cost?.listSize?.sizedFields?.length) {
      const size = slicedSize(cost, args);
      childSizes = new Map(cost.listSize.sizedFields.map((f) => [f, size]));
    }
    const children = node.selectionSet && !isLeafType(type) && isCompositeType(type) ? selectionCost(node.selectionSet, type, childSizes) : 0;
    const isList = isListType(getNullableType(field.type));
    // A subgraph's `_entities` returns exactly one item per representation the gateway sent.
    const representations = name === '_entities' && Array.isArray(args.representations) ? args.representations.length : undefined;
    const count = !isList ? 1 : sizes?.get(name) ?? representations ?? slicedSize(cost, args);
    return fieldWeight + (typeWeight(type) + children) * count + argumentsCost(field, cost, args);
  };

  return selectionCost(operation.selectionSet, root, undefined);
}
