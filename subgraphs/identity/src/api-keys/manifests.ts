import {
  badInput, conflict, flushOutbox, isDuplicateKey, parseManifest, sha256Hex, type AuditMeta, type EventLog, type Viewer,
} from '@lg/platform';
import { documentManifestRegistered } from '../events.ts';
import type { IdentityRepository } from '../repository.ts';
import { manifestRecordId, manifestRef, manifestViewOf, type DocumentManifestRecord, type DocumentManifestView } from './manifest-models.ts';
import type { DocumentManifestRepository } from './manifest-repository.ts';
import { checkedFirst } from './page.ts';

export const MAX_MANIFESTS_PAGE = 50;
export const MAX_MANIFESTS = 100;
export const MAX_MANIFEST_DOCUMENTS = 200;
/** Characters of text in all: a manifest is read whole by gateways, and kept by each in memory. */
export const MAX_MANIFEST_TEXT = 256 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$/;
/** name@version, as a key is pinned to a manifest. */
const REF = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})@([A-Za-z0-9][A-Za-z0-9._+-]{0,31})$/;

export interface NewManifestInput { name: string; version: string; documents: readonly { id: string; text: string }[] }

/**
 * Integrators' own trusted documents: a user registers a manifest once per name and version, and
 * pins keys to it (ApiKeyService). Immutable, so that gateways may keep a manifest for ever once
 * read, and a key pinned to name@version runs exactly what was registered under it.
 */
export class DocumentManifestService {
  constructor(
    private readonly repository: DocumentManifestRepository,
    private readonly identityRepository: IdentityRepository,
    private readonly events: EventLog,
  ) {}

  async list(viewer: Viewer, first: number): Promise<DocumentManifestView[]> {
    return (await this.repository.ofUser(viewer.id, checkedFirst(first, MAX_MANIFESTS_PAGE))).map(manifestViewOf);
  }

  async register(viewer: Viewer, input: NewManifestInput, audit: AuditMeta): Promise<DocumentManifestView> {
    if (!NAME.test(input.name)) throw badInput("The name must be 1 to 64 letters, digits, '.', '_' or '-'.", 'name');
    if (!VERSION.test(input.version)) throw badInput("The version must be 1 to 32 letters, digits, '.', '_', '+' or '-'.", 'version');
    const documents = checkedDocuments(input.documents);
    const ref = manifestRef(input.name, input.version);
    const digest = sha256Hex([...documents.keys()].sort().join('\n'));
    const id = manifestRecordId(viewer.id, ref);
    const existing = await this.repository.find(id);
    if (existing) return sameOrConflict(existing, digest);
    if ((await this.repository.count(viewer.id)) >= MAX_MANIFESTS) throw conflict(`You have ${MAX_MANIFESTS} manifests already.`);
    const record: DocumentManifestRecord = {
      _id: id, userId: viewer.id, name: input.name, version: input.version, digest, createdAt: new Date(),
      documents: [...documents].map(([hash, text]) => ({ hash, text })), documentCount: documents.size,
    };
    // Recorded first, like every identity change: a manifest that exists always has its audited event.
    await this.identityRepository.recordEvents(viewer.id, [documentManifestRegistered(viewer.id, { manifest: ref, documents: documents.size, audit })]);
    try {
      await this.repository.insert(record);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const raced = await this.repository.find(id);
      if (raced) return sameOrConflict(raced, digest);
      throw error;
    }
    await flushOutbox(this.identityRepository.users, viewer.id, this.events);
    return manifestViewOf(record);
  }

  /** The manifest `ref` (name@version) of this user, checked to exist; BAD_USER_INPUT or NOT_FOUND otherwise. */
  async ownRef(userId: string, ref: string): Promise<string> {
    if (!REF.test(ref)) throw badInput('manifest must be name@version.', 'manifest');
    if (!(await this.repository.exists(manifestRecordId(userId, ref)))) throw badInput(`You have no manifest ${ref}.`, 'manifest');
    return ref;
  }

  /** A manifest's documents (hex hash → text), for a gateway; undefined when there is no such manifest. */
  async documentsOf(userId: string, ref: string): Promise<Record<string, string> | undefined> {
    if (!REF.test(ref)) return undefined;
    const record = await this.repository.find(manifestRecordId(userId, ref));
    return record ? Object.fromEntries(record.documents.map((d) => [d.hash, d.text])) : undefined;
  }
}

function sameOrConflict(existing: DocumentManifestRecord, digest: string): DocumentManifestView {
  if (existing.digest !== digest) throw conflict(`${manifestRef(existing.name, existing.version)} is registered with other documents already; register a new version.`);
  return manifestViewOf(existing);
}

/** The documents by hash, each id checked against its text as the gateway checks its own manifests. */
function checkedDocuments(given: readonly { id: string; text: string }[]): Map<string, string> {
  if (given.length < 1 || given.length > MAX_MANIFEST_DOCUMENTS) throw badInput(`A manifest holds 1 to ${MAX_MANIFEST_DOCUMENTS} documents.`, 'documents');
  if (given.reduce((sum, d) => sum + d.text.length, 0) > MAX_MANIFEST_TEXT) throw badInput(`A manifest holds at most ${MAX_MANIFEST_TEXT} characters of text.`, 'documents');
  // No prototype: an id such as "__proto__" is one more key (which parseManifest refuses), never a setter.
  const json = Object.create(null) as Record<string, string>;
  for (const { id, text } of given) {
    if (Object.hasOwn(json, id) && json[id] !== text) throw badInput(`The document id ${id.slice(0, 80)} is given twice with different texts.`, 'documents');
    json[id] = text;
  }
  try {
    return parseManifest('', json);
  } catch (error) {
    throw badInput((error as Error).message.replace(/^Document manifest : /, ''), 'documents');
  }
}
