/**
 * API keys: what they look like and what they may be granted. A key is `lg_<record id>_<secret>`,
 * so that the gateway and identity find its record by id without scanning, and a leaked key is
 * recognisable by secret scanners from its prefix.
 */
export const API_KEY_PREFIX = 'lg_';

const KEY = /^lg_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

/** A key's record id and secret; undefined when `value` is no well-formed key. */
export function parseApiKey(value: string): { id: string; secret: string } | undefined {
  const match = KEY.exec(value);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Whether a credential claims to be an API key (a malformed one is refused as a bad key, not as a bad JWT). */
export const looksLikeApiKey = (value: string): boolean => value.startsWith(API_KEY_PREFIX);

/**
 * The subgraphs a key may be granted: `<subgraph>:read` serves its queries and entity fields,
 * `<subgraph>:write` its mutations. Identity grants reads only (the owner's profile): managing the
 * account and its keys stays with the person.
 */
export const SCOPED_SUBGRAPHS = ['catalog', 'learning', 'assessment', 'engagement', 'labs', 'commerce', 'media', 'analytics', 'assistant'] as const;

/** Every scope a key may hold; `webhooks` is for subscribing endpoints to events. */
export const API_KEY_SCOPES: readonly string[] = [
  ...SCOPED_SUBGRAPHS.flatMap((s) => [`${s}:read`, `${s}:write`]),
  'identity:read',
  'webhooks',
];

/** Whether a viewer may use a subgraph's fields of this kind: people always, keys with the scope. */
export const keyMay = (viewer: { apiKey?: { scopes: string[] } } | null | undefined, scope: string): boolean =>
  !viewer?.apiKey || viewer.apiKey.scopes.includes(scope);
