import {
  Kind, parse, valueFromASTUntyped,
  type ConstDirectiveNode, type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode,
} from 'graphql';

/** `@listSize` of the IBM cost spec (the shape Apollo's demand control reads). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

export interface FieldCost {
  weight?: number;
  listSize?: ListSize;
  /** `@cost` of the field's arguments, by argument name. */
  argumentWeights: Map<string, number>;
}

/**
 * The cost directives of the composed supergraph. The API schema the gateway serves drops them,
 * so they are read once from the supergraph SDL at schema load and looked up by coordinate.
 */
export interface CostDirectives {
  /** By `Type.field`. */
  fields: Map<string, FieldCost>;
  /** `@cost` on object, scalar and enum types, by type name. */
  types: Map<string, number>;
  /** `@cost` on input object fields, by `Input.field`. */
  inputFields: Map<string, number>;
}

const COST = 'cost';
const LIST_SIZE = 'listSize';

function argument(directive: ConstDirectiveNode, name: string): unknown {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
}

function weightOf(node: { directives?: readonly ConstDirectiveNode[] }): number | undefined {
  const directive = node.directives?.find((d) => d.name.value === COST);
  const weight = directive ? argument(directive, 'weight') : undefined;
  return typeof weight === 'number' ? weight : undefined;
}

function listSizeOf(field: FieldDefinitionNode): ListSize | undefined {
  const directive = field.directives?.find((d) => d.name.value === LIST_SIZE);
  if (!directive) return undefined;
  const assumedSize = argument(directive, 'assumedSize');
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  return {
    ...(typeof assumedSize === 'number' ? { assumedSize } : {}),
    ...(strings(argument(directive, 'slicingArguments')) ? { slicingArguments: strings(argument(directive, 'slicingArguments')) } : {}),
    ...(strings(argument(directive, 'sizedFields')) ? { sizedFields: strings(argument(directive, 'sizedFields')) } : {}),
  };
}

function argumentWeights(args: readonly InputValueDefinitionNode[] | undefined): Map<string, number> {
  const weights = new Map<string, number>();
  for (const arg of args ?? []) {
    const weight = weightOf(arg);
    if (weight !== undefined) weights.set(arg.name.value, weight);
  }
  return weights;
}

export function readCostDirectives(supergraphSdl: string): CostDirectives {
  const result: CostDirectives = { fields: new Map(), types: new Map(), inputFields: new Map() };
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions as DefinitionNode[]) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const typeWeight = weightOf(definition);
        if (typeWeight !== undefined) result.types.set(definition.name.value, typeWeight);
        for (const field of definition.fields ?? []) {
          const weight = weightOf(field);
          const listSize = listSizeOf(field);
          const args = argumentWeights(field.arguments);
          if (weight === undefined && !listSize && args.size === 0) continue;
          result.fields.set(`${definition.name.value}.${field.name.value}`, {
            ...(weight !== undefined ? { weight } : {}), ...(listSize ? { listSize } : {}), argumentWeights: args,
          });
        }
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        for (const field of definition.fields ?? []) {
          const weight = weightOf(field);
          if (weight !== undefined) result.inputFields.set(`${definition.name.value}.${field.name.value}`, weight);
        }
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION: {
        const weight = weightOf(definition);
        if (weight !== undefined) result.types.set(definition.name.value, weight);
        break;
      }
      default:
        break;
    }
  }
  return result;
}
