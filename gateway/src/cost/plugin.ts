import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { callerKey } from '../callers.ts';
import { deadlineOf } from '../deadline.ts';
import { servedFromCache } from '../cache/plugin.ts';
import type { CostBudget } from './budget.ts';
import type { ExpensiveLane } from './expensive-lane.ts';
import type { CostLimit } from '@lg/platform';

/**
 * Estimates each operation once it is parsed, validated and its variables known, and before the
 * gateway plans it: over the limit it is refused (400), over the caller's budget too (429).
 * The gateway's own executions (subscription payloads) carry no address and spend no budget:
 * a subscription pays when it is started. API keys spend from budgets of their own. An expensive operation then waits for its turn in the
 * expensive lane.
 */
export function costPlugin(limit: CostLimit, budgets: { people: CostBudget; keys: CostBudget }, lane: ExpensiveLane, deadlineMs: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      // Apollo runs every plugin's didResolveOperation at once: when another refuses the request
      // (a subscription over HTTP, say) the response can go out while this one still waits for its
      // turn. The slot it then gets is handed back at once, or it would be held for good.
      let answered = false;
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const cost = limit.check(schema, { document, operationName, variables: request.variables });
          if (contextValue.address === undefined) return;
          const { viewer } = contextValue;
          const spent = await (viewer?.apiKey ? budgets.keys : budgets.people).spend(callerKey(viewer, contextValue.address), cost);
          // An answer from the cache still spends the caller's budget, but costs the database
          // nothing: it waits for no slot.
          if (answered || servedFromCache.has(contextValue)) return;
          release = await lane.enter(cost, spent, deadlineOf(contextValue) ?? Date.now() + deadlineMs);
          if (answered) release();
        },
        async willSendResponse() {
          answered = true;
          release?.();
        },
      };
    },
  };
}
