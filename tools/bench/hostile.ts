// Hostile-traffic benchmark (not a test): a normal client's latency while 0, 16 and 50 hostile
// clients send the most expensive operations the gateway's limits allow, in one run, and the
// server process's peak RSS.
//   npx tsx tools/bench/hostile.ts            (PHASE_SECONDS=20, PHASES=0,16,50)
import { EXPENSIVE_OPERATIONS, percentile, runHostileLoad, sizeToLimit } from './hostile-load.ts';
import { startServerProcess } from './server-process.ts';

const PHASE_SECONDS = Number(process.env.PHASE_SECONDS ?? 20);
const PHASES = (process.env.PHASES ?? '0,16,50').split(',').map(Number);
const USERS = Math.max(...PHASES, 1);

const server = startServerProcess('./hostile-stack-process.ts', { env: { BENCH_USERS: String(USERS) } });
const nextJson = <T>() => server.nextJson<T>();
const memory = async () => {
  server.send('mem');
  return server.nextJson<{ rss: number; peakRss: number }>((line) => line.startsWith('{"rss"'));
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
server.send('stop');
await new Promise((r) => server.child.once('exit', r));
