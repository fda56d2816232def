import type { ParseOptions } from 'graphql';
import { LRUCache } from 'lru-cache';
import { hashOfId, type DocumentManifest } from '@lg/platform';
import { documentHash } from './manifest.ts';

/** The registered manifests' documents: by id, and whether a text is one of them. */
export class TrustedDocuments {
  private readonly byHash = new Map<string, string>();
  private readonly manifests: string[] = [];
  /**
   * Texts already judged: normalising a document costs 0.4–2 ms (parse and sorted print), and the
   * same few texts (subscriptions, the assistant's tools) come again and again.
   */
  private readonly judged = new LRUCache<string, boolean>({ max: 2000, maxSize: 4_000_000, sizeCalculation: (_, text) => Math.max(1, text.length) });

  constructor(private readonly parseOptions?: ParseOptions) {}

  register(name: string, manifest: DocumentManifest): void {
    for (const [hash, text] of manifest) {
      this.byHash.set(hash, text);
      // Registered under its normalised hash too, so that the same document sent as text matches.
      const normalised = documentHash(text);
      if (normalised && normalised !== hash) this.byHash.set(normalised, text);
    }
    this.manifests.push(name);
    this.judged.clear();
  }

  /** The document an id (`sha256:<hex>` or `<hex>`) names, if a registered manifest holds it. */
  text(id: unknown): string | undefined {
    const hash = hashOfId(id);
    return hash === undefined ? undefined : this.byHash.get(hash);
  }

  /** Whether a document sent as text is (up to spacing and order) one that a manifest registers. */
  includes(text: string): boolean {
    let known = this.judged.get(text);
    if (known === undefined) {
      const hash = documentHash(text, this.parseOptions);
      known = hash !== undefined && this.byHash.has(hash);
      this.judged.set(text, known);
    }
    return known;
  }

  /** The names of the registered manifests, in order of registration. */
  names(): readonly string[] {
    return this.manifests;
  }
}
