import {
  GraphQLError, parse, specifiedRules, validate,
  type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { badInput, type CostLimit } from '@lg/platform';
import type { CostBudget } from '../cost/budget.ts';
import type { SubscriptionField } from './fields.ts';
import { payloadQuery, subscriptionShape } from './rewrite.ts';

export interface AdmissionRules {
  schema: GraphQLSchema;
  validationRules: ValidationRule[];
  /** Bounds the parser itself (graphql-js's maxTokens), as for HTTP operations. */
  parseOptions?: ParseOptions;
  /** The same cost limit and per-caller budget as HTTP operations: a subscription pays once, when it starts. */
  costLimit: CostLimit;
  costBudget: CostBudget;
}

export interface SocketOperation { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }

/** HTTP status and headers mean nothing on a socket, so an error sent there drops them. */
export function withoutHttp(error: GraphQLError): GraphQLError {
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { extensions });
}

/** Parses and validates an operation sent over the socket; answers its document or the errors to send instead. */
export function validOperation(rules: Pick<AdmissionRules, 'schema' | 'validationRules' | 'parseOptions'>, query: string): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, rules.parseOptions);
  } catch (error) {
    return [badInput((error as Error).message)];
  }
  const errors = validate(rules.schema, document, [...specifiedRules, ...rules.validationRules]);
  if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
  return document;
}

/**
 * validOperation remembering valid documents by their text: a thousand clients subscribing with
 * the same operation are parsed and validated once. Refusals are not kept (junk would fill it).
 */
export function validDocuments(rules: Pick<AdmissionRules, 'schema' | 'validationRules' | 'parseOptions'>, max = 500): (query: string) => DocumentNode | GraphQLError[] {
  const known = new Map<string, DocumentNode>();
  return (query) => {
    const cached = known.get(query);
    if (cached) return cached;
    const result = validOperation(rules, query);
    if (Array.isArray(result)) return result;
    if (known.size >= max) known.clear();
    known.set(query, result);
    return result;
  };
}

/**
 * Admits an operation sent over the socket as HTTP would: parsed, valid, within the cost limit and
 * paid from the caller's budget. Answers its document or the errors to send instead.
 */
export async function admitOperation(
  rules: AdmissionRules,
  operation: SocketOperation,
  caller: string,
  valid: (query: string) => DocumentNode | GraphQLError[] = (query) => validOperation(rules, query),
): Promise<DocumentNode | GraphQLError[]> {
  const document = valid(operation.query);
  if (Array.isArray(document)) return document;
  try {
    const cost = rules.costLimit.check(rules.schema, { document, operationName: operation.operationName, variables: operation.variables });
    await rules.costBudget.spend(caller, cost);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [withoutHttp(error)];
  }
  return document;
}

export interface SubscriptionPlan {
  field: SubscriptionField;
  /** The subscription field's arguments, variables resolved. */
  args: Record<string, unknown>;
  /** The client's selection as a query by the event's id (see rewrite.ts). */
  payloadDocument: DocumentNode;
}

/** Which served subscription a document asks for, with what arguments, and the query that loads each payload. */
export function planSubscription(
  schema: GraphQLSchema,
  fields: Record<string, SubscriptionField>,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): SubscriptionPlan | GraphQLError {
  const shape = subscriptionShape(document, operationName);
  const name = shape.field.name.value;
  const field = fields[name];
  const fieldDef = schema.getSubscriptionType()?.getFields()[name];
  if (!field || !fieldDef) return badInput(`No subscription named ${name}.`);
  return { field, args: getArgumentValues(fieldDef, shape.field, variables), payloadDocument: payloadQuery(document, shape, field.byIdField) };
}
