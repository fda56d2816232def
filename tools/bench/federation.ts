// Federation gateway benchmark (not a test): a local copy of The Guild's gateway-benchmark
// workload (four small subgraphs, accounts, inventory, products and reviews, serving static data,
// and its deeply nested query), 50 connections, through (a) our gateway, (b) stock Apollo Server
// with @apollo/gateway and its defaults, (c) Hive Gateway. Each gateway in its own process; no
// response caching anywhere. Prints RPS, p95, RSS and CPU per gateway and our ratio to (b).
//   npx tsx tools/bench/federation.ts            (FED_SECONDS=20 FED_CONNECTIONS=50 GATEWAYS=ours,apollo,hive)
// FED_CPU_PROF=<dir> writes V8 CPU profiles of each Node gateway process (ours, apollo) into <dir>/<gateway>/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postLoad, type LoadResult } from './http-load.ts';
import { processUsage } from './process-usage.ts';
import { startServerProcess } from './server-process.ts';
import { composeSupergraph, NESTED_QUERY } from './federation/subgraphs.ts';

const SECONDS = Number(process.env.FED_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.FED_CONNECTIONS ?? 50);
const GATEWAYS = (process.env.GATEWAYS ?? 'ours,apollo,hive').split(',');
const CPU_PROF = process.env.FED_CPU_PROF;
// Ours limits what one caller may spend, and the nested query is costly by our estimate (no list
// sizes declared): raised so that the bench measures the gateway, not its limits, and printed.
// The expensive-operation lane exists for the embedded database; these subgraphs have none.
// The response cache is off (it also needs the event log, which this gateway is not given): every
// request is planned and fetched from the subgraphs.
const OUR_LIMITS = {
  RATE_LIMIT_PER_MINUTE: '100000000', MAX_OPERATION_COST: '1000000000000', COST_BUDGET_PER_MINUTE: '9000000000000000',
  EXPENSIVE_OPERATIONS_AT_ONCE: '0', CACHES: 'off',
};
const BODY = JSON.stringify({ query: NESTED_QUERY, operationName: 'TestQuery' });
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)`;

interface Gateway { child: ChildProcess; url: string }

// Whatever happens here, no gateway or subgraph process outlives the bench.
const children = new Set<ChildProcess>();
process.on('exit', () => { for (const child of children) child.kill('SIGTERM'); });

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

const answer = async (url: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  return { status: res.status, text: await res.text() };
};

async function startGatewayProcess(which: string, supergraphFile: string): Promise<Gateway | string> {
  if (which === 'hive') {
    const port = await freePort();
    const bin = fileURLToPath(new URL('../node_modules/.bin/hive-gateway', import.meta.url));
    // Its own empty directory, so that it finds no configuration file of ours.
    const child = spawn(bin, ['supergraph', supergraphFile, '--host', '127.0.0.1', '--port', String(port)], {
      cwd: mkdtempSync(join(tmpdir(), 'bench-hive-')), stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const url = `http://127.0.0.1:${port}/graphql`;
    for (let i = 0; i < 120; i += 1) {
      if (child.exitCode !== null) return `Hive Gateway exited (${child.exitCode}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`;
      if ((await answer(url).catch(() => undefined))?.status === 200) return { child, url };
      await new Promise((r) => setTimeout(r, 500));
    }
    child.kill();
    return `Hive Gateway did not answer within 60 s: ${stderr.trim().split('\n').slice(-3).join(' / ')}`;
  }
  const nodeFlags = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(CPU_PROF, which)] : [];
  const server = startServerProcess('./federation/gateway-process.ts', { env: which === 'ours' ? OUR_LIMITS : {}, args: [which, supergraphFile], nodeFlags });
  children.add(server.child);
  return { child: server.child, url: (await server.nextJson<{ url: string }>()).url };
}

const names: Record<string, string> = { ours: '(a) our gateway', apollo: '(b) Apollo Server + @apollo/gateway', hive: '(c) Hive Gateway' };
console.log(`federation workload: 4 subgraphs, the nested query, ${CONNECTIONS} connections, ${SECONDS} s per gateway`);
console.log(`our gateway runs in production mode with RATE_LIMIT_PER_MINUTE, MAX_OPERATION_COST and COST_BUDGET_PER_MINUTE raised, no expensive-operation lane and no response cache (${Object.entries(OUR_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')})`);
console.log(`machine: ${load()}`);

const subgraphsProcess = startServerProcess('./federation/subgraphs-process.ts', { env: {} });
children.add(subgraphsProcess.child);
const { urls } = await subgraphsProcess.nextJson<{ urls: Record<string, string> }>();
const supergraphFile = join(mkdtempSync(join(tmpdir(), 'bench-federation-')), 'supergraph.graphql');
writeFileSync(supergraphFile, composeSupergraph(urls));

interface Row { name: string; result?: LoadResult; rss?: number; peakRss?: number; cpuSeconds?: number; subgraphCpuSeconds?: number; skipped?: string }
const rows: Row[] = [];
let expected: unknown;
for (const which of GATEWAYS) {
  const gateway = await startGatewayProcess(which, supergraphFile);
  if (typeof gateway === 'string') {
    rows.push({ name: names[which] ?? which, skipped: gateway });
    console.log(`${names[which]}: skipped: ${gateway}`);
    continue;
  }
  // Every gateway must return the same data before its speed means anything.
  subgraphsProcess.send('count');
  await subgraphsProcess.nextJson<unknown>((line) => line.includes('"received"'));
  const first = await answer(gateway.url);
  subgraphsProcess.send('count');
  const { received } = await subgraphsProcess.nextJson<{ received: { requests: number; representations: number } }>((line) => line.includes('"received"'));
  console.log(`${names[which]}: one query sent ${received.requests} subgraph requests with ${received.representations} entity representations`);
  const data = (JSON.parse(first.text) as { data?: unknown; errors?: unknown }).data;
  if (first.status !== 200 || first.text.includes('"errors"')) throw new Error(`${names[which]} answered ${first.status}: ${first.text.slice(0, 500)}`);
  expected ??= data;
  if (JSON.stringify(data) !== JSON.stringify(expected)) throw new Error(`${names[which]} returned different data`);
  // Warm-up: plans cached, JIT compiled.
  await postLoad({ url: gateway.url, connections: CONNECTIONS, seconds: 3, body: BODY });
  const before = processUsage(gateway.child.pid!);
  const subgraphsBefore = processUsage(subgraphsProcess.child.pid!);
  const result = await postLoad({ url: gateway.url, connections: CONNECTIONS, seconds: SECONDS, body: BODY });
  const after = processUsage(gateway.child.pid!);
  const subgraphsAfter = processUsage(subgraphsProcess.child.pid!);
  rows.push({
    name: names[which] ?? which, result, rss: after.rss, peakRss: after.peakRss, cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    subgraphCpuSeconds: subgraphsAfter.cpuSeconds - subgraphsBefore.cpuSeconds,
  });
  console.log(`${names[which]}: ${result.rps.toFixed(0)} RPS, p95 ${result.p95.toFixed(0)} ms`);
  gateway.child.kill('SIGTERM');
  await new Promise((r) => (gateway.child.exitCode !== null ? r(undefined) : gateway.child.once('exit', r)));
}
subgraphsProcess.child.kill('SIGTERM');

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const stock = rows.find((r) => r.name === names.apollo)?.result?.rps;
console.log(`\nresults (${load()}; gateways, subgraphs and load generator on the same machine)`);
console.log(`${'gateway'.padEnd(38)} |   RPS | p95 ms | p99 ms | timeouts/non-2xx/GraphQL errors | RSS after / peak | req per gateway CPU-s | subgraph CPU ms per req | vs (b)`);
for (const row of rows) {
  if (!row.result) {
    console.log(`${row.name.padEnd(38)} | skipped: ${row.skipped}`);
    continue;
  }
  const r = row.result;
  const failures = `${r.errors}/${r.non2xx}/${r.graphqlErrors}`;
  const ratio = stock ? `${(r.rps / stock).toFixed(2)}×` : '';
  console.log(`${row.name.padEnd(38)} | ${r.rps.toFixed(0).padStart(5)} | ${r.p95.toFixed(0).padStart(6)} | ${r.p99.toFixed(0).padStart(6)} | ${failures.padStart(31)} | ${`${mb(row.rss!)} / ${mb(row.peakRss!)}`.padStart(16)} | ${(r.answered / row.cpuSeconds!).toFixed(0).padStart(21)} | ${((row.subgraphCpuSeconds! * 1000) / r.answered).toFixed(1).padStart(23)} | ${ratio}`);
}
process.exit(0);
