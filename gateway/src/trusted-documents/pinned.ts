import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ParseOptions } from 'graphql';
import { LRUCache } from 'lru-cache';
import { callerKind, parseManifest } from '@lg/platform';
import { postToIdentity, type IdentityRoute } from '../identity-route.ts';
import { requestToken, type Credentials } from '../request-token.ts';
import { DocumentGate } from './gate.ts';
import { TrustedDocuments } from './registry.ts';

/** identity's route (subgraphs/identity/src/api-keys/routes.ts). */
const MANIFEST_PATH = '/internal/document-manifest';

const unavailable = () => new GraphQLError("The API key's document manifest cannot be read right now; try again shortly.", {
  extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'DOCUMENT_MANIFEST_UNAVAILABLE' },
});

/**
 * The gates of the integrators' manifests keys are pinned to: each read from identity on first use
 * and kept for good (a registered manifest never changes; at most `maxChars` characters of
 * documents are kept, 16 M by default, the least used manifest going first). A pinned key's gate runs that manifest's documents only, whatever the gateway's
 * TRUSTED_DOCUMENTS mode: the pin is its owner's choice, which a leaked key must not escape.
 */
export class PinnedManifests {
  private readonly gates: LRUCache<string, DocumentGate>;
  private readonly pending = new Map<string, Promise<DocumentGate>>();

  constructor(private readonly options: IdentityRoute & { parseOptions?: ParseOptions; maxChars?: number }) {
    this.gates = new LRUCache({ maxSize: options.maxChars ?? 16_000_000 });
  }

  /** The gate of the user's manifest `ref` (name@version); rejects with a GraphQLError when identity cannot say. */
  gate(userId: string, ref: string): Promise<DocumentGate> {
    const id = `${userId}/${ref}`;
    const kept = this.gates.get(id);
    if (kept) return Promise.resolve(kept);
    let loading = this.pending.get(id);
    if (!loading) {
      loading = this.load(userId, ref).finally(() => this.pending.delete(id));
      this.pending.set(id, loading);
    }
    return loading;
  }

  private async load(userId: string, ref: string): Promise<DocumentGate> {
    const res = await postToIdentity(this.options, MANIFEST_PATH, { userId, manifest: ref }).catch(() => {
      throw unavailable();
    });
    const documents = new TrustedDocuments(this.options.parseOptions);
    // Gone (its owner erased, the key with them): nothing runs, and nothing is kept.
    if (res.status === 404) return new DocumentGate(documents, 'require', () => false);
    const answer = (await res.json().catch(() => ({}))) as { documents?: unknown };
    if (!res.ok) throw unavailable();
    let size = 1;
    try {
      const manifest = parseManifest(ref, answer.documents);
      for (const text of manifest.values()) size += text.length;
      documents.register(ref, manifest);
    } catch {
      throw unavailable();
    }
    const gate = new DocumentGate(documents, 'require', () => false);
    this.gates.set(`${userId}/${ref}`, gate, { size });
    return gate;
  }
}

/**
 * The gate a request is judged by: its API key's pinned manifest's, or the gateway's own. Only a
 * key's requests wait for their token here (the rate limiter verified it already, and it is
 * verified once per request); a token that fails verification meets the gateway's gate, and is
 * refused UNAUTHENTICATED right after by the context.
 */
export function gateOfCaller(own: DocumentGate, pinned: PinnedManifests, credentials: Credentials) {
  return async (request: IncomingMessage & { ip?: string | undefined }): Promise<DocumentGate> => {
    if (callerKind(request.headers) !== 'api-key') return own;
    const verified = await requestToken(request, credentials).then((t) => t.verified, () => null);
    const ref = verified?.viewer.apiKey?.manifest;
    return verified && ref ? pinned.gate(verified.viewer.id, ref) : own;
  };
}
