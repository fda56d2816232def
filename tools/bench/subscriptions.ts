// Subscription load benchmark (not a test): N graphql-ws subscribers on one gateway, chat messages
// sent through the same gateway, connect time, delivery latency percentiles and gateway memory per
// connection. The subscribers are bare sockets spread over CLIENT_PROCESSES processes.
//   npx tsx tools/bench/subscriptions.ts            (SUBSCRIBERS=1000 USERS=50 MESSAGES=20)
//   SUBSCRIBERS=10000 npx tsx tools/bench/subscriptions.ts
//   GROUP_MEMBERS=999 npx tsx tools/bench/subscriptions.ts   (a study group of 1,000: its owner and 999 members,
//     each of them one subscriber to groupMessageReceived; the owner sends the messages)
//   GATEWAY_CPU_PROF=/tmp/prof ...   (writes the gateway process's .cpuprofile there when it stops)
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { percentile } from './http-load.ts';
import { startServerProcess } from './server-process.ts';
import type { ClientsJob, ClientsReport } from './subscription-clients.ts';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const USERS = Number(process.env.USERS ?? 50);
const MESSAGES = Number(process.env.MESSAGES ?? 20);
const GAP_MS = Number(process.env.GAP_MS ?? 250);
// One client process per 5,000 sockets: each holds one file descriptor a socket (see `ulimit -n`).
const CLIENT_PROCESSES = Number(process.env.CLIENT_PROCESSES ?? Math.ceil(SUBSCRIBERS / 5000));
const CONNECT_CONCURRENCY = Number(process.env.CONNECT_CONCURRENCY ?? 250);
const GROUP_MEMBERS = Number(process.env.GROUP_MEMBERS ?? 0);
const QUERY = GROUP_MEMBERS > 0
  ? 'subscription($g: ID!) { groupMessageReceived(groupId: $g) { body author { id } } }'
  : 'subscription($c: ID!) { chatMessageAdded(courseId: $c) { body author { displayName } } }';
const SEND = GROUP_MEMBERS > 0
  ? 'mutation($g: ID!, $b: String!) { sendGroupMessage(groupId: $g, body: $b) { id } }'
  : 'mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }';

const CPU_PROF = process.env.GATEWAY_CPU_PROF;

const server = startServerProcess('./stack-process.ts', {
  env: { BENCH_USERS: String(USERS), BENCH_GROUP_MEMBERS: String(GROUP_MEMBERS) },
  nodeFlags: ['--expose-gc', ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [])],
});
const ask = async <T>(command: string, key: string) => {
  server.send(command);
  return server.nextJson<T>((line) => line.startsWith(`{"${key}"`));
};
const memory = () => ask<{ heapUsed: number; rss: number; listeners: number; active: number }>('mem', 'heapUsed');
const active = async () => (await ask<{ active: number }>('active', 'active')).active;
const gatewayCpu = async () => (await ask<{ cpuMicros: number }>('cpu', 'cpuMicros')).cpuMicros;
const database = () => ask<{ dbCommands: number; logReads: number; dbMicros: number }>('db', 'dbCommands');

console.log(GROUP_MEMBERS > 0 ? `starting the supergraph and a study group of ${GROUP_MEMBERS + 1}…` : `starting the supergraph and ${USERS} enrolled users…`);
console.log('limits raised for the bench: RATE_LIMIT_PER_MINUTE=1000000 COST_BUDGET_PER_MINUTE=1000000000000 (load shedding on)');
const setup = await server.nextJson<{ url: string; courseId: string; groupId?: string; teacherToken: string; tokens: string[] }>();
const target = GROUP_MEMBERS > 0 ? { g: setup.groupId } : { c: setup.courseId };
const before = await memory();

// Each client process gets its share of the subscribers and reports when they are all connected.
const clients: ChildProcess[] = [];
// A client process that dies fails the bench at once instead of leaving it waiting for its report.
const reports = (child: ChildProcess, type: ClientsReport['type']) =>
  new Promise<ClientsReport>((resolve, reject) => {
    const exited = (code: number | null, signal: string | null) => reject(new Error(`a client process exited (${code ?? signal}) before reporting "${type}"`));
    const listener = (report: ClientsReport) => {
      if (report.type !== type) return;
      child.off('message', listener);
      child.off('exit', exited);
      resolve(report);
    };
    child.on('message', listener);
    child.once('exit', exited);
  });
const startedReports: Promise<ClientsReport>[] = [];
const connectedReports: Promise<ClientsReport>[] = [];
for (let p = 0; p < CLIENT_PROCESSES; p += 1) {
  const count = Math.floor(SUBSCRIBERS / CLIENT_PROCESSES) + (p < SUBSCRIBERS % CLIENT_PROCESSES ? 1 : 0);
  const child = fork(fileURLToPath(new URL('./subscription-clients.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  clients.push(child);
  startedReports.push(reports(child, 'started'));
  connectedReports.push(reports(child, 'connected'));
  // Rotating the tokens by the process's first client keeps user i's share the same as in one process.
  const offset = p * Math.floor(SUBSCRIBERS / CLIENT_PROCESSES);
  const tokens = setup.tokens.map((_, i) => setup.tokens[(i + offset) % setup.tokens.length]!);
  const job: ClientsJob = { wsUrl: setup.url.replace(/^http/, 'ws'), query: QUERY, variables: target, tokens, count, concurrency: CONNECT_CONCURRENCY };
  child.send({ job });
}
// Connect time runs from the first client process starting to open sockets (not from its own start-up).
const started = Math.min(...(await Promise.all(startedReports)).map((r) => (r as Extract<ClientsReport, { type: 'started' }>).at));
// Sockets are acknowledged at once but subscriptions authorize asynchronously: the gateway's own
// count of running subscriptions says when they are all live.
const FIRST = Math.min(1000, SUBSCRIBERS);
let firstThousandAt: number | undefined;
let allActiveAt: number | undefined;
for (let i = 0; i < 1800 && allActiveAt === undefined; i += 1) {
  const n = await active();
  if (n >= FIRST) firstThousandAt ??= Date.now() - started;
  if (n >= SUBSCRIBERS) allActiveAt = Date.now() - started;
  else await new Promise((r) => setTimeout(r, 100));
}
const connected = (await Promise.all(connectedReports)) as Extract<ClientsReport, { type: 'connected' }>[];
const connectMs = connected.flatMap((r) => r.connectMs).sort((a, b) => a - b);
const failedToConnect = connected.reduce((n, r) => n + r.failed, 0);
const retries = connected.reduce((n, r) => n + r.retries, 0);
const afterConnect = await memory();
const seconds = (ms: number | undefined) => (ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(1)} s`);
console.log(`${SUBSCRIBERS} subscribers: first ${FIRST} live after ${seconds(firstThousandAt)}, all live after ${seconds(allActiveAt)} (${afterConnect.active} live; ${failedToConnect} failed to connect, ${retries} retries)`);

// A send the gateway sheds (503 while its event loop lags) is sent again after Retry-After, as
// the web client would; the message's clock starts at the send that is accepted.
let shedSends = 0;
const askClients = <T extends ClientsReport>(message: object, type: T['type']) =>
  Promise.all(clients.map((child) => {
    const report = reports(child, type);
    child.send(message);
    return report as Promise<T>;
  }));
type Progress = Extract<ClientsReport, { type: 'progress' }>;
const clientsCpu = (reports: { cpuMicros: number }[]) => reports.reduce((n, r) => n + r.cpuMicros, 0);
// CPU time of the gateway and of the client processes from the first send to the last delivery.
const cpuBefore = { gateway: await gatewayCpu(), clients: clientsCpu(await askClients<Progress>({ progress: true }, 'progress')) };
const dbBefore = await database();
const sendingFrom = performance.now();
for (let n = 1; n <= MESSAGES; n += 1) {
  for (let attempt = 0; ; attempt += 1) {
    const res = await fetch(setup.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.teacherToken}` },
      body: JSON.stringify({ query: SEND, variables: { ...target, b: `${n}@${Date.now()}` } }),
    });
    if (res.ok) break;
    if (res.status !== 503 || attempt === 10) throw new Error(`send failed: ${res.status} ${await res.text()}`);
    shedSends += 1;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
  await new Promise((r) => setTimeout(r, GAP_MS));
}
// Deliveries still under way get a minute to arrive.
const expected = afterConnect.active * MESSAGES;
const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  const progress = await askClients<Progress>({ progress: true }, 'progress');
  if (progress.reduce((n, r) => n + r.delivered, 0) >= expected) break;
  await new Promise((r) => setTimeout(r, 200));
}
const cpuAfter = { gateway: await gatewayCpu(), clients: clientsCpu(await askClients<Progress>({ progress: true }, 'progress')) };
const sendingMs = performance.now() - sendingFrom;
const dbAfter = await database();
const finished = await askClients<Extract<ClientsReport, { type: 'finished' }>>({ finish: true }, 'finished');
const latencies = finished.flatMap((r) => r.latencies).sort((a, b) => a - b);
const delivered = latencies.length;
const errors = finished.reduce((n, r) => n + r.errors, 0);
const firstError = finished.find((r) => r.firstError)?.firstError;

const perConnection = (afterConnect.heapUsed - before.heapUsed) / SUBSCRIBERS;
console.log(`
subscribers ${SUBSCRIBERS} (${GROUP_MEMBERS > 0 ? `members of one study group of ${GROUP_MEMBERS + 1}` : `${USERS} users`}) from ${CLIENT_PROCESSES} client process(es), messages ${MESSAGES}, one every ${GAP_MS} ms
connect     p50 ${percentile(connectMs, 50).toFixed(0)} ms   p99 ${percentile(connectMs, 99).toFixed(0)} ms per socket (to acknowledged, ${CONNECT_CONCURRENCY} opening at once per process); first ${FIRST} live ${seconds(firstThousandAt)}, all ${seconds(allActiveAt)}
delivered   ${delivered} of ${SUBSCRIBERS * MESSAGES} (${expected} to live subscriptions), ${errors} errors; ${shedSends} sends shed (503) and sent again
latency     p50 ${percentile(latencies, 50)} ms   p95 ${percentile(latencies, 95)} ms   p99 ${percentile(latencies, 99)} ms   max ${latencies.at(-1)} ms
cpu         gateway ${((cpuAfter.gateway - cpuBefore.gateway) / 1000).toFixed(0)} ms (${((cpuAfter.gateway - cpuBefore.gateway) / Math.max(delivered, 1)).toFixed(1)} µs per delivered message, whole supergraph process), client processes ${((cpuAfter.clients - cpuBefore.clients) / 1000).toFixed(0)} ms, over ${(sendingMs / 1000).toFixed(1)} s of sending (${((100 * (cpuAfter.clients - cpuBefore.clients)) / 1000 / sendingMs / 2).toFixed(0)}% of the 2 cores for the clients, ${((100 * (cpuAfter.gateway - cpuBefore.gateway)) / 1000 / sendingMs / 2).toFixed(0)}% for the gateway)
database    ${dbAfter.dbCommands - dbBefore.dbCommands} commands (${dbAfter.logReads - dbBefore.logReads} reads of the event log), ${((dbAfter.dbMicros - dbBefore.dbMicros) / 1000).toFixed(0)} ms of command round trips summed (queued commands overlap), over the ${(sendingMs / 1000).toFixed(1)} s of sending
gateway     heap +${(perConnection / 1024).toFixed(1)} KiB per connection, rss +${((afterConnect.rss - before.rss) / SUBSCRIBERS / 1024).toFixed(1)} KiB per connection (whole supergraph process)
${firstError ? `first error ${firstError}\n` : ''}machine     load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)
`);
server.send('stop');
await new Promise((r) => server.child.once('exit', r));
process.exit(0);
