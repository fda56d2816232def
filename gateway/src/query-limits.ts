import type { QueryLimits } from '@lg/platform';

/**
 * Query bounds checked before planning, so a hostile document never reaches a subgraph.
 * The numbers leave room for the web client's deepest screen (a course page with Q&A threads).
 * A file of its own, without runtime imports, so that the developer portal's build reads them cheaply.
 */
export const queryLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
} satisfies QueryLimits;
