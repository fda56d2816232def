import { describe, expect, it } from 'vitest';
import { cacheKeyOf, MAX_CACHED_VARIABLES_CHARS, scopeOf } from '../../src/cache/cache-key.ts';

const query = 'query Course($id: ID!, $first: Int) { course(id: $id) { title } }';
const student = { id: 'u1', roles: new Set(['STUDENT']) } as never;

describe('the key a cached answer is kept under', () => {
  it('is the same whatever order the variables arrive in', () => {
    expect(cacheKeyOf({ query, variables: { id: 'c1', first: 2 } }, 'public'))
      .toBe(cacheKeyOf({ query, variables: { first: 2, id: 'c1' } }, 'public'));
  });

  it('differs by scope, operation name, document and variable values', () => {
    const base = cacheKeyOf({ query, operationName: 'Course', variables: { id: 'c1' } }, 'public');
    expect(cacheKeyOf({ query, operationName: 'Course', variables: { id: 'c1' } }, scopeOf(student))).not.toBe(base);
    expect(cacheKeyOf({ query, operationName: 'Other', variables: { id: 'c1' } }, 'public')).not.toBe(base);
    expect(cacheKeyOf({ query: `${query} `, operationName: 'Course', variables: { id: 'c1' } }, 'public')).not.toBe(base);
    expect(cacheKeyOf({ query, operationName: 'Course', variables: { id: 'c2' } }, 'public')).not.toBe(base);
  });

  it('gives a signed-in caller a scope of their own that changes with their roles', () => {
    expect(scopeOf(null)).toBe('public');
    expect(scopeOf(student)).not.toBe(scopeOf({ id: 'u1', roles: new Set(['STUDENT', 'INSTRUCTOR']) } as never));
  });

  it('keeps nothing for a request with huge variables, so that a few of them cannot push popular pages out', () => {
    const huge = { id: 'c1', search: 'x'.repeat(MAX_CACHED_VARIABLES_CHARS) };
    expect(cacheKeyOf({ query, variables: huge }, 'public')).toBeUndefined();
  });

  it('keeps nothing for a request with neither a document nor a persisted hash', () => {
    expect(cacheKeyOf({ variables: {} }, 'public')).toBeUndefined();
  });
});
