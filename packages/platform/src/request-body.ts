import type { NextFunction, Request, Response } from 'express';

function refuse(res: Response, status: number, message: string, reason?: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', ...(reason ? { reason } : {}) } }] });
}

/**
 * A POST whose body is not JSON is answered 415 before anything reads it. Without this, Apollo
 * answers a form or XML body with a 400 "POST body missing" that hides what was wrong.
 * A POST without a body passes: Apollo's own 400 ("POST body missing") says it well.
 */
export function requireJsonContent(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.is('application/json') !== false) return next();
  refuse(res, 415, 'Send GraphQL requests as application/json.', 'UNSUPPORTED_MEDIA_TYPE');
}

/**
 * express.json's errors as GraphQL-shaped answers with our codes. Each of them is the client's
 * doing (body-parser gives them a 4xx status); without this Express answers them with an HTML page.
 */
export function bodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown };
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return next(error);
  switch (e.type) {
    case 'entity.too.large':
      return refuse(res, 413, `The request body is larger than ${String(e.limit)} bytes.`, 'PAYLOAD_TOO_LARGE');
    case 'entity.parse.failed':
      return refuse(res, 400, 'The request body is not valid JSON, or not a JSON object.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return refuse(res, 415, 'The request body must be JSON in UTF-8, uncompressed or gzip, deflate or br.', 'UNSUPPORTED_MEDIA_TYPE');
    default:
      // Aborted, wrong length, not inflating: the body never arrived as sent.
      return refuse(res, e.status, 'The request body could not be read.');
  }
}
