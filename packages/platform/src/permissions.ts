import { allow, and, deny, rule, shield, type IRules } from 'graphql-shield';
import { keyMay } from './api-keys.ts';
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

/**
 * Account-sensitive fields (password, email, second factor, sessions, deletion, export, the keys
 * themselves) are the person's alone: an API key is refused whatever it was granted.
 */
export const notByApiKey = rule('notByApiKey', { cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
  ctx.viewer?.apiKey ? forbidden('An API key cannot do this; sign in as the person.', 'API_KEY_NOT_ALLOWED') : true,
);

type ShieldRule = Parameters<typeof and>[number];

const scopeRules = new Map<string, ShieldRule>();
/** Whether an API key holds `scope` (always true for a person), as a rule; one per scope, shared. */
export function keyScope(scope: string): ShieldRule {
  let scoped = scopeRules.get(scope);
  if (!scoped) {
    scoped = rule(`keyScope:${scope}`, { cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
      keyMay(ctx.viewer, scope) ? true : forbidden(`This API key lacks the ${scope} scope.`, 'API_KEY_SCOPE'));
    scopeRules.set(scope, scoped);
  }
  return scoped;
}

/** Each field of a root type (or the type's one rule) guarded by `scope` first. */
function scoped(type: unknown, scope: ShieldRule): unknown {
  const isRule = typeof (type as { resolve?: unknown }).resolve === 'function';
  if (isRule) return and(scope, type as ShieldRule);
  return Object.fromEntries(Object.entries(type as Record<string, ShieldRule>).map(([field, fieldRule]) => [field, and(scope, fieldRule)]));
}

/** The gateway serves subscriptions over graphql-ws; a subgraph only declares them for composition. */
export const servedByGateway = rule('servedByGateway', { cache: 'strict' })(() =>
  forbidden('Subscriptions are served by the gateway over graphql-ws, not by this subgraph.'),
);

/**
 * graphql-shield with the project's rules: deny whatever has no rule, let our own errors through,
 * and always serve the federation fields that the gateway needs (`_service`, `_entities`);
 * the entity fields they return are still guarded by their own rules.
 * An API key's scopes are enforced here once for every subgraph: its queries and entities need
 * `<subgraph>:read`, its mutations `<subgraph>:write` (every field a request reaches in a
 * subgraph hangs under one of those roots), before the field's own rule.
 */
export function permissionsFor(rules: IRules, subgraph: string) {
  const tree = rules as Record<string, Record<string, unknown>>;
  const read = keyScope(`${subgraph}:read`);
  return shield(
    {
      ...tree,
      Query: { ...(scoped(tree.Query ?? {}, read) as object), _service: allow, _entities: and(read, allow) },
      ...(tree.Mutation ? { Mutation: scoped(tree.Mutation, keyScope(`${subgraph}:write`)) } : {}),
      _Service: allow,
    } as IRules,
    {
      fallbackRule: deny,
      allowExternalErrors: true,
      fallbackError: () => forbidden('This field is not served to you.'),
    },
  );
}
