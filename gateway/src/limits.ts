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
};

export function armor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: queryLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: queryLimits.maxAliases },
    maxTokens: { n: queryLimits.maxTokens },
    maxDirectives: { n: queryLimits.maxDirectives },
    // Counting fields ignores list sizes; the cost that matters is estimated in cost/ instead.
    costLimit: { enabled: false },
    // Suggestions reveal the schema; in production introspection is off, so they go too.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
