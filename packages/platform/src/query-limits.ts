import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';

/** Bounds on a GraphQL document, checked on parse and validation before anything executes. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * A subgraph's own bounds, for when its signing secret leaks: generous enough for every query
 * plan the gateway makes from an operation within the gateway's limits (plans add an `_entities`
 * level, inline fragments, keys and `__typename`s; measured on the deepest real plans), small
 * enough that no document can exhaust the process.
 */
export const subgraphQueryLimits: QueryLimits = {
  maxDepth: 25,
  maxAliases: 60,
  maxTokens: 10_000,
  maxDirectives: 100,
};

/** graphql-armor's Apollo plugins and validation rules for `limits`; one setup for gateway and subgraphs. */
export function queryArmor(limits: QueryLimits, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    // The token limit is the parser's own (parseOptionsFor): armor's plugin parsed every document
    // a second time in a hook, where a plain syntax error became an HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Counting fields ignores list sizes; the cost that matters is estimated from @cost/@listSize instead.
    costLimit: { enabled: false },
    // Suggestions reveal the schema; in production introspection is off, so they go too.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { ...armor, validationRules: [...armor.validationRules, finiteFloats] };
}

/**
 * A Float literal too large for a double (`1e999`) passes GraphQL's own validation as Infinity,
 * then makes the query planner throw (an HTTP 500); it is refused here as the bad input it is.
 */
export const finiteFloats: ValidationRule = (context) => ({
  FloatValue(node) {
    if (!Number.isFinite(Number(node.value))) context.reportError(new GraphQLError(`${node.value} is no finite number.`, { nodes: node }));
  },
});

/** Apollo's parseOptions bounding the parser itself: it stops at the limit with a syntax error (HTTP 400). */
export const parseOptionsFor = (limits: QueryLimits) => ({ maxTokens: limits.maxTokens });
