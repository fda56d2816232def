import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLError, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planSubscription, validDocuments, validOperation, withoutHttp } from '../../src/subscriptions/admission.ts';
import { subscriptionFields } from '../../src/subscriptions/fields.ts';

const schema = buildSchema(readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8'));
const rules = { schema, validationRules: [] };
const plan = (query: string, variables: Record<string, unknown> = {}) => planSubscription(schema, subscriptionFields, parse(query), undefined, variables);

describe('an operation sent over the socket', () => {
  it('is admitted as its document when it parses and validates', () => {
    expect(Array.isArray(validOperation(rules, 'subscription($c: ID!) { chatMessageAdded(courseId: $c) { id } }'))).toBe(false);
  });

  it('that does not parse is BAD_USER_INPUT', () => {
    const errors = validOperation(rules, 'subscription {') as GraphQLError[];
    expect(errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('that does not validate is BAD_USER_INPUT, one error for each problem', () => {
    const errors = validOperation(rules, 'subscription { chatMessageAdded(courseId: "c") { nope } questionAdded { id } }') as GraphQLError[];
    expect(errors.length).toBeGreaterThan(1);
    expect(new Set(errors.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it('is parsed within the same token limit as HTTP operations', () => {
    const errors = validOperation({ ...rules, parseOptions: { maxTokens: 5 } }, 'subscription { chatMessageAdded(courseId: "c") { id body } }') as GraphQLError[];
    expect(errors[0]?.message).toMatch(/more that 5 tokens/);
  });

  it('refused by a limit keeps its code and details but not its HTTP status', () => {
    const refused = withoutHttp(new GraphQLError('Too costly.', { extensions: { code: 'BAD_USER_INPUT', cost: 20000, http: { status: 400 } } }));
    expect([refused.message, refused.extensions]).toEqual(['Too costly.', { code: 'BAD_USER_INPUT', cost: 20000 }]);
  });
});

describe('valid documents remembered by their text', () => {
  it('parse and validate an operation once for every subscriber sending it', () => {
    const valid = validDocuments(rules);
    const query = 'subscription($c: ID!) { chatMessageAdded(courseId: $c) { id } }';
    expect(valid(query)).toBe(valid(query));
  });

  it('refuse an invalid operation each time, without keeping it', () => {
    const valid = validDocuments(rules, 1);
    expect(Array.isArray(valid('subscription {'))).toBe(true);
    const query = 'subscription { notificationAdded { id } }';
    const first = valid(query);
    expect(Array.isArray(valid('subscription { nope }'))).toBe(true);
    expect(valid(query)).toBe(first);
  });
});

describe('the plan of a subscription', () => {
  it('names its served field, its arguments with variables resolved, and the query that loads each payload by id', () => {
    const planned = plan('subscription($c: ID!) { live: chatMessageAdded(courseId: $c) { id body } }', { c: 'course-1' });
    if (planned instanceof GraphQLError) throw planned;
    expect(planned.field).toBe(subscriptionFields.chatMessageAdded);
    expect(planned.args).toEqual({ courseId: 'course-1' });
    expect(print(planned.payloadDocument).replace(/\s+/g, ' ')).toBe('query ($__eventId: ID!) { live: chatMessage(id: $__eventId) { id body } }');
  });

  it('of a field the gateway does not serve is BAD_USER_INPUT', () => {
    const custom = buildSchema('type Query { x: Int } type Subscription { somethingElse: Int }');
    const planned = planSubscription(custom, subscriptionFields, parse('subscription { somethingElse }'), undefined, {});
    expect(planned).toBeInstanceOf(GraphQLError);
    expect((planned as GraphQLError).message).toBe('No subscription named somethingElse.');
  });
});
