// Hostile-traffic benchmark (not a test): a normal client's latency while 0, 16 and 50 hostile
// clients send the most expensive operations the gateway's limits allow, in one run, and the
// server process's peak RSS.
//   npx tsx tools/bench/hostile.ts            (PHASE_SECONDS=20, PHASES=0,16,50)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EXPENSIVE_OPERATIONS, percentile, runHostileLoad, sizeToLimit } from './hostile-load.ts';

const PHASE_SECONDS = Number(process.env.PHASE_SECONDS ?? 20);
const PHASES = (process.env.PHASES ?? '0,16,50').split(',').map(Number);
const USERS = Math.max(...PHASES, 1);

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./hostile-stack-process.ts', import.meta.url))], {
  env: { ...process.env, BENCH_USERS: String(USERS) },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextJson = async <T>(): Promise<T> => JSON.parse((await lines.next()).value as string) as T;
const memory = async () => {
  child.stdin!.write('mem\n');
  // The server's own log lines (errors it logs) share its stdout: skip to the answer.
  for (;;) {
    const line = (await lines.next()).value as string;
    if (line.startsWith('{"rss"')) return JSON.parse(line) as { rss: number; peakRss: number };
  }
};

console.log(`starting the supergraph with the demo data and ${USERS} hostile users…`);
const setup = await nextJson<{ url: string; courseId: string; tokens: string[]; normalTokens: string[] }>();
const operations: { query: string; variables: Record<string, unknown> }[] = [];
for (const query of EXPENSIVE_OPERATIONS) {
  const n = await sizeToLimit(setup.url, query, { id: setup.courseId }, setup.tokens[0]!);
  console.log(`  ${query.slice(6, query.indexOf('(')).padEnd(8)} ${n === undefined ? 'refused at any size' : query.includes('$n') ? `accepted up to n = ${n}` : 'accepted'}`);
  if (n !== undefined) operations.push({ query, variables: { id: setup.courseId, n } });
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(`\nRSS after start-up: ${mb((await memory()).rss)}`);
console.log(`${setup.normalTokens.length} ordinary students (categories, a course page, a second's thought, again), for ${PHASE_SECONDS} s a phase`);
console.log('hostile clients | normal p50 | normal p99 | normal answered | failed | hostile requests (status×count)');
for (const clients of PHASES) {
  const run = await runHostileLoad({
    url: setup.url, clients, seconds: PHASE_SECONDS, hostileTokens: setup.tokens, normalTokens: setup.normalTokens,
    courseId: setup.courseId, operations: operations.length ? operations : [{ query: '{ __typename }', variables: {} }],
  });
  const all = [...run.normal.categories, ...run.normal.coursePage];
  const statuses = Object.entries(run.hostileStatuses).map(([s, n]) => `${s}×${n}`).join(' ') || '–';
  const failures = Object.entries(run.normalFailures.reduce<Record<string, number>>((m, f) => ({ ...m, [`${f.status} ${f.code ?? ''}`.trim()]: (m[`${f.status} ${f.code ?? ''}`.trim()] ?? 0) + 1 }), {}));
  console.log(`${String(clients).padStart(15)} | ${percentile(all, 50).toFixed(0).padStart(7)} ms | ${percentile(all, 99).toFixed(0).padStart(7)} ms | ${String(all.length).padStart(15)} | ${String(run.normalFailures.length).padStart(6)} | ${statuses}${failures.length ? `  (ordinary failures: ${failures.map(([k, n]) => `${k}×${n}`).join(', ')})` : ''}`);
}
console.log(`\nserver peak RSS: ${mb((await memory()).peakRss)}`);
child.stdin!.write('stop\n');
await new Promise((r) => child.once('exit', r));
