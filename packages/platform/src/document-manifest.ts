import { createHash } from 'node:crypto';

/** Registered documents by the hex SHA-256 of their text. */
export type DocumentManifest = Map<string, string>;

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const HEX = /^[0-9a-f]{64}$/;

/** Whether an id (`sha256:<hex>` or `<hex>`) is the SHA-256 of exactly this text. */
export const isSha256Of = (text: string, id: unknown): boolean => hashOfId(id) === sha256Hex(text);

/**
 * The hex hash an id names: `sha256:<hex>` (the GraphQL-over-HTTP persisted-document id the client
 * preset writes) or a bare `<hex>` (an APQ `sha256Hash`); undefined for anything else.
 */
export function hashOfId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return HEX.test(hex) ? hex : undefined;
}

/**
 * A manifest as the client preset writes it (persisted-documents.json: id → text). Every id must be
 * its text's SHA-256, or the whole manifest is refused: an id that lies would run another document.
 * Shared by the gateway (its built-in manifests) and identity (integrators' own).
 */
export function parseManifest(name: string, json: unknown): DocumentManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`Document manifest ${name}: expected an object of document id → document text.`);
  const documents: DocumentManifest = new Map();
  for (const [id, text] of Object.entries(json)) {
    const hash = hashOfId(id);
    if (!hash) throw new Error(`Document manifest ${name}: "${id.slice(0, 80)}" is not a sha256 document id.`);
    if (typeof text !== 'string') throw new Error(`Document manifest ${name}: the document ${id.slice(0, 80)} is not a string.`);
    if (!isSha256Of(text, hash)) throw new Error(`Document manifest ${name}: ${id.slice(0, 80)} is not the SHA-256 of its document.`);
    documents.set(hash, text);
  }
  return documents;
}
