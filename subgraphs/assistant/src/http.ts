import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { bearerToken, bodyErrorHandler, requestIdFrom, type TokenVerifier } from '@lg/platform';
import express, { type Express, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Platform } from '@lg/platform';

type Logger = Platform['logger'];
import type { ToolCatalog } from './catalog.ts';
import type { Asker, AssistantService } from './service.ts';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, RATE_LIMITED: 429 };

async function askerOf(req: Request, verifier: TokenVerifier, checkSession: (token: string) => Promise<void>): Promise<Asker> {
  const token = bearerToken(req.headers.authorization);
  const viewer = token ? await verifier.verify(token) : null;
  if (token) await checkSession(token);
  return { viewer, token, requestId: requestIdFrom(req.headers) };
}

function sendError(res: Response, error: unknown, log: Logger): void {
  const code = error instanceof GraphQLError ? String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR') : 'INTERNAL_SERVER_ERROR';
  if (!(code in STATUS)) log.error({ err: error }, 'assistant request failed');
  const message = code in STATUS ? (error as Error).message : 'Something went wrong on our side. Please try again.';
  const retry = error instanceof GraphQLError ? error.extensions.retryAfterSeconds : undefined;
  if (typeof retry === 'number') res.setHeader('retry-after', String(retry));
  res.status(STATUS[code] ?? 500).json({ error: { code, message } });
}

/** The MCP server of one request: the same catalog, every call run as the request's user. */
function mcpServer(service: AssistantService, catalog: ToolCatalog, asker: Asker): Server {
  const server = new Server({ name: 'learning-graph-assistant', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: catalog.tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema as { type: 'object'; [key: string]: unknown },
      // An MCP client confirms with its user what is not read-only.
      annotations: { readOnlyHint: !t.mutates, destructiveHint: false, openWorldHint: false },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const result = await service.runTool(asker, request.params.name, request.params.arguments ?? {});
    return { content: [{ type: 'text' as const, text: result.result }], isError: !result.ok };
  });
  return server;
}

/**
 * POST /v1/ai/chat (askAssistant over REST) and POST /mcp (Model Context Protocol, Streamable
 * HTTP, stateless), both as the user of the request's bearer token.
 */
export function assistantRoutes(deps: {
  service: AssistantService; catalog: ToolCatalog; verifier: TokenVerifier; log: Logger; maxBodyBytes: number;
  /** Refuses a token whose session has ended (see session-check.ts). */
  checkSession: (token: string) => Promise<void>;
}) {
  const { service, catalog, verifier, log, checkSession } = deps;
  return (app: Express): void => {
    const json = express.json({ limit: deps.maxBodyBytes });
    app.post('/v1/ai/chat', json, bodyErrorHandler, async (req: Request, res: Response) => {
      try {
        const asker = await askerOf(req, verifier, checkSession);
        const body = (req.body ?? {}) as { prompt?: unknown; conversationId?: unknown; autoConfirm?: unknown };
        if (typeof body.prompt !== 'string') throw new GraphQLError('prompt must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
        if (body.conversationId != null && typeof body.conversationId !== 'string') throw new GraphQLError('conversationId must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
        const reply = await service.ask(asker, { prompt: body.prompt, conversationId: body.conversationId as string | undefined, autoConfirm: body.autoConfirm === true });
        const { message, conversation } = reply;
        res.json({
          conversationId: conversation._id,
          message: { role: message.role, content: message.content, toolCalls: message.toolCalls.map(({ tool, arguments: a, ok, result }) => ({ tool, arguments: a, ok, result })), createdAt: message.createdAt },
          awaitingConfirmation: conversation.pending !== null,
        });
      } catch (error) {
        sendError(res, error, log);
      }
    });

    app.post('/mcp', json, bodyErrorHandler, async (req: Request, res: Response) => {
      let asker: Asker;
      try {
        asker = await askerOf(req, verifier, checkSession);
        if (!asker.viewer) throw new GraphQLError('You must be signed in.', { extensions: { code: 'UNAUTHENTICATED' } });
      } catch (error) {
        res.setHeader('www-authenticate', 'Bearer');
        sendError(res, error, log);
        return;
      }
      const server = mcpServer(service, catalog, asker);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
      } catch (error) {
        log.error({ err: error }, 'mcp request failed');
        if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
      }
    });
    // Stateless: no server-sent stream to open and no session to end.
    const notAllowed = (_req: Request, res: Response) => void res.status(405).setHeader('allow', 'POST').json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
    app.get('/mcp', notAllowed);
    app.delete('/mcp', notAllowed);
  };
}
