import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { readCostDirectives, type CostDirectives } from './directives.ts';
import { estimateCost, UnboundedCost } from './estimate.ts';

export interface CostedOperation {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The refusal of an operation whose estimate is over the limit: the client's fault, HTTP 400. */
export function tooExpensive(cost: number, maxCost: number): GraphQLError {
  const shown = Number.isFinite(cost) ? cost : null;
  return new GraphQLError(
    shown === null
      ? `This operation is too large to estimate; its cost is over the limit of ${maxCost}. Select less, or page through lists.`
      : `This operation's estimated cost is ${shown}, over the limit of ${maxCost}. Select less, or ask for smaller pages (first/last).`,
    { extensions: { code: 'BAD_USER_INPUT', cost: shown, maxCost, http: { status: 400 } } },
  );
}

/**
 * Holds the cost directives of the current supergraph and refuses operations over the limit,
 * before any planning. The HTTP plugin and the subscription server share one.
 */
export class CostLimit {
  private directives: CostDirectives | undefined;

  constructor(readonly maxCost: number) {}

  /** Called on every schema load: the API schema has no directives, the supergraph has them. */
  useSupergraph(supergraphSdl: string): void {
    this.directives = readCostDirectives(supergraphSdl);
  }

  /** The estimate, or a thrown BAD_USER_INPUT error when it is over the limit. */
  check(schema: GraphQLSchema, operation: CostedOperation): number {
    if (!this.directives) throw new Error('The cost directives are read at schema load; no supergraph was loaded.');
    let cost: number;
    try {
      cost = estimateCost({ schema, directives: this.directives, ...operation });
    } catch (error) {
      if (error instanceof UnboundedCost) throw tooExpensive(Number.POSITIVE_INFINITY, this.maxCost);
      // Variables that do not fit their types are found here, before execution would find them.
      if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
      throw error;
    }
    if (cost > this.maxCost) throw tooExpensive(cost, this.maxCost);
    return cost;
  }
}
