/**
 * What a subgraph's Cache-Control header allows the gateway's answer (read as @apollo/gateway's
 * RemoteGraphQLDataSource reads it): no max-age means not cacheable.
 */
export function cacheHintFrom(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const directives = new Map<string, string | true>();
  for (const part of header?.trim().split(/\s*,\s*/) ?? []) {
    const [name, value] = part.split(/\s*=\s*/, 2);
    if (name) directives.set(name, value === undefined ? true : value.replace(/^"|"$/g, ''));
  }
  const maxAge = directives.get('max-age');
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(directives.get('private') === true ? { scope: 'PRIVATE' as const } : {}),
    ...(directives.get('public') === true ? { scope: 'PUBLIC' as const } : {}),
  };
}
