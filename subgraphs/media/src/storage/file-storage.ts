import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { checkKey, type ByteRange, type MediaStorage, type StoredObject } from './storage.ts';

/**
 * The embedded default: objects are files under a root directory (DATA_DIR/media/objects). Writes go
 * to a temporary name beside the target and are renamed into place, so a reader sees the old bytes
 * or the new ones, never half of them.
 */
export class FileStorage implements MediaStorage {
  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async putFile(key: string, source: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const draft = `${target}.${randomBytes(6).toString('hex')}.part`;
    await copyFile(source, draft);
    await rename(draft, target);
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    if (!(await this.stat(key))) return null;
    return createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.path(key));
      if (!s.isFile()) return null;
      const etag = createHash('sha256').update(`${key}:${s.size}:${s.mtimeMs}:${s.ino}`).digest('base64url').slice(0, 22);
      return { size: s.size, modifiedAt: s.mtime, etag };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    // Prefixes are whole path segments here (`<assetId>/`), so a directory holds exactly them.
    const trimmed = prefix.replace(/\/+$/, '');
    await rm(this.path(trimmed), { recursive: true, force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const trimmed = prefix.replace(/\/+$/, '');
    const base = this.path(trimmed);
    try {
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith('.part'))
        .map((e) => `${trimmed}/${relative(base, join(e.parentPath, e.name)).split(sep).join('/')}`)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
