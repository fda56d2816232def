import type { ApolloServerPlugin } from '@apollo/server';

const deadlines = new WeakMap<object, number>();

/**
 * Gives every operation a deadline from the moment it starts (HTTP or a subscription's
 * execution); its subgraph fetches read it (deadlineOf) and give up when it passes.
 */
export function deadlinePlugin(deadlineMs: number): ApolloServerPlugin<object> {
  return {
    async requestDidStart({ contextValue }) {
      deadlines.set(contextValue, Date.now() + deadlineMs);
    },
  };
}

/** The operation's deadline in epoch milliseconds, for the context of a running operation. */
export const deadlineOf = (context: object): number | undefined => deadlines.get(context);
