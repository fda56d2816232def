import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = join(root, 'tools/s3-server');
const binDir = join(root, '.data/bin');

export interface S3Server { endpoint: string; bucket: string; stop(): Promise<void> }

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(sourceDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the S3-compatible test server (gofakes3) once per source version. */
export function ensureS3Binary(): string {
  const binary = join(binDir, `s3-server-${sourceHash()}`);
  if (existsSync(binary)) return binary;
  mkdirSync(binDir, { recursive: true });
  const temporary = `${binary}.${process.pid}.tmp`;
  const build = spawnSync('go', ['build', '-o', temporary, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('Building tools/s3-server failed (it needs Go 1.24+); see the Go output above.');
  renameSync(temporary, binary);
  return binary;
}

/** An S3-compatible server (in memory) on a free loopback port, with `bucket` created. */
export async function startS3Server(bucket = 'media'): Promise<S3Server> {
  const child = spawn(ensureS3Binary(), ['-addr', '127.0.0.1:0', '-bucket', bucket], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const address = await new Promise<string>((found, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) found(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the S3 server exited with ${code}`)));
  });
  return {
    endpoint: `http://${address}`,
    bucket,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
