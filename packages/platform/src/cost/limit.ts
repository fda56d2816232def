import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { BaseContext } from '../context.ts';
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
 * Holds the cost directives of a schema's SDL and refuses operations over the limit before they
 * run. The gateway reads the supergraph's (its HTTP plugin and subscription server share one);
 * each subgraph reads its own SDL, so a request signed with a leaked secret is bounded too.
 */
export class CostLimit {
  private directives: CostDirectives | undefined;

  constructor(readonly maxCost: number) {}

  /** The gateway calls it on every schema load: its API schema has no directives, the supergraph has them. */
  useSdl(sdl: string): void {
    this.directives = readCostDirectives(sdl);
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

/** Refuses, before execution, every operation whose estimate is over the limit (HTTP 400). */
export function costLimitPlugin<Ctx extends BaseContext>(limit: CostLimit): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          limit.check(schema, { document, operationName, variables: request.variables });
        },
      };
    },
  };
}
