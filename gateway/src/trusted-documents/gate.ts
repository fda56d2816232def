import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { callerKind, isSha256Of, type Config } from '@lg/platform';
import type { TrustedDocuments } from './registry.ts';

/**
 * off: anything runs (development); allow: registered ids are resolved, any text runs too;
 * require: a caller that may not run arbitrary documents (a browser client) runs registered ones only.
 */
export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

export const trustedDocumentsMode = (config: Config): TrustedDocumentsMode => config.TRUSTED_DOCUMENTS ?? (config.production ? 'require' : 'off');

/** Whether a request's caller may run documents that no manifest registers. */
export type ArbitraryDocumentsPolicy = (request: IncomingMessage) => boolean;

/**
 * The default: integrators' API keys run operations of their own (their scopes bound what those
 * reach); people's browsers and the assistant run the registered ones. Judged from the header's
 * shape: the key itself is checked right after, and a bad one is UNAUTHENTICATED before anything runs.
 */
export const apiKeyCallers: ArbitraryDocumentsPolicy = (request) => callerKind(request.headers) === 'api-key';

/** What a GraphQL request carries over HTTP (a POST body) or a socket (a subscribe payload). */
export interface DocumentRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: Record<string, unknown> | null;
}

/** The refusals' `extensions.reason` (their code is BAD_USER_INPUT, HTTP 400). */
export const PERSISTED_DOCUMENT_NOT_FOUND = 'PERSISTED_DOCUMENT_NOT_FOUND';
export const DOCUMENT_NOT_TRUSTED = 'DOCUMENT_NOT_TRUSTED';

const refusal = (reason: string, message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason } });

function persistedQueryHash(extensions: DocumentRequest['extensions']): unknown {
  const persisted = extensions?.persistedQuery;
  return typeof persisted === 'object' && persisted !== null ? (persisted as { sha256Hash?: unknown }).sha256Hash : undefined;
}

/** The request with its registered text, and no id left for Apollo Server's APQ to look up again. */
function resolved<T extends DocumentRequest>(body: T, query: string): T {
  const { documentId: _id, extensions, ...rest } = body;
  const { persistedQuery: _hash, ...others } = extensions ?? {};
  return { ...rest, query, ...(extensions ? { extensions: others } : {}) } as T;
}

/**
 * Resolves a request's document id (top-level `documentId`, or an APQ `extensions.persistedQuery`
 * hash) to the registered text before anything parses it, and in `require` mode refuses what no
 * manifest registers.
 */
export class DocumentGate {
  constructor(
    readonly documents: TrustedDocuments,
    readonly mode: TrustedDocumentsMode,
    private readonly mayRunArbitraryDocuments: ArbitraryDocumentsPolicy = apiKeyCallers,
  ) {}

  /** Whether this request may run any document (not `require` mode, or a caller allowed to). */
  runsAnything(request: IncomingMessage): boolean {
    return this.mode !== 'require' || this.mayRunArbitraryDocuments(request);
  }

  /** The request to run (its id replaced by the registered text), or why it is refused. */
  admit<T extends DocumentRequest>(sent: T, request: IncomingMessage): T | GraphQLError {
    let body = sent;
    // A null documentId is no id (GraphQL over HTTP: absent and null are alike).
    if (body.documentId !== undefined && body.documentId !== null) {
      const text = this.documents.text(body.documentId);
      if (text === undefined) return refusal(PERSISTED_DOCUMENT_NOT_FOUND, 'No registered document has this documentId.');
      return resolved(body, text);
    }
    const hash = persistedQueryHash(body.extensions);
    if (hash !== undefined) {
      const text = this.documents.text(hash);
      if (text !== undefined) return resolved(body, text);
      // Otherwise Apollo Server's own APQ (development) answers it, unless only registered documents
      // may run. A client's text sent again after a miss is urql's print, not the one its manifest id
      // hashes: it runs as plain text (Apollo Server would refuse the hash as not the text's).
      if (typeof body.query === 'string' && !isSha256Of(body.query, hash)) body = resolved(body, body.query);
    }
    if (this.runsAnything(request)) return body;
    if (typeof body.query === 'string' && body.query !== '') {
      return this.documents.includes(body.query) ? body : refusal(DOCUMENT_NOT_TRUSTED, 'Only registered documents run here: send the documentId of a document in a registered manifest.');
    }
    // A request with no document at all is Apollo Server's to refuse.
    return hash === undefined ? body : refusal(PERSISTED_DOCUMENT_NOT_FOUND, 'No registered document has this hash.');
  }
}
