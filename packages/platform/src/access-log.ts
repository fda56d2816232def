import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, requestIdFrom } from './context.ts';

/** Who called, from the shape of the credentials alone (an API key, `lg_…`, or a user's token). */
export type CallerKind = 'anonymous' | 'user' | 'api-key';

export function callerKind(headers: IncomingHttpHeaders): CallerKind {
  if (headers['x-api-key']) return 'api-key';
  const authorization = headers.authorization;
  if (!authorization || !/^bearer\s+\S/i.test(authorization)) return 'anonymous';
  return /^bearer\s+lg_/i.test(authorization) ? 'api-key' : 'user';
}

const OPERATION = Symbol('lg.operation');
const RESPONSE = Symbol('lg.response');
type Answered = ServerResponse & { [OPERATION]?: string };

/**
 * Ties a GraphQL context to its HTTP response, so that the operation's name reaches the access
 * log. A symbol-keyed property rather than a map keyed by the context: Apollo hands plugins a
 * shallow copy of the context, which keeps it.
 */
export function answeredBy<C extends object>(context: C, res: ServerResponse): C {
  return Object.assign(context, { [RESPONSE]: res });
}

/** Records the operation a context runs, for its access-log line (see answeredBy). */
export function noteOperation(context: object, name: string | null | undefined): void {
  const res = (context as { [RESPONSE]?: Answered })[RESPONSE];
  if (res && name) res[OPERATION] = name.slice(0, 100);
}

// Probes and scrapes come every few seconds: worth a line only when debugging.
const QUIET = new Set(['/health', '/ready', '/metrics']);
const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0]!.slice(0, 300);

/**
 * One structured line per HTTP request (pino-http): method, path, status, duration, the GraphQL
 * operation's name, the caller's kind and the request id. Only those: no headers (tokens, API
 * keys, cookies), no query string (a GET operation's variables), no body. The request id is made
 * here when the caller sent none and put on the request, so that the GraphQL context, the errors
 * and this line all carry the same one.
 */
export function accessLog(logger: Logger) {
  const line = (req: IncomingMessage, res: Answered, durationMs: number) => ({
    requestId: (req as IncomingMessage & { id?: unknown }).id,
    status: res.statusCode,
    durationMs,
    caller: callerKind(req.headers),
    ...(res[OPERATION] ? { operation: res[OPERATION] } : {}),
  });
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: { req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }) },
    genReqId: (req) => {
      const id = requestIdFrom(req.headers);
      req.headers[REQUEST_ID_HEADER] = id;
      return id;
    },
    customLogLevel: (req, res, error) => {
      if (QUIET.has(pathOf(req))) return 'debug';
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, error, val: { responseTime: number }) => ({ ...line(req, res, val.responseTime), err: error }),
  });
}
