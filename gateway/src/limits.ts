import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Query bounds checked before planning, so a hostile document never reaches a subgraph.
 * The numbers leave room for the web client's deepest screen (a course page with Q&A threads).
 */
export const queryLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxCost: 20_000,
};

/**
 * The token limit is graphql-js's own parser option rather than armor's maxTokens plugin: that
 * plugin parses each document a second time in a hook, so a plain syntax error was thrown from
 * the hook and answered with HTTP 500. The parser stops at the limit and its error is Apollo's
 * ordinary syntax error (HTTP 400).
 */
export const parseOptions = { maxTokens: queryLimits.maxTokens };

export function armor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: queryLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: queryLimits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: queryLimits.maxDirectives },
    costLimit: { maxCost: queryLimits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ignoreIntrospection: true },
    // Suggestions reveal the schema; in production introspection is off, so they go too.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
