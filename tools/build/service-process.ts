import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ENTRIES, OUT_DIR, ROOT } from './build.ts';

/** A service (`gateway` or a subgraph) in its own process, as `tools/dev/serve.ts` runs it. */
export interface ServiceProcess {
  name: string;
  /** Its /graphql URL, as it printed it once listening. */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** How a service is run: the compiled bundle with node (production), or the TypeScript with tsx. */
export type Runtime = 'compiled' | 'tsx';

const commandFor = (runtime: Runtime, root: string, entry: string): string[] =>
  runtime === 'compiled'
    ? [path.join(root, path.relative(ROOT, OUT_DIR), `${path.basename(entry, '.ts')}.js`)]
    : ['--import', 'tsx', path.join(root, entry)];

/**
 * Starts `name` and resolves once it prints the URL it listens on; refuses if it exits first.
 * `root` is the checkout to run (another one, to compare with an older version); `entry` the
 * script (tools/dev/serve.ts by default; compiled, its bundle in dist/).
 */
export function startServiceProcess(
  name: string, runtime: Runtime, env: Record<string, string>, where: { root?: string; entry?: string } = {},
): Promise<ServiceProcess> {
  const root = where.root ?? ROOT;
  const child = spawn(process.execPath, [...commandFor(runtime, root, where.entry ?? ENTRIES.serve), name], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A caller that crashes must not leave its services running.
  const orphaned = () => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => void process.off('exit', orphaned));
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => void (errors = (errors + chunk.toString()).slice(-4000)));
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const url = /\bon (http:\/\/\S+\/graphql)$/.exec(line)?.[1];
      if (url) resolve({ name, url, child, stop });
    });
    child.once('exit', (code) => reject(new Error(`${name} (${runtime}) exited with ${code} before listening: ${errors}`)));
  });
}
