import type { Fetcher, FetcherRequestInit } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { signatureHeaders, type SubgraphFetch } from '@lg/platform';

/** When the gateway operation that caused a fetch must be answered, as epoch milliseconds. */
export const DEADLINE_HEADER = 'x-lg-deadline';

export interface SubgraphFetchOptions {
  /** The subgraph's name, for the errors a caller reads. */
  subgraph: string;
  secret: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** The subgraph in this process, called without HTTP (single-process mode); else Node's fetch. */
  inProcess?: SubgraphFetch | undefined;
}

const failure = (message: string, reason: string) => new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', reason } });

/**
 * The fetcher behind every subgraph request: it signs the exact bytes it sends, gives up when the
 * operation's deadline or the fetch's own timeout comes (closing the connection, so the subgraph's
 * answer stops costing us), and stops reading an answer past its size limit instead of holding it
 * in memory. A failure is a coded GraphQL error; the gateway then answers the other subgraphs'
 * fields with data and these fields with null and the error, as for a subgraph that is down.
 * Node's fetch keeps connections to subgraphs alive between requests; a subgraph in the same
 * process is called directly, signed and limited all the same.
 */
export function subgraphFetcher(options: SubgraphFetchOptions): Fetcher {
  const { subgraph, secret, timeoutMs, maxResponseBytes } = options;
  const send: SubgraphFetch = options.inProcess ?? fetch;
  const timedOut = failure(`The ${subgraph} subgraph did not answer within ${timeoutMs} ms.`, 'SUBGRAPH_TIMEOUT');
  const tooLarge = failure(`The ${subgraph} subgraph's answer was larger than ${maxResponseBytes} bytes and was cut off.`, 'SUBGRAPH_RESPONSE_TOO_LARGE');

  return async (url: string, init: FetcherRequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ?? '';
    const target = new URL(url);
    const headers = { ...init.headers, ...signatureHeaders(secret, { method, path: target.pathname + target.search, body }) };

    const deadlineAt = Number(headers[DEADLINE_HEADER]);
    const untilDeadline = Number.isFinite(deadlineAt) ? deadlineAt - Date.now() : Infinity;
    const [budget, giveUp] = untilDeadline < timeoutMs
      ? [untilDeadline, failure(`The operation's deadline passed before the ${subgraph} subgraph answered.`, 'DEADLINE_EXCEEDED')]
      : [timeoutMs, timedOut];
    if (budget <= 0) throw giveUp;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(giveUp), budget);
    try {
      const response = await send(url, { method, headers, body: method === 'GET' ? undefined : typeof body === 'string' ? body : new Uint8Array(body), signal: controller.signal, redirect: 'error' });
      const declared = Number(response.headers.get('content-length'));
      if (declared > maxResponseBytes) {
        controller.abort(tooLarge);
        throw tooLarge;
      }
      const chunks: Uint8Array[] = [];
      let received = 0;
      if (response.body) {
        for await (const chunk of response.body) {
          received += chunk.byteLength;
          if (received > maxResponseBytes) {
            controller.abort(tooLarge);
            throw tooLarge;
          }
          chunks.push(chunk);
        }
      }
      return new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      // An abort surfaces as whatever the fetch implementation throws; the reason says why.
      if (controller.signal.aborted && controller.signal.reason instanceof GraphQLError) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
