/**
 * The rate and cost limits an integrator meets, with the values of the configuration defaults
 * (packages/platform/src/config.ts) and the gateway's query bounds, read rather than copied.
 */
import { loadConfig } from '../../packages/platform/src/config.ts';
import { queryLimits } from '../../gateway/src/query-limits.ts';
import type { LimitDoc, PortalData } from './model.ts';

export function limitDocs(): LimitDoc[] {
  const config = loadConfig({});
  return [
    { setting: 'RATE_LIMIT_PER_MINUTE', value: config.RATE_LIMIT_PER_MINUTE, meaning: 'Requests a minute per signed-in user, or per address when anonymous; past it RATE_LIMITED (HTTP 429, Retry-After).' },
    { setting: 'MAX_OPERATION_COST', value: config.MAX_OPERATION_COST, meaning: 'Largest estimated cost of one operation (list sizes multiplied in: `first`, or the field\'s @listSize); more is BAD_USER_INPUT (HTTP 400) with `extensions.cost` and `maxCost`, and nothing runs.' },
    { setting: 'COST_BUDGET_PER_MINUTE', value: config.COST_BUDGET_PER_MINUTE, meaning: 'Estimated cost each caller may spend a minute; past it RATE_LIMITED (HTTP 429, Retry-After). Ask for small pages to spend less.' },
    { setting: 'EXPENSIVE_OPERATION_COST', value: config.EXPENSIVE_OPERATION_COST, meaning: 'Operations estimated at this cost or more queue for a small lane (cheapest first); a wait past the deadline is RATE_LIMITED.' },
    { setting: 'EXPENSIVE_OPERATIONS_AT_ONCE', value: config.EXPENSIVE_OPERATIONS_AT_ONCE, meaning: 'How many expensive operations run at once per gateway.' },
    { setting: 'GATEWAY_DEADLINE_MS', value: config.GATEWAY_DEADLINE_MS, meaning: 'Deadline of every operation in milliseconds; what is still outstanding then is answered as partial data with DEADLINE_EXCEEDED errors.' },
    { setting: 'MAX_BODY_BYTES', value: config.MAX_BODY_BYTES, meaning: 'Largest request body in bytes; more is refused with HTTP 413.' },
    { setting: 'maxDepth', value: queryLimits.maxDepth, meaning: 'Deepest selection nesting of a document (BAD_USER_INPUT past it).' },
    { setting: 'maxAliases', value: queryLimits.maxAliases, meaning: 'Most aliases in a document.' },
    { setting: 'maxDirectives', value: queryLimits.maxDirectives, meaning: 'Most directives in a document.' },
    { setting: 'maxTokens', value: queryLimits.maxTokens, meaning: 'Most lexical tokens in a document.' },
  ];
}

export function sessionLifetimes(): PortalData['session'] {
  const config = loadConfig({});
  return { accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS };
}
