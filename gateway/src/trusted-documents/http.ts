import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { PERSISTED_DOCUMENT_NOT_FOUND, type DocumentGate } from './gate.ts';

const refuse = (res: Response, error: GraphQLError, status = 400) => res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code, reason: error.extensions.reason } }] });

/** The gate that judges a request (an API key pinned to a manifest has its own). */
export type GateOf = (req: Request) => DocumentGate | Promise<DocumentGate>;

/**
 * After the body is read, before Apollo Server parses it: a POST's document id becomes the registered
 * text. A GET (Apollo Server runs queries sent so) is held to the same rule through its `query`
 * parameter; ids come by POST only (an APQ hash on a GET would be read from Apollo Server's own cache).
 */
export function trustedDocuments(gateOf: GateOf) {
  return async (req: Request, res: Response, next: NextFunction) => {
    let gate: DocumentGate;
    try {
      gate = await gateOf(req);
    } catch (error) {
      if (error instanceof GraphQLError) return refuse(res, error, 503);
      return next(error);
    }
    if (req.method === 'POST' && typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) {
      const admitted = gate.admit(req.body as Record<string, unknown>, req);
      if (admitted instanceof GraphQLError) return refuse(res, admitted);
      req.body = admitted;
      return next();
    }
    if (req.method !== 'GET' || gate.runsAnything(req)) return next();
    const params = new URL(req.originalUrl, 'http://gateway').searchParams;
    if (params.has('documentId') || params.has('extensions')) {
      return refuse(res, new GraphQLError('Send a documentId by POST.', { extensions: { code: 'BAD_USER_INPUT', reason: PERSISTED_DOCUMENT_NOT_FOUND } }));
    }
    if (!params.has('query')) return next();
    const admitted = gate.admit({ query: params.get('query') }, req);
    if (admitted instanceof GraphQLError) return refuse(res, admitted);
    next();
  };
}
