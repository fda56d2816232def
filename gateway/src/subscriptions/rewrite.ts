import { getOperationAST, Kind, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { badInput } from '@lg/platform';

/** The variable that carries the event's aggregate id into the payload query. */
export const EVENT_ID_VARIABLE = '__eventId';

export interface SubscriptionShape {
  operation: OperationDefinitionNode;
  field: FieldNode;
  /** Where the client expects the payload: the field's alias or name. */
  responseKey: string;
}

export function subscriptionShape(document: DocumentNode, operationName: string | null | undefined): SubscriptionShape {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw badInput('The document has no operation of that name.');
  const selections = operation.selectionSet.selections;
  const field = selections[0];
  if (selections.length !== 1 || field?.kind !== Kind.FIELD) throw badInput('A subscription selects exactly one root field.');
  return { operation, field, responseKey: (field.alias ?? field.name).value };
}

/**
 * Turns `subscription { chatMessageAdded(courseId: $c) { ...selection } }` into
 * `query($__eventId: ID!) { chatMessageAdded: chatMessage(id: $__eventId) { ...selection } }`, so
 * the payload is resolved through the supergraph like any query: every subgraph's fields, the
 * same authorization, the same limits.
 */
export function payloadQuery(document: DocumentNode, shape: SubscriptionShape, byIdField: string): DocumentNode {
  const field: FieldNode = {
    ...shape.field,
    alias: { kind: Kind.NAME, value: shape.responseKey },
    name: { kind: Kind.NAME, value: byIdField },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EVENT_ID_VARIABLE } } }],
  };
  const body = { kind: Kind.DOCUMENT, definitions: [...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION), { ...shape.operation, operation: 'query', selectionSet: { ...shape.operation.selectionSet, selections: [field] } }] } as DocumentNode;
  // Keep only the variables the payload still uses (the subscription's own arguments are gone).
  const used = new Set<string>();
  for (const definition of body.definitions) {
    const scope = definition.kind === Kind.OPERATION_DEFINITION ? definition.selectionSet : definition;
    visit(scope, { Variable: (node) => void used.add(node.name.value) });
  }
  return visit(body, {
    OperationDefinition: (operation) => ({
      ...operation,
      variableDefinitions: [
        ...(operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)),
        {
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EVENT_ID_VARIABLE } },
          type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
        },
      ],
    }),
  });
}
