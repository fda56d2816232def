import { expect } from 'vitest';
import type { RawSender } from './graphql-client.ts';

/** What an attacker pads names and values with; a response must never carry a run of it longer than `MAX_ECHO`. */
export const FILLER = 'q'.repeat(400_000);
export const MAX_ECHO = 64;

export interface MalformedRequest {
  /** What is wrong with it, as a sentence's subject. */
  name: string;
  init: Parameters<RawSender>[0];
  status: number;
  /** The original code kept in extensions.reason, when there is one. */
  reason?: string;
}

const json = { 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = json) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
// Apollo's CSRF prevention lets a GET through only with a header that browsers cannot send cross-site.
const get = (query: Record<string, string>) => ({ method: 'GET', headers: { 'apollo-require-preflight': 'yes' }, query });

/**
 * Requests that any of our GraphQL endpoints (the gateway, every subgraph) must refuse with a
 * 4xx and BAD_USER_INPUT, whatever the schema: they only use `__typename`.
 */
export const malformedRequests: MalformedRequest[] = [
  { name: 'a syntax error', init: post({ query: '{ __typename ' }), status: 400, reason: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a syntax error in 400 KB of input', init: post({ query: `{ ${FILLER} !` }), status: 400, reason: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a field with a 400 KB name', init: post({ query: `{ ${FILLER} }` }), status: 400, reason: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a 400 KB string argument the field does not take', init: post({ query: `{ __typename(x: "${FILLER}") }` }), status: 400, reason: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a 400 KB value for an Int variable', init: post({ query: 'query($n: Int) { __typename }', variables: { n: FILLER } }), status: 400 },
  { name: 'an unknown operationName of 400 KB', init: post({ query: '{ __typename }', operationName: FILLER }), status: 400, reason: 'OPERATION_RESOLUTION_FAILURE' },
  { name: 'several operations and no operationName', init: post({ query: 'query A { __typename } query B { __typename }' }), status: 400, reason: 'OPERATION_RESOLUTION_FAILURE' },
  { name: 'a body that is not JSON', init: post('{"query": '), status: 400 },
  { name: 'a JSON array (a batch)', init: post([{ query: '{ __typename }' }, { query: '{ __typename }' }]), status: 400 },
  { name: 'a JSON number', init: post('42'), status: 400 },
  { name: 'a JSON string', init: post(JSON.stringify(FILLER)), status: 400 },
  { name: 'JSON null', init: post('null'), status: 400 },
  { name: 'a query that is not a string', init: post({ query: { q: FILLER } }), status: 400 },
  { name: 'variables that are a string', init: post({ query: '{ __typename }', variables: FILLER }), status: 400 },
  { name: 'variables that are an array', init: post({ query: '{ __typename }', variables: [FILLER] }), status: 400 },
  { name: 'an empty object', init: post({}), status: 400 },
  { name: 'an empty query', init: post({ query: '' }), status: 400 },
  { name: 'an unterminated selection nested 100 000 deep', init: post({ query: '{a'.repeat(100_000) }), status: 400 },
  { name: 'a selection nested 50 000 deep', init: post({ query: `${'{a'.repeat(50_000)}${'}'.repeat(50_000)}` }), status: 400 },
  { name: '20 000 unknown fields', init: post({ query: `{ ${'a '.repeat(20_000)}}` }), status: 400 },
  { name: 'a gzip body that does not inflate', init: post(FILLER, { ...json, 'content-encoding': 'gzip' }), status: 400 },
  { name: 'a body in an unknown encoding', init: post('{}', { ...json, 'content-encoding': 'zz-hostile' }), status: 415 },
  { name: 'a text/plain body', init: post({ query: '{ __typename }' }, { 'content-type': 'text/plain' }), status: 415 },
  { name: 'a form body', init: post(`query=${FILLER}`, { 'content-type': 'application/x-www-form-urlencoded' }), status: 415 },
  { name: 'an XML body', init: post(`<query>${FILLER}</query>`, { 'content-type': 'application/xml' }), status: 415 },
  { name: 'JSON in Latin-1', init: post({ query: '{ __typename }' }, { 'content-type': 'application/json; charset=latin1' }), status: 415 },
  { name: 'a subscription over HTTP', init: post({ query: 'subscription { chatMessageAdded(courseId: "x") { id } }' }), status: 400 },
  { name: 'a GET with a mutation', init: get({ query: 'mutation { __typename }' }), status: 405 },
  { name: 'a GET without a query', init: get({}), status: 400 },
  // A URL is bounded by Node's header limit (16 KB), so this one is shorter.
  { name: 'a GET with variables that are not JSON', init: get({ query: '{ __typename }', variables: `{${FILLER.slice(0, 4000)}` }), status: 400 },
  { name: 'a PUT', init: { ...post({ query: '{ __typename }' }), method: 'PUT' }, status: 405 },
];

/**
 * Asserts that `response` refuses `request` as the client's fault: its status, BAD_USER_INPUT
 * (the original code in extensions.reason), a message of at most 400 characters, a body under
 * 256 KB, and nowhere in it (stack traces of development mode included) more than MAX_ECHO
 * characters of filler.
 */
export async function expectRefusedAsClientError(response: Response, request: MalformedRequest): Promise<void> {
  const text = await response.text();
  const context = `${request.name}: ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, context).toBe(request.status);
  const body = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  expect(body.data, context).toBeUndefined();
  const [error] = body.errors ?? [];
  expect(error?.extensions?.code, context).toBe('BAD_USER_INPUT');
  if (request.reason) expect(error?.extensions?.reason, context).toBe(request.reason);
  expect(error!.message.length, context).toBeLessThanOrEqual(400);
  expect(text.includes(FILLER.slice(0, MAX_ECHO + 1)), context).toBe(false);
  // At most 100 validation errors (graphql-js's limit), each with its development stack trace.
  expect(text.length, context).toBeLessThan(256 * 1024);
}
