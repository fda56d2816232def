import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { CLIENT_ADDRESS_HEADER, CLIENT_USER_AGENT_HEADER, REQUEST_ID_HEADER, injectTraceContext, isSignatureRefusal } from '@lg/platform';
import { noteIds } from './cache/seen-ids.ts';
import { dedupeRepresentations, fanOutEntities } from './entity-batches.ts';
import type { GatewayContext } from './context.ts';
import { deadlineOf } from './deadline.ts';
import { cacheHintFrom } from './subgraph-cache-hint.ts';
import { DEADLINE_HEADER } from './subgraph-fetcher.ts';

type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

interface SubgraphErrorBody { errors?: { message?: string; extensions?: Record<string, unknown> }[] }

/**
 * Forwards the caller's bearer token and request id (each subgraph verifies the token again) and
 * the operation's deadline, which the fetcher (subgraph-fetcher.ts: signing, timeouts, sizes) keeps.
 * Extends RemoteGraphQLDataSource for its configuration and error shaping, not its process().
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The subgraph's name, for errors. */
  readonly subgraph: string;

  constructor(options: { subgraph: string; url: string; fetcher: Fetcher }) {
    super({ url: options.url, fetcher: options.fetcher });
    this.subgraph = options.subgraph;
  }

  /**
   * One subgraph fetch of a plan. @apollo/gateway's own process() builds node-fetch Headers and a
   * Request per fetch that go unused with our fetcher and copies the answer twice; this does the
   * same steps directly: forwards the caller's token, request id and deadline, sends each distinct
   * entity of an `_entities` batch once (entity-batches.ts), refuses a non-2xx answer through
   * errorFromResponse, notes the ids the response cache tags with, and restricts the operation's
   * cache policy by the subgraph's Cache-Control header.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const representations = request.variables?.representations as unknown;
    const batch = Array.isArray(representations) ? dedupeRepresentations(representations) : undefined;
    const variables = batch ? { ...request.variables, representations: batch.distinct } : request.variables;

    const headers: Record<string, string> = {};
    // Only the executor's own trace request sets headers here; none of ours ask for traces.
    for (const [name, value] of request.http?.headers ?? []) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    if ('requestId' in context) {
      headers[REQUEST_ID_HEADER] = context.requestId;
      const deadline = deadlineOf(context);
      if (deadline !== undefined) headers[DEADLINE_HEADER] = String(deadline);
      if (context.token) headers.authorization = `Bearer ${context.token}`;
      // Who is calling from where, for sessions and audit entries: set here from the socket (or a
      // trusted proxy: TRUST_PROXY), never copied from the client; each subgraph bounds them.
      if (context.address && context.address !== 'unknown') headers[CLIENT_ADDRESS_HEADER] = context.address;
      // Printable ASCII only: whatever a client sends must not make the subgraph fetch itself fail.
      if (context.userAgent) headers[CLIENT_USER_AGENT_HEADER] = context.userAgent.slice(0, 256).replace(/[^\x20-\x7e]/g, '?');
    }
    // The fetch span of @apollo/gateway is active here: the subgraph's span becomes its child.
    injectTraceContext(headers);
    const body = JSON.stringify({ query: request.query, variables, operationName: request.operationName, extensions: request.extensions });

    const response = await this.fetcher(this.url, { method: 'POST', headers, body });
    if (!response.ok) throw await this.errorFromResponse(response);
    const parsed = await this.parseBody(response);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    const answer = { ...(parsed as GatewayResponse), http: response } as GatewayResponse;
    // The response cache tags an answer with every id its subgraph fetches were sent and answered.
    noteIds(context, variables, answer.data);
    const policy = 'incomingRequestContext' in options ? options.incomingRequestContext.overallCachePolicy : undefined;
    if (policy && 'restrict' in policy) policy.restrict(cacheHintFrom(response.headers.get('cache-control')));
    return batch ? fanOutEntities(answer, batch) : answer;
  }

  /**
   * A subgraph answers HTTP 400 when it refuses a variable (an impossible DateTime, say), with its
   * own well-coded GraphQL error in the body. Apollo's default turns any non-2xx into an uncoded
   * error carrying the subgraph's URL and body; the caller should get the subgraph's error.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const fallback = await super.errorFromResponse(response);
    const body = (fallback.extensions.response as { body?: SubgraphErrorBody } | undefined)?.body;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (typeof code !== 'string' || !first?.message) return fallback;
    // The caller did nothing wrong when the gateway's own signature is refused: a misconfigured
    // secret (or clock) is the server's failure, not a reason to sign in again.
    if (isSignatureRefusal(first.extensions?.reason))
      return new GraphQLError(`The ${this.subgraph} subgraph refused the gateway's request signature.`, {
        extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'SUBGRAPH_SIGNATURE_REFUSED' },
      });
    const { stacktrace: _stack, ...extensions } = first.extensions ?? {};
    return new GraphQLError(first.message, { extensions: { ...extensions, code } });
  }
}
