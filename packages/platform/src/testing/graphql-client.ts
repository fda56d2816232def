import { signatureHeaders } from '../subgraph-signature.ts';

/** A plain HTTP GraphQL client for tests: what any client sends, nothing more. */
export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

export interface GraphQLClient {
  <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
}

/** `signWith`: the subgraph secret, for a client that calls a subgraph directly as the gateway would. */
export function graphqlClient(url: string, client: { signWith?: string } = {}): GraphQLClient {
  return async (query, variables = {}, options = {}) => {
    const body = JSON.stringify({ query, variables });
    const signed = client.signWith ? signatureHeaders(client.signWith, { method: 'POST', path: new URL(url).pathname, body }) : {};
    const headers: Record<string, string> = { 'content-type': 'application/json', ...signed, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    let parsed: { data?: any; errors?: any[] };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new Error(`Not a JSON answer (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, data: parsed.data, errors: parsed.errors, headers: response.headers };
  };
}

/** Sends any request to a GraphQL endpoint: bodies and methods no client would send (malformed JSON, a form, a GET mutation). */
export type RawSender = (init?: RequestInit & { query?: Record<string, string> }) => Promise<Response>;

/** `signWith`: signs the request as the gateway would (over its exact bytes), so that only its own faults are tested. */
export function rawSender(url: string, client: { signWith?: string } = {}): RawSender {
  return (init = {}) => {
    const { query, ...rest } = init;
    const target = new URL(url);
    for (const [key, value] of Object.entries(query ?? {})) target.searchParams.set(key, value);
    if (client.signWith) {
      const body = typeof rest.body === 'string' ? rest.body : rest.body instanceof Uint8Array ? Buffer.from(rest.body) : '';
      const signed = signatureHeaders(client.signWith, { method: rest.method ?? 'GET', path: `${target.pathname}${target.search}`, body });
      rest.headers = { ...Object.fromEntries(new Headers(rest.headers).entries()), ...signed };
    }
    return fetch(target, rest);
  };
}

/** The first error's code, for assertions such as expect(codeOf(res)).toBe('FORBIDDEN'). */
export const codeOf = (response: GraphQLResponse): string | undefined => response.errors?.[0]?.extensions?.code;
