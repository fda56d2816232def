import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherRequestInit } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { request, type Dispatcher } from 'undici';
import { signatureHeaders, type SubgraphFetch } from '@lg/platform';
import { SubgraphAnswer } from './subgraph-answer.ts';

/** When the gateway operation that caused a fetch must be answered, as epoch milliseconds. */
export const DEADLINE_HEADER = 'x-lg-deadline';

export interface SubgraphFetchOptions {
  /** The subgraph's name, for the errors a caller reads. */
  subgraph: string;
  secret: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** The connection pool subgraph requests go through over HTTP (undici's; keep-alive). */
  dispatcher: Dispatcher;
  /** The subgraph in this process, called without HTTP (single-process mode). */
  inProcess?: SubgraphFetch | undefined;
}

const failure = (message: string, reason: string) => new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', reason } });

interface Sent { status: number; headers: Record<string, string | string[] | undefined> | Iterable<[string, string]>; body: AsyncIterable<Uint8Array> | null; declaredLength: number }

/**
 * The fetcher behind every subgraph request: it signs the exact bytes it sends, gives up when the
 * operation's deadline or the fetch's own timeout comes (closing the connection, so the subgraph's
 * answer stops costing us), and stops reading an answer past its size limit instead of holding it
 * in memory. A failure is a coded GraphQL error; the gateway then answers the other subgraphs'
 * fields with data and these fields with null and the error, as for a subgraph that is down.
 * Requests go through undici's request API over kept-alive connections: per fetch it costs a
 * fraction of what fetch() does (no WHATWG Request, Response or body streams), which is most of
 * the gateway's own CPU on a federated query. A subgraph in the same process is called directly,
 * signed and limited all the same.
 */
export function subgraphFetcher(options: SubgraphFetchOptions): Fetcher {
  const { subgraph, secret, timeoutMs, maxResponseBytes, dispatcher, inProcess } = options;
  const timedOut = failure(`The ${subgraph} subgraph did not answer within ${timeoutMs} ms.`, 'SUBGRAPH_TIMEOUT');
  const tooLarge = failure(`The ${subgraph} subgraph's answer was larger than ${maxResponseBytes} bytes and was cut off.`, 'SUBGRAPH_RESPONSE_TOO_LARGE');

  const send = async (url: string, method: string, headers: Record<string, string>, body: string | Buffer, signal: AbortSignal): Promise<Sent> => {
    const payload = method === 'GET' ? undefined : body;
    if (inProcess) {
      const response = await inProcess(url, { method, headers, body: typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload), signal, redirect: 'error' });
      return { status: response.status, headers: response.headers, body: response.body, declaredLength: Number(response.headers.get('content-length')) };
    }
    // No redirect is followed (undici follows none unless told): a 3xx is a failed fetch.
    const response = await request(url, { dispatcher, method: method as Dispatcher.HttpMethod, headers, body: payload, signal });
    return { status: response.statusCode, headers: response.headers, body: response.body, declaredLength: Number(response.headers['content-length']) };
  };

  // A data source fetches one URL: its signed path is parsed once.
  const paths = new Map<string, string>();
  const pathOf = (url: string) => {
    let path = paths.get(url);
    if (path === undefined) {
      const target = new URL(url);
      path = target.pathname + target.search;
      if (paths.size < 16) paths.set(url, path);
    }
    return path;
  };

  return async (url: string, init: FetcherRequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ?? '';
    const headers = { ...init.headers, ...signatureHeaders(secret, { method, path: pathOf(url), body }) };

    const deadlineAt = Number(headers[DEADLINE_HEADER]);
    const untilDeadline = Number.isFinite(deadlineAt) ? deadlineAt - Date.now() : Infinity;
    const byDeadline = untilDeadline < timeoutMs;
    const budget = byDeadline ? untilDeadline : timeoutMs;
    // Built only when needed: a GraphQLError records a stack trace, too dear for every fetch.
    const giveUp = () => (byDeadline ? failure(`The operation's deadline passed before the ${subgraph} subgraph answered.`, 'DEADLINE_EXCEEDED') : timedOut);
    if (budget <= 0) throw giveUp();

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(giveUp()), budget);
    try {
      const response = await send(url, method, headers, body, controller.signal);
      if (response.declaredLength > maxResponseBytes) {
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
      return new SubgraphAnswer(url, response.status, STATUS_CODES[response.status] ?? '', response.headers, Buffer.concat(chunks));
    } catch (error) {
      // An abort surfaces as whatever the HTTP client throws; the reason says why.
      if (controller.signal.aborted && controller.signal.reason instanceof GraphQLError) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
