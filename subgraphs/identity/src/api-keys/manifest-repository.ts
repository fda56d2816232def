import { MongoRepository, type CollectionIndexes } from '@lg/platform';
import type { DocumentManifestRecord } from './manifest-models.ts';

export const DOCUMENT_MANIFESTS = 'identity_document_manifests';

export const documentManifestIndexes: CollectionIndexes[] = [
  { collection: DOCUMENT_MANIFESTS, indexes: [{ key: { userId: 1, createdAt: -1 }, name: 'by-user' }] },
];

/** Integrators' manifests, each read by its id (`<userId>/<name>@<version>`) or listed by its owner; never updated. */
export class DocumentManifestRepository extends MongoRepository {
  readonly manifests = this.db.collection<DocumentManifestRecord>(DOCUMENT_MANIFESTS);

  /** Throws a duplicate-key error when the id is taken (a registration racing another). */
  async insert(record: DocumentManifestRecord): Promise<void> {
    await this.manifests.insertOne(record);
  }

  find(id: string): Promise<DocumentManifestRecord | null> {
    return this.manifests.findOne({ _id: id });
  }

  /** Whether the manifest exists, without reading its documents. */
  async exists(id: string): Promise<boolean> {
    return (await this.manifests.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  /** Without their documents: a list shows names and counts, and a manifest may hold 256 KB. */
  ofUser(userId: string, limit: number): Promise<Omit<DocumentManifestRecord, 'documents'>[]> {
    return this.manifests.find({ userId }, { projection: { documents: 0 } }).sort({ createdAt: -1 }).limit(limit).toArray();
  }

  count(userId: string): Promise<number> {
    return this.manifests.countDocuments({ userId });
  }
}
