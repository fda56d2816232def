import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, isSignatureRefusal } from '@lg/platform';
import { noteIds } from './cache/seen-ids.ts';
import { dedupeRepresentations, fanOutEntities } from './entity-batches.ts';
import type { GatewayContext } from './context.ts';
import { deadlineOf } from './deadline.ts';
import { DEADLINE_HEADER } from './subgraph-fetcher.ts';

interface SubgraphErrorBody { errors?: { message?: string; extensions?: Record<string, unknown> }[] }

/**
 * Forwards the caller's bearer token and request id (each subgraph verifies the token again) and
 * the operation's deadline, which the fetcher (subgraph-fetcher.ts: signing, timeouts, sizes) keeps.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The subgraph's name, for errors. */
  readonly subgraph: string;

  constructor(options: { subgraph: string; url: string; fetcher: Fetcher }) {
    super({ url: options.url, fetcher: options.fetcher });
    this.subgraph = options.subgraph;
  }

  /** Sends each distinct entity of an `_entities` batch once (see entity-batches.ts). */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const { variables } = options.request;
    const representations = variables?.representations as unknown;
    const batch = Array.isArray(representations) ? dedupeRepresentations(representations) : undefined;
    if (!batch) return super.process(options);
    options.request.variables = { ...variables, representations: batch.distinct };
    return fanOutEntities(await super.process(options), batch);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http || !('requestId' in context)) return;
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    const deadline = deadlineOf(context);
    if (deadline !== undefined) request.http.headers.set(DEADLINE_HEADER, String(deadline));
    if (context.token) request.http.headers.set('authorization', `Bearer ${context.token}`);
  }

  /** The response cache tags an answer with every id its subgraph fetches were sent and answered. */
  override didReceiveResponse<T>({ response, request, context }: { response: T; request: { variables?: unknown }; context: GatewayContext }): T {
    noteIds(context, request.variables, (response as { data?: unknown }).data);
    return response;
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
