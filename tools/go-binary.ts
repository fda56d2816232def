import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.data/bin');

/** Builds the small Go tool in tools/<name> once per source version; later calls reuse the binary. */
export function ensureGoBinary(name: string): string {
  const sourceDir = join(root, 'tools', name);
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(sourceDir, file)));
  const binary = join(binDir, `${name}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(binDir, { recursive: true });
  const temporary = `${binary}.${process.pid}.tmp`;
  const build = spawnSync('go', ['build', '-o', temporary, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error(`Building tools/${name} failed (it needs Go 1.23+); see the Go output above.`);
  // A rename is atomic, so parallel first runs never start a half-written binary.
  renameSync(temporary, binary);
  return binary;
}

export interface GoServer { address: string; stop(): Promise<void> }

/** Starts tools/<name> (built when missing), which prints `listening <host:port>` once it listens. */
export async function startGoServer(name: string, args: string[]): Promise<GoServer> {
  const child = spawn(ensureGoBinary(name), args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const address = await new Promise<string>((found, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) found(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`tools/${name} exited with ${code}`)));
  });
  return {
    address,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
