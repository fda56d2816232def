import { getVariableValues } from 'graphql';
import type { ToolCatalog } from './catalog.ts';
import { routeFor } from './routes.ts';

/** What a tool call answers, as the model sees it: ok, and the result as JSON text. */
export interface ToolResult {
  ok: boolean;
  result: string;
}

/**
 * What a failed tool call answers, as JSON: the runner's own error (unknown tool, bad arguments,
 * unreachable graph), or the graph's errors with whatever data came with them. A call that
 * succeeded answers its operation's `data` instead (see ToolData in generated/operations.ts).
 */
export interface ToolFailure {
  error?: { code: string; message: string; [detail: string]: unknown };
  errors?: { message: string; code?: string; path?: unknown }[];
  data?: unknown;
}

export interface ToolRunnerOptions {
  /** The gateway's /graphql URL, read at each call (the stack tells it once the gateway is up). */
  gatewayUrl: () => string;
  /** Longer results are cut to this many characters before anyone (the model, the store) sees them. */
  maxResultChars: number;
  timeoutMs?: number;
}

const failed = (answer: ToolFailure): ToolResult => ({ ok: false, result: JSON.stringify(answer) });
const failure = (code: string, message: string, extra: Record<string, unknown> = {}): ToolResult => failed({ error: { code, message, ...extra } });

/** Cuts a text to `max` characters, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `…[truncated ${text.length - max} characters]`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/**
 * Runs tools: every graph tool is its operation sent to the gateway with the asking user's own
 * bearer token, so the gateway and subgraphs authorize it exactly as if the user had sent it.
 * Whatever goes wrong (unknown tool, malformed arguments, a GraphQL error, an unreachable gateway)
 * is a failed result for the model to read, never a thrown error.
 */
export class ToolRunner {
  constructor(private readonly catalog: ToolCatalog, private readonly options: ToolRunnerOptions) {}

  async run(name: string, rawArguments: unknown, token: string | undefined, requestId?: string): Promise<ToolResult> {
    const result = await this.execute(name, rawArguments, token, requestId);
    return { ok: result.ok, result: truncate(result.result, this.options.maxResultChars) };
  }

  private async execute(name: string, rawArguments: unknown, token: string | undefined, requestId?: string): Promise<ToolResult> {
    const tool = this.catalog.byName.get(name);
    if (!tool) return failure('UNKNOWN_TOOL', `There is no tool named "${String(name).slice(0, 100)}".`, { tools: [...this.catalog.byName.keys()] });
    let args: unknown = rawArguments ?? {};
    if (typeof args === 'string') {
      try {
        args = args.trim() === '' ? {} : JSON.parse(args);
      } catch {
        return failure('BAD_TOOL_ARGUMENTS', 'The arguments are not valid JSON.');
      }
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return failure('BAD_TOOL_ARGUMENTS', 'The arguments must be a JSON object.');
    const given = args as Record<string, unknown>;
    const known = new Set(Object.keys(tool.inputSchema.properties ?? {}));
    const unknown = Object.keys(given).filter((k) => !known.has(k));
    if (unknown.length > 0) return failure('BAD_TOOL_ARGUMENTS', `Unknown argument(s): ${unknown.join(', ')}.`);
    const coerced = getVariableValues(tool.schema, tool.operation.variableDefinitions ?? [], given);
    if (coerced.errors) return failure('BAD_TOOL_ARGUMENTS', coerced.errors.map((e) => e.message).join(' '));

    if (tool.local) {
      const answer = routeFor(String(coerced.coerced.feature), coerced.coerced.slug as string | undefined);
      return 'error' in answer ? failure('BAD_TOOL_ARGUMENTS', answer.error) : { ok: true, result: JSON.stringify(answer) };
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (requestId) headers['x-request-id'] = requestId;
    try {
      const response = await fetch(this.options.gatewayUrl(), {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: tool.document, operationName: tool.name, variables: given }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; path?: unknown; extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        const errors = body.errors.map((e) => ({ message: e.message, code: e.extensions?.code, ...(e.path ? { path: e.path } : {}) }));
        return failed({ errors, data: body.data ?? null });
      }
      return { ok: true, result: JSON.stringify(body.data ?? null) };
    } catch (error) {
      return failure('TOOL_UNAVAILABLE', `The graph could not be reached: ${(error as Error).message}`.slice(0, 300));
    }
  }
}
