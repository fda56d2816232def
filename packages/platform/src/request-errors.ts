import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { excerpt } from './message-excerpt.ts';

/** The HTTP status of a request refused before execution, by our error code (also listed by the developer portal). */
export const statusOfCode: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

/**
 * HTTP 5xx must mean that the server failed, never the client:
 * - an unknown `operationName` (or several operations and none named) is refused with 400 before
 *   anything executes; @apollo/gateway would otherwise throw from its executor (HTTP 500) and
 *   echo the whole name back;
 * - a request that failed before execution (no `data`) with only our client codes is answered
 *   with their 4xx rather than Apollo's default 500, whatever hook raised it.
 * - a subscription sent over HTTP is refused with 400 (they are served over graphql-ws);
 * Field errors inside an executed operation keep HTTP 200, as GraphQL over HTTP wants.
 */
export function requestErrorsPlugin<Ctx extends BaseContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          // The gateway serves subscriptions over graphql-ws on the same path; over HTTP it could
          // only fail (@apollo/gateway throws, HTTP 500), and a subgraph never serves one itself.
          if (operation?.operation === 'subscription')
            throw new GraphQLError('Subscriptions are served over WebSocket (the graphql-ws protocol) at this URL, not over HTTP.', {
              extensions: { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_OVER_HTTP', http: { status: 400 } },
            });
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${excerpt(request.operationName)}".`
            : 'The document holds several operations; name the one to run in operationName.';
          throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if ('data' in singleResult || !singleResult.errors?.length) return;
          if ((response.http.status ?? 500) < 500) return;
          const statuses = singleResult.errors.map((e) => statusOfCode[String(e.extensions?.code)]);
          if (statuses.every((s): s is number => s !== undefined)) response.http.status = statuses[0];
        },
      };
    },
  };
}
