import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { callerKey } from '../callers.ts';
import type { CostBudget } from './budget.ts';
import type { CostLimit } from '@lg/platform';

/**
 * Estimates each operation once it is parsed, validated and its variables known, and before the
 * gateway plans it: over the limit it is refused (400), over the caller's budget too (429).
 * The gateway's own executions (subscription payloads) carry no address and spend no budget:
 * a subscription pays when it is started.
 */
export function costPlugin(limit: CostLimit, budget: CostBudget): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const cost = limit.check(schema, { document, operationName, variables: request.variables });
          if (contextValue.address !== undefined) await budget.spend(callerKey(contextValue.viewer?.id, contextValue.address), cost);
        },
      };
    },
  };
}
