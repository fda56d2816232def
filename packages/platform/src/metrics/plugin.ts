import type { ApolloServerPlugin } from '@apollo/server';
import { noteOperation } from '../access-log.ts';
import { ANONYMOUS_OPERATION, type Metrics } from './metrics.ts';

// Error codes are ours (ARCHITECTURE.md §6) or Apollo's; anything else is folded into one label.
const codeLabel = (code: unknown): string => (typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER');

/**
 * Counts and times every GraphQL operation a server answers, by its name (bounded: see
 * Metrics.operationLabel), and hands the name to the access log. `counted`: which operations are
 * callers' (the gateway's own subscription payload queries are not; their fetches are).
 */
export function metricsPlugin<Ctx extends object>(metrics: Metrics, service: string, counted: (context: Ctx) => boolean = () => true): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue, request }) {
      if (!counted(contextValue)) return;
      const started = performance.now();
      let operation = ANONYMOUS_OPERATION;
      let type = 'unknown';
      noteOperation(contextValue, request.operationName);
      return {
        async didResolveOperation({ operationName, operation: definition }) {
          operation = metrics.operationLabel(operationName);
          type = definition?.operation ?? 'unknown';
          noteOperation(contextValue, operationName);
        },
        async willSendResponse({ response, errors }) {
          const failures = errors ?? (response.body.kind === 'single' ? response.body.singleResult.errors : undefined);
          metrics.graphqlRequests.inc({ service, operation, type });
          if (failures?.length) metrics.graphqlErrors.inc({ service, operation, code: codeLabel(failures[0]!.extensions?.code) });
          metrics.graphqlDuration.observe({ service, operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
