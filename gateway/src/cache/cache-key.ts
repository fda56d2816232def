import { createHash } from 'node:crypto';
import type { GraphQLRequest } from '@apollo/server';
import stableStringify from 'fast-json-stable-stringify';
import type { Viewer } from '@lg/platform';

/**
 * Variables longer than this are answered but not kept: real screens send a few ids and a cursor,
 * and an entry keyed by a megabyte of variables would let a handful of requests push every
 * popular page out of the cache.
 */
export const MAX_CACHED_VARIABLES_CHARS = 2048;

/**
 * Who may share an entry: anonymous callers share `public`; a signed-in caller's entries are their
 * own (with their roles, which a new token may change), since their answers may hold viewer fields;
 * an API key's are the key's.
 */
export const scopeOf = (viewer: Viewer | null): string => {
  if (!viewer) return 'public';
  const person = `user:${viewer.id}:${[...viewer.roles].sort().join(',')}`;
  // An API key sees less than its owner: its entries are its own, with its scopes.
  return viewer.apiKey ? `${person}:key:${viewer.apiKey.id}:${[...viewer.apiKey.scopes].sort().join(',')}` : person;
};

/**
 * The entry a request may be answered from: scope, document, operation name and variables, the
 * variables in a canonical order so that `{a, b}` and `{b, a}` share one entry. Undefined when the
 * request is not to be kept at all.
 */
export function cacheKeyOf(request: GraphQLRequest, scope: string): string | undefined {
  const persisted = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  const document = request.query ? createHash('sha256').update(request.query).digest('base64url') : typeof persisted === 'string' ? persisted : undefined;
  if (!document) return undefined;
  const variables = stableStringify(request.variables ?? {});
  if (variables.length > MAX_CACHED_VARIABLES_CHARS) return undefined;
  return `${scope}\n${document}\n${request.operationName ?? ''}\n${variables}`;
}
