import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { WebSocket } from 'ws';

/** How an error leaves the gateway (formatErrorFor of @lg/platform). */
export type FormatError = (formatted: GraphQLFormattedError, raw: unknown) => GraphQLFormattedError;

/**
 * graphql-transport-ws `next` messages written straight to the sockets. An event's payload is
 * one result object for a whole audience (see audience.ts), so its JSON is encoded once and kept
 * with that object; each subscriber's message is then its own `{"id":…,"type":"next","payload":`
 * in front of those shared bytes. graphql-ws would stringify the whole message again per socket,
 * through a chain of promises per subscriber, and await each write's callback.
 */
export class NextFrames {
  private readonly encoded = new WeakMap<ExecutionResult, Buffer>();

  constructor(private readonly format: FormatError) {}

  /** `payload}` of a result, encoded at its first subscriber and shared by the rest. */
  private payloadOf(result: ExecutionResult): Buffer {
    let bytes = this.encoded.get(result);
    if (!bytes) {
      // The same shape as graphql-ws's own messages after the server's onNext (errors formatted).
      const payload = result.errors
        ? { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? this.format(e.toJSON(), e) : e)) }
        : result;
      bytes = Buffer.from(`${JSON.stringify(payload)}}`);
      this.encoded.set(result, bytes);
    }
    return bytes;
  }

  /** A writer of one subscription's `next` messages to its socket. */
  writerFor(socket: WebSocket, id: string): (result: ExecutionResult) => void {
    const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    return (result) => {
      // A socket closing ends its subscriptions; what is still in flight meanwhile is dropped.
      if (socket.readyState !== socket.OPEN) return;
      const payload = this.payloadOf(result);
      socket.send(Buffer.concat([head, payload], head.length + payload.length), { binary: false, compress: false });
    };
  }
}
