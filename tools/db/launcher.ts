import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = join(root, 'tools/embedded-db');
const binDir = join(root, '.data/bin');

export interface EmbeddedDb { uri: string; dataDir: string; stop(): Promise<void> }

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(sourceDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the embedded database once per source version; later calls reuse the binary. */
export function ensureBinary(): string {
  const binary = join(binDir, `embedded-db-${sourceHash()}`);
  if (existsSync(binary)) return binary;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('Neither Go nor MONGODB_URI is available: install Go 1.22+ (for the embedded database) or set MONGODB_URI to a MongoDB server.');
  }
  mkdirSync(binDir, { recursive: true });
  const temporary = `${binary}.${process.pid}.tmp`;
  process.stderr.write('Building the embedded database (FerretDB on SQLite) once; this takes about a minute…\n');
  const build = spawnSync('go', ['build', '-o', temporary, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('Building tools/embedded-db failed; see the Go output above.');
  // A rename is atomic, so parallel first runs never start a half-written binary.
  renameSync(temporary, binary);
  return binary;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHello(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The embedded database exited with code ${child.exitCode} before it answered.`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ hello: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`The embedded database did not answer hello within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function startEmbeddedDb(options: { dataDir: string; port?: number }): Promise<EmbeddedDb> {
  const binary = ensureBinary();
  const port = options.port ?? (await freePort());
  const dataDir = resolve(options.dataDir);
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-exit-with-parent'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHello(uri, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri, dataDir, stop };
}
