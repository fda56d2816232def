import {
  getNamedType, getNullableType, isAbstractType, isCompositeType, isListType, Kind, print, visit,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLSchema, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import { isPerViewer } from './viewer-fields.ts';

/** A payload query cut in two: what one member executes for the whole audience, and what each viewer executes. */
export interface SplitPayload {
  /** Executed once per audience; null when nothing can be shared. */
  shared: string | null;
  /** Executed per viewer; null when nothing in the selection depends on the viewer. */
  perViewer: string | null;
}

const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** Named fragments spelled out in place, so that each part can keep a different piece of them. */
function inlineFragments(document: DocumentNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const inline = (set: SelectionSetNode): SelectionSetNode => ({
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value)!;
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: s.directives, selectionSet: inline(fragment.selectionSet) };
      }
      return s.selectionSet ? { ...s, selectionSet: inline(s.selectionSet) } : s;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet) };
}

interface Parts { shared: SelectionNode[]; perViewer: SelectionNode[]; perViewerUnderList: boolean }

function fieldPerViewer(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string, returnType: string): boolean {
  const owners = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
  return owners.some((owner) => isPerViewer(owner.name, name, returnType)) || isPerViewer(parent.name, name, returnType);
}

function splitSelections(schema: GraphQLSchema, set: SelectionSetNode, parent: GraphQLCompositeType, underList: boolean): Parts {
  const parts: Parts = { shared: [], perViewer: [], perViewerUnderList: false };
  const add = (node: FieldNode | InlineFragmentNode, inner: Parts) => {
    parts.perViewerUnderList ||= inner.perViewerUnderList;
    parts.shared.push({ ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: inner.shared.length > 0 ? inner.shared : [typename] } });
    if (inner.perViewer.length > 0) parts.perViewer.push({ ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: inner.perViewer } });
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : parent;
      add(selection, splitSelections(schema, selection.selectionSet, type, underList));
      continue;
    }
    if (selection.kind !== Kind.FIELD) continue;
    const name = selection.name.value;
    const field: GraphQLField<unknown, unknown> | undefined = 'getFields' in parent ? parent.getFields()[name] : undefined;
    if (!field) {
      parts.shared.push(selection); // __typename
      continue;
    }
    const returned = getNamedType(field.type);
    if (fieldPerViewer(schema, parent, name, returned.name)) {
      parts.perViewer.push(selection);
      parts.perViewerUnderList ||= underList;
      continue;
    }
    if (!selection.selectionSet || !isCompositeType(returned)) {
      parts.shared.push(selection);
      continue;
    }
    add(selection, splitSelections(schema, selection.selectionSet, returned, underList || isListType(getNullableType(field.type))));
  }
  return parts;
}

/** The operation with only the variables its selections still use (graphql-js refuses unused ones). */
function withUsedVariables(operation: OperationDefinitionNode): DocumentNode {
  const used = new Set<string>();
  visit(operation.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  return {
    kind: Kind.DOCUMENT,
    definitions: [{ ...operation, variableDefinitions: (operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)) }],
  };
}

/**
 * Splits a payload query (see rewrite.ts) into the part an audience shares and the part each
 * viewer runs. Per-viewer pieces are merged back by response path, which a list cannot promise
 * (its items may differ between the two executions): a per-viewer field under a list makes the
 * whole payload per viewer.
 */
export function splitPayload(schema: GraphQLSchema, payloadQuery: DocumentNode): SplitPayload {
  const operation = inlineFragments(payloadQuery);
  const parts = splitSelections(schema, operation.selectionSet, schema.getQueryType()!, false);
  const document = (selections: SelectionNode[]) => print(withUsedVariables({ ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections } }));
  if (parts.perViewer.length === 0) return { shared: print(payloadQuery), perViewer: null };
  // Nothing left to share: the root field itself is per viewer (a post hidden from some of them, a direct message), or nothing is safely merged back.
  if (parts.perViewerUnderList || parts.shared.length === 0) return { shared: null, perViewer: print(payloadQuery) };
  return { shared: document(parts.shared), perViewer: document(parts.perViewer) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The two parts' data as one: objects merge key by key; a null on either side (a refusal, a nulled parent) wins. */
export function mergeData(shared: unknown, perViewer: unknown): unknown {
  if (shared === undefined) return perViewer;
  if (perViewer === undefined) return shared;
  if (shared === null || perViewer === null) return null;
  if (!isObject(shared) || !isObject(perViewer)) return shared;
  const merged: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(perViewer)) merged[key] = mergeData(shared[key], value);
  return merged;
}

/**
 * splitPayload remembered per client document and operation: subscribers sending the same
 * operation (documents are shared by validDocuments) split it once.
 */
export function splitPayloads(schema: GraphQLSchema): (document: DocumentNode, operationName: string | null | undefined, payloadQuery: DocumentNode) => SplitPayload {
  const known = new WeakMap<DocumentNode, Map<string, SplitPayload>>();
  return (document, operationName, payloadQuery) => {
    let byName = known.get(document);
    if (!byName) known.set(document, (byName = new Map()));
    let split = byName.get(operationName ?? '');
    if (!split) byName.set(operationName ?? '', (split = splitPayload(schema, payloadQuery)));
    return split;
  };
}
