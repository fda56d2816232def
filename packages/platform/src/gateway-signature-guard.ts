import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { graphQLErrorBody } from './errors.ts';
import { checkSignatureHeaders, signatureMatches, type SignatureProblem } from './subgraph-signature.ts';

const refusals: Record<SignatureProblem, { message: string; reason: string }> = {
  missing: { message: 'This service answers only requests signed by the gateway.', reason: 'SIGNATURE_MISSING' },
  malformed: { message: 'This service answers only requests signed by the gateway.', reason: 'SIGNATURE_MISSING' },
  stale: { message: 'The request signature has expired.', reason: 'SIGNATURE_EXPIRED' },
  mismatch: { message: 'The request signature does not match.', reason: 'SIGNATURE_MISMATCH' },
};

/** How a subgraph's refusal of a signature is told apart from its refusal of a bearer token. */
export const isSignatureRefusal = (reason: unknown): boolean => typeof reason === 'string' && reason.startsWith('SIGNATURE_');

/** The 401 body a subgraph answers a request it cannot trust with. */
export function signatureRefusalBody(problem: SignatureProblem): ReturnType<typeof graphQLErrorBody> {
  const { message, reason } = refusals[problem];
  return graphQLErrorBody('UNAUTHENTICATED', message, { reason });
}

function refuse(res: Response, log: Logger, req: Request, problem: SignatureProblem): void {
  log.warn({ problem, method: req.method, remote: req.socket.remoteAddress }, 'unsigned subgraph request refused');
  // A stranger's unread body is not worth draining: the connection ends with the answer.
  res.set('connection', 'close');
  res.status(401).json(signatureRefusalBody(problem));
}

/**
 * Express handlers that let through only requests the gateway signed, and parse their JSON body.
 * A missing, malformed or stale signature is refused from the headers alone, before the body is
 * read; the body's raw bytes are then checked against the signature before anything parses them,
 * so a stranger's document never reaches the JSON parser, let alone GraphQL.
 * Errors of reading the body (too large) go to the next error handler (bodyErrorHandler).
 */
export function gatewaySignatureGuard(options: { secret: string; skewSeconds: number; maxBodyBytes: number; log: Logger }): [RequestHandler, RequestHandler, RequestHandler] {
  const { secret, skewSeconds, log } = options;
  const checkHeaders: RequestHandler = (req, res, next) => {
    const checked = checkSignatureHeaders(req.headers, skewSeconds);
    if (!checked.ok) return refuse(res, log, req, checked.problem);
    res.locals.signature = checked;
    next();
  };
  // Any content type is read as bytes: the signature is over bytes, whatever they claim to be.
  const readBytes = express.raw({ type: () => true, limit: options.maxBodyBytes });
  const checkBodyThenParse = (req: Request, res: Response, next: NextFunction): void => {
    const { timestamp, signature } = res.locals.signature as { timestamp: string; signature: string };
    const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!signatureMatches(secret, { method: req.method, path: req.originalUrl, body: bytes }, timestamp, signature))
      return refuse(res, log, req, 'mismatch');
    if (bytes.length === 0) {
      // As express.json leaves it: Apollo then answers a body-less POST with 400 (a GET reads its URL).
      req.body = {};
      return next();
    }
    // JSON is UTF-8 (RFC 8259); another declared charset is refused as express.json refuses it.
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8')
      return next(Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported', status: 415 }));
    try {
      req.body = JSON.parse(bytes.toString('utf8'));
    } catch {
      // bodyErrorHandler answers this as it answers express.json's own parse failures.
      return next(Object.assign(new Error('invalid JSON'), { type: 'entity.parse.failed', status: 400 }));
    }
    next();
  };
  return [checkHeaders, readBytes, checkBodyThenParse];
}
