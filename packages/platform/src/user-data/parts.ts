import type { Collection, Db } from 'mongodb';
import { byIds } from '../mongo.ts';

/** Owned by the platform (like the event log): every subgraph writes its part, identity reads them. */
export const EXPORT_PARTS = 'platform_data_export_parts';

export interface ExportPartDocument {
  /** `<exportId>:<subgraph>`: read by id, never by a scan. */
  _id: string;
  exportId: string;
  userId: string;
  subgraph: string;
  /** JSON text: user content may hold keys MongoDB would refuse, and dates stay as exported. */
  json: string;
  createdAt: Date;
}

const partId = (exportId: string, subgraph: string) => `${exportId}:${subgraph}`;

/** The parts of data exports, each stored by the subgraph that gathered it. */
export class ExportParts {
  private readonly parts: Collection<ExportPartDocument>;

  constructor(db: Db) {
    this.parts = db.collection<ExportPartDocument>(EXPORT_PARTS);
  }

  async has(exportId: string, subgraph: string): Promise<boolean> {
    // findOne by _id alone: the embedded database looks one document up only for that filter.
    return (await this.parts.findOne({ _id: partId(exportId, subgraph) }, { projection: { _id: 1 } })) !== null;
  }

  async put(exportId: string, subgraph: string, userId: string, data: Record<string, unknown>): Promise<void> {
    const _id = partId(exportId, subgraph);
    await this.parts.replaceOne({ _id }, { exportId, userId, subgraph, json: JSON.stringify(data), createdAt: new Date() }, { upsert: true });
  }

  /** The parts of one export that are in, by subgraph. */
  async read(exportId: string, subgraphs: readonly string[]): Promise<Map<string, unknown>> {
    if (subgraphs.length === 0) return new Map();
    const found = await this.parts.find(byIds(subgraphs.map((s) => partId(exportId, s)))).toArray();
    return new Map(found.map((p) => [p.subgraph, JSON.parse(p.json) as unknown]));
  }

  async remove(exportId: string, subgraphs: readonly string[]): Promise<void> {
    if (subgraphs.length > 0) await this.parts.deleteMany(byIds(subgraphs.map((s) => partId(exportId, s))));
  }
}
