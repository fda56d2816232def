// The portal's example operations (tools/portal/examples.ts) are real: each validates against
// schema/api.graphql with its own variables (tests/browser/developer-portal.test.ts runs the everyday
// ones through the gateway).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getVariableValues, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../tools/portal/examples.ts';

const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../schema/api.graphql'), 'utf8'));

describe('the example operations', () => {
  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s is valid against the API schema, with its variables', (_id, e) => {
    const document = parse(e.query);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(document.definitions).toHaveLength(1);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], e.variables);
    expect(coerced.errors?.map((error) => error.message) ?? []).toEqual([]);
    expect(e.signedIn || operation.operation !== 'subscription').toBe(true);
  });
});
