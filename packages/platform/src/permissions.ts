import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { Role } from './auth.ts';
import type { BaseContext } from './context.ts';
import { forbidden, unauthenticated } from './errors.ts';

export { allow, deny };

// 'contextual' caching: a verdict is reused within one request only, never across requests.
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
  ctx.viewer ? true : unauthenticated(),
);

export const hasAnyRole = (...roles: Role[]) =>
  rule(`hasAnyRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
    if (!ctx.viewer) return unauthenticated();
    return ctx.viewer.roles.some((r) => roles.includes(r)) ? true : forbidden(`This needs the ${roles.join(' or ')} role.`);
  });

/** The gateway serves subscriptions over graphql-ws; a subgraph only declares them for composition. */
export const servedByGateway = rule('servedByGateway', { cache: 'strict' })(() =>
  forbidden('Subscriptions are served by the gateway over graphql-ws, not by this subgraph.'),
);

/**
 * graphql-shield with the project's rules: deny whatever has no rule, let our own errors through,
 * and always serve the federation fields that the gateway needs (`_service`, `_entities`);
 * the entity fields they return are still guarded by their own rules.
 */
export function permissionsFor(rules: IRules) {
  const tree = rules as Record<string, Record<string, unknown>>;
  return shield(
    {
      ...tree,
      Query: { ...(tree.Query ?? {}), _service: allow, _entities: allow },
      _Service: allow,
    } as IRules,
    {
      fallbackRule: deny,
      allowExternalErrors: true,
      fallbackError: () => forbidden('This field is not served to you.'),
    },
  );
}
