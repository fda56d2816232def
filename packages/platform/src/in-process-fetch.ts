import type { IncomingHttpHeaders } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { graphQLErrorBody } from './errors.ts';
import { signatureRefusalBody } from './gateway-signature-guard.ts';
import { checkSignatureHeaders, signatureMatches } from './subgraph-signature.ts';
import { inSpanOf } from './tracing/request-span.ts';

/** Node's fetch, as the gateway's subgraph fetcher calls it. */
export type SubgraphFetch = (url: string, init: RequestInit) => Promise<Response>;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A subgraph's /graphql as a fetch function, for a gateway in the same process: no socket, no
 * HTTP parsing, but the same request as over HTTP and the same answer. The signature is checked
 * (headers, then the exact bytes), the body's size limit kept, and the context built from the
 * same headers by the same function, so the subgraph sees what it would have seen. An abort
 * (the gateway's timeout or deadline) rejects with its reason, as fetch does.
 */
export function inProcessFetch<Ctx extends BaseContext>(options: {
  /** The subgraph's name: its server span's service when tracing. */
  service: string;
  apollo: ApolloServer<Ctx>;
  context(headers: IncomingHttpHeaders): Promise<Ctx>;
  secret: string; skewSeconds: number; maxBodyBytes: number; log: Logger;
}): SubgraphFetch {
  const serve = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init.headers).entries()) as IncomingHttpHeaders;
    const checked = checkSignatureHeaders(headers, options.skewSeconds);
    if (!checked.ok) {
      options.log.warn({ problem: checked.problem, method }, 'unsigned subgraph request refused');
      return json(401, signatureRefusalBody(checked.problem));
    }
    const body = typeof init.body === 'string' ? Buffer.from(init.body)
      : init.body instanceof Uint8Array ? Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength) : Buffer.alloc(0);
    if (body.byteLength > options.maxBodyBytes)
      return json(413, graphQLErrorBody('BAD_USER_INPUT', `The request body is larger than ${options.maxBodyBytes} bytes.`, { reason: 'PAYLOAD_TOO_LARGE' }));
    const target = new URL(url);
    if (!signatureMatches(options.secret, { method, path: target.pathname + target.search, body }, checked.timestamp, checked.signature))
      return json(401, signatureRefusalBody('mismatch'));
    let parsed: unknown;
    try {
      parsed = body.byteLength === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return json(400, graphQLErrorBody('BAD_USER_INPUT', 'The request body is not valid JSON, or not a JSON object.'));
    }
    // No HTTP instrumentation sees this call: the subgraph's server span continues the trace
    // context the gateway put in the headers, as it would over HTTP.
    return inSpanOf(options.service, `${method} /graphql`, headers, async () => {
      const result = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers: new HeaderMap(Object.entries(headers) as [string, string][]), search: target.search, body: parsed },
        context: () => options.context(headers),
      });
      let text = '';
      if (result.body.kind === 'complete') text = result.body.string;
      else for await (const chunk of result.body.asyncIterator) text += chunk;
      return new Response(text, { status: result.status ?? 200, headers: [...result.headers] });
    });
  };
  return (url, init) => {
    const { signal } = init;
    if (!signal) return serve(url, init);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const abort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', abort, { once: true });
      serve(url, init).then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  };
}
