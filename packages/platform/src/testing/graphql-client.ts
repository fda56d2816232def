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

export function graphqlClient(url: string): GraphQLClient {
  return async (query, variables = {}, options = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    let body: { data?: any; errors?: any[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`Not a JSON answer (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  };
}

/** Sends any request to a GraphQL endpoint: bodies and methods no client would send (malformed JSON, a form, a GET mutation). */
export type RawSender = (init?: RequestInit & { query?: Record<string, string> }) => Promise<Response>;

export function rawSender(url: string): RawSender {
  return (init = {}) => {
    const { query, ...rest } = init;
    const target = new URL(url);
    for (const [key, value] of Object.entries(query ?? {})) target.searchParams.set(key, value);
    return fetch(target, rest);
  };
}

/** The first error's code, for assertions such as expect(codeOf(res)).toBe('FORBIDDEN'). */
export const codeOf = (response: GraphQLResponse): string | undefined => response.errors?.[0]?.extensions?.code;
