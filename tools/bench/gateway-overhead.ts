// Gateway overhead benchmark (not a test): requests per second, latency and the CPU spent per
// request for trivial queries through a gateway and the catalog subgraph: each its own process as
// deploy/ runs them, compiled (node dist/serve.js) against TypeScript run by tsx; and the whole
// supergraph in one process, its gateway calling subgraphs in process against loopback HTTP.
// Also what one token verification and one loopback HTTP round trip cost.
//   npx tsx tools/bench/gateway-overhead.ts        (CONNECTIONS=20 DURATION_SECONDS=4 ROUNDS=3)
//   BEFORE_ROOT=/path/to/older/checkout …          also runs that checkout's services with tsx
// The rate limit and the cost budget are raised for the run (RATE_LIMIT_PER_MINUTE and
// COST_BUDGET_PER_MINUTE at 10^9): the benchmark measures the work per request, not the limits.
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import { createTokenVerifier, generateKeyPem, generateSubgraphSecret } from '@lg/platform';
import { startEmbeddedDb } from '../db/launcher.ts';
import { buildServices } from '../build/build.ts';
import { startServiceProcess, type Runtime, type ServiceProcess } from '../build/service-process.ts';

const CONNECTIONS = (process.env.CONNECTIONS ?? '20').split(',').map(Number);
const SECONDS = Number(process.env.DURATION_SECONDS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ISSUER = 'learning-graph';

const keys = await generateKeyPem();
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const unsigned = `${b64({ alg: 'EdDSA', typ: 'JWT' })}.${b64({ sub: 'bench-user', roles: ['STUDENT'], iss: ISSUER, aud: ISSUER, iat: now, exp: now + 3600 })}`;
const token = `${unsigned}.${sign(null, Buffer.from(unsigned), createPrivateKey(keys.privateKeyPem)).toString('base64url')}`;

// One verification alone, in this process: what the gateway saves per signed-in request.
const verifier = await createTokenVerifier(keys.publicKeyPem, ISSUER, ISSUER);
for (let i = 0; i < 500; i += 1) await verifier.verifySession(token);
const VERIFICATIONS = 5000;
let t0 = process.hrtime.bigint();
for (let i = 0; i < VERIFICATIONS; i += 1) await verifier.verifySession(token);
const verifyMicros = Number(process.hrtime.bigint() - t0) / 1000 / VERIFICATIONS;

// One loopback HTTP round trip of a subgraph-sized request and answer (Node's fetch, keep-alive,
// to a node:http server), against calling the same handler directly: about what calling
// subgraphs in process, without HTTP, saves per subgraph fetch.
const answer = { data: { categories: ['Data', 'Design', 'Programming'] } };
const handle = (body: string): string => {
  JSON.parse(body);
  return JSON.stringify(answer);
};
const hopServer = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(handle(body)));
});
await new Promise<void>((resolve) => hopServer.listen(0, '127.0.0.1', resolve));
const hopUrl = `http://127.0.0.1:${(hopServer.address() as AddressInfo).port}/graphql`;
const hopBody = JSON.stringify({ query: 'query Catalog__0 { categories }', variables: {} });
const roundTrip = () => fetch(hopUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: hopBody }).then((r) => r.json());
for (let i = 0; i < 300; i += 1) await roundTrip();
const HOPS = 2000;
t0 = process.hrtime.bigint();
const cpuAtStart = process.cpuUsage();
for (let i = 0; i < HOPS; i += 1) await roundTrip();
const hopMicros = Number(process.hrtime.bigint() - t0) / 1000 / HOPS;
const hopCpu = process.cpuUsage(cpuAtStart);
// Client and server are both this process: the CPU of both ends, as in single-process mode.
const hopCpuMicros = (hopCpu.user + hopCpu.system) / HOPS;
t0 = process.hrtime.bigint();
for (let i = 0; i < HOPS; i += 1) JSON.parse(await Promise.resolve(handle(hopBody)));
const directMicros = Number(process.hrtime.bigint() - t0) / 1000 / HOPS;
hopServer.close();

let dataDir: string | undefined;
let mongoUri = process.env.MONGODB_URI;
let stopDb = async () => undefined as void;
if (!mongoUri) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-overhead-db-'));
  const db = await startEmbeddedDb({ dataDir });
  mongoUri = db.uri;
  stopDb = () => db.stop();
}

t0 = process.hrtime.bigint();
await buildServices();
const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const env = {
  NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0',
  MONGODB_URI: mongoUri, MONGODB_DB: `bench_overhead_${randomBytes(4).toString('hex')}`, DATA_DIR: dataDir ?? tmpdir(),
  JWT_PRIVATE_KEY: keys.privateKeyPem, JWT_PUBLIC_KEY: keys.publicKeyPem, SUBGRAPH_SECRET: generateSubgraphSecret(),
  RATE_LIMIT_PER_MINUTE: '1000000000', COST_BUDGET_PER_MINUTE: '1000000000', PAYMENT_PROVIDER: 'test',
};

const QUERIES = {
  '{ __typename } (gateway only)': '{ __typename }',
  '{ categories } (gateway + catalog)': '{ categories }',
};

interface Row { runtime: string; query: string; signedIn: boolean; connections: number; rps: number; p50: number; p99: number; cpuMicros: number; errors: number }
const rows: Row[] = [];

/** CPU time a process has used (user and system), in ms; Linux's /proc, which counts in ticks of 10 ms. */
const cpuMs = (pid: number | undefined): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssMb = (pid: number | undefined): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** One way of serving the supergraph: its processes, and the gateway URL load goes to. */
interface Setup { label: string; processes: ServiceProcess[]; url: string; startupMs: number }

/**
 * Load on one setup; besides throughput and latency, the CPU its processes spent per request,
 * which the other work of a shared machine disturbs much less.
 */
async function load(setup: Setup, query: string, signedIn: boolean, connections: number, seconds = SECONDS) {
  const cpu = () => setup.processes.reduce((sum, p) => sum + cpuMs(p.child.pid), 0);
  const cpuBefore = cpu();
  const result = await autocannon({
    url: setup.url, method: 'POST', connections, duration: seconds,
    headers: { 'content-type': 'application/json', ...(signedIn ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const cpuMicros = ((cpu() - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMicros, errors: result.errors + result.non2xx };
}

/** Catalog and a gateway in front of it, each its own process (the deploy/ shape). */
async function separate(label: string, runtime: Runtime, root?: string): Promise<Setup> {
  const started = Date.now();
  const catalog = await startServiceProcess('catalog', runtime, env, { root });
  const gateway = await startServiceProcess('gateway', runtime, { ...env, SUBGRAPH_URL_CATALOG: catalog.url }, { root });
  return { label, processes: [catalog, gateway], url: gateway.url, startupMs: Date.now() - started };
}

/** Every subgraph and the gateway in one process, calling them in process or over loopback HTTP. */
async function oneProcess(label: string, transport: 'in-process' | 'http'): Promise<Setup> {
  const started = Date.now();
  const stack = await startServiceProcess(transport, 'tsx', env, { entry: 'tools/bench/overhead-stack-process.ts' });
  return { label, processes: [stack], url: stack.url, startupMs: Date.now() - started };
}

const setups = await Promise.all([
  ...(process.env.BEFORE_ROOT ? [separate(`tsx, ${path.basename(process.env.BEFORE_ROOT)} (before)`, 'tsx', process.env.BEFORE_ROOT)] : []),
  separate('tsx', 'tsx'),
  separate('compiled', 'compiled'),
  oneProcess('one process, HTTP', 'http'),
  oneProcess('one process, in-process', 'in-process'),
]);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// Every setup runs at once and they take turns, ROUNDS times per case, so that the load of a
// shared machine, which drifts over minutes, falls on each alike; medians are reported.
try {
  for (const [query, document] of Object.entries(QUERIES)) {
    for (const signedIn of [false, true]) {
      for (const connections of CONNECTIONS) {
        const samples = setups.map(() => [] as Awaited<ReturnType<typeof load>>[]);
        for (let round = 0; round < ROUNDS; round += 1) {
          for (const [i, setup] of setups.entries()) {
            // The first round of a case also warms up (JIT, keep-alive connections, first reads).
            if (round === 0) await load(setup, document, signedIn, connections, 1);
            samples[i]!.push(await load(setup, document, signedIn, connections));
          }
        }
        for (const [i, { label }] of setups.entries()) {
          const taken = samples[i]!;
          const row = { runtime: label, query, signedIn, connections, rps: median(taken.map((m) => m.rps)), p50: median(taken.map((m) => m.p50)), p99: median(taken.map((m) => m.p99)), cpuMicros: median(taken.map((m) => m.cpuMicros)), errors: taken.reduce((a, m) => a + m.errors, 0) };
          rows.push(row);
          console.log(`${label.padEnd(26)} ${query.padEnd(36)} ${(signedIn ? 'signed in' : 'anonymous').padEnd(10)} ${String(connections).padStart(3)} conn  ${row.rps.toFixed(0).padStart(6)} RPS  p50 ${row.p50} ms  p99 ${row.p99} ms  CPU ${row.cpuMicros.toFixed(0)} µs/request${row.errors ? `  ${row.errors} errors` : ''}`);
        }
      }
    }
  }
  console.log('');
  for (const setup of setups) console.log(`${setup.label.padEnd(26)} ready in ${(setup.startupMs / 1000).toFixed(1)} s, RSS ${setup.processes.map((p) => `${p.name} ${rssMb(p.child.pid).toFixed(0)} MB`).join(', ')}`);
} finally {
  await Promise.all(setups.flatMap((setup) => setup.processes.map((p) => p.stop())));
}

console.log(`\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores; load generator on the same machine)`);
console.log(`one loopback HTTP round trip to a subgraph: ${hopMicros.toFixed(0)} µs, of which CPU (both ends) ${hopCpuMicros.toFixed(0)} µs (the same handler called directly: ${directMicros.toFixed(1)} µs)`);
console.log(`build: ${buildSeconds.toFixed(1)} s; one token verification: ${verifyMicros.toFixed(0)} µs (${(1e6 / verifyMicros).toFixed(0)} a second on one core)`);
const ratio = (a: string, b: string) => {
  for (const row of rows.filter((r) => r.runtime === a)) {
    const other = rows.find((r) => r.runtime === b && r.query === row.query && r.signedIn === row.signedIn && r.connections === row.connections);
    if (other) console.log(`  ${a} / ${b}: ${row.query}, ${row.signedIn ? 'signed in' : 'anonymous'}, ${row.connections} conn: RPS ${(row.rps / other.rps).toFixed(2)}×, CPU per request ${(row.cpuMicros / other.cpuMicros).toFixed(2)}×`);
  }
};
ratio('compiled', 'tsx');
if (process.env.BEFORE_ROOT) ratio('tsx', setups[0]!.label);
ratio('one process, in-process', 'one process, HTTP');

await stopDb();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
