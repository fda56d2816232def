import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark's server side in its own process (so that its memory is measured alone), spoken to
 * in lines: it prints JSON lines and answers commands written to its stdin.
 */
export interface ServerProcess {
  child: ChildProcess;
  /** The next line that is JSON and passes `accept` (the server's own log lines share stdout). */
  nextJson<T>(accept?: (line: string) => boolean): Promise<T>;
  send(command: string): void;
}

export function startServerProcess(script: string, options: { env: Record<string, string>; nodeFlags?: string[]; args?: string[] }): ServerProcess {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    async nextJson<T>(accept: (line: string) => boolean = () => true) {
      for (;;) {
        const line = (await lines.next()).value as string;
        if (line.startsWith('{') && accept(line)) return JSON.parse(line) as T;
      }
    },
    send: (command) => void child.stdin!.write(`${command}\n`),
  };
}
