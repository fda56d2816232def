// Presence benchmark (not a test): how many presence changes per second one gateway sustains.
// WATCHERS members of a course listen to presenceChanged(course) over graphql-ws; CHURNERS other
// members open a signed-in socket and close it again, CONCURRENCY at a time, for SECONDS: each
// open and each close is a change (online, offline) that the gateway records in the presence
// store (in memory here: the embedded default) and delivers to every watcher.
//   npx tsx tools/bench/presence.ts            (WATCHERS=20 CHURNERS=100 CONCURRENCY=20 SECONDS=20)
import WebSocket from 'ws';
import { startServerProcess } from './server-process.ts';

const WATCHERS = Number(process.env.WATCHERS ?? 20);
const CHURNERS = Number(process.env.CHURNERS ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const SECONDS = Number(process.env.SECONDS ?? 20);
const QUERY = 'subscription($c: ID!) { presenceChanged(scope: { courseId: $c }) { online user { id } } }';

const server = startServerProcess('./stack-process.ts', { env: { BENCH_USERS: String(WATCHERS + CHURNERS) } });
const gatewayCpu = async () => {
  server.send('cpu');
  return (await server.nextJson<{ cpuMicros: number }>((line) => line.startsWith('{"cpuMicros"'))).cpuMicros;
};
console.log(`starting the supergraph and ${WATCHERS + CHURNERS} enrolled users…`);
const setup = await server.nextJson<{ url: string; courseId: string; tokens: string[] }>();
const wsUrl = setup.url.replace(/^http/, 'ws');

/** Opens a signed-in graphql-ws socket; resolves once the gateway acknowledged it. */
function open(token: string, onMessage?: (data: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw) => {
      const text = raw.toString();
      if (text.includes('"connection_ack"')) resolve(socket);
      else onMessage?.(text);
    });
    socket.on('error', reject);
  });
}

let delivered = 0;
let measuring = false;
let lastDelivery = 0;
const watchers = await Promise.all(setup.tokens.slice(0, WATCHERS).map(async (token, i) => {
  const socket = await open(token, (text) => {
    if (measuring && text.includes('"presenceChanged"')) {
      delivered += 1;
      lastDelivery = Date.now();
    }
  });
  socket.send(JSON.stringify({ id: `w${i}`, type: 'subscribe', payload: { query: QUERY, variables: { c: setup.courseId } } }));
  return socket;
}));
await new Promise((r) => setTimeout(r, 1000));

const churners = setup.tokens.slice(WATCHERS);
let cycles = 0;
const cpuBefore = await gatewayCpu();
const started = Date.now();
measuring = true;
const until = started + SECONDS * 1000;
await Promise.all(Array.from({ length: CONCURRENCY }, async (_, lane) => {
  for (let n = lane; Date.now() < until; n += CONCURRENCY) {
    const socket = await open(churners[n % churners.length]!);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
    cycles += 1;
  }
}));
const churnSeconds = (Date.now() - started) / 1000;
// Deliveries still on their way when the churn stopped: counted until none came for 3 s (at most 2 min).
const drainUntil = Date.now() + 120_000;
while (Date.now() < drainUntil && Date.now() - Math.max(lastDelivery, started + churnSeconds * 1000) < 3000) await new Promise((r) => setTimeout(r, 200));
measuring = false;
const elapsed = (Math.max(lastDelivery, started + churnSeconds * 1000) - started) / 1000;
const cpu = (await gatewayCpu()) - cpuBefore;
const changes = cycles * 2;
const perWatcher = delivered / WATCHERS;

console.log(JSON.stringify({
  watchers: WATCHERS, churners: CHURNERS, concurrency: CONCURRENCY, churnSeconds: Number(churnSeconds.toFixed(1)),
  changesMade: changes,
  changesMadePerSecond: Math.round(changes / churnSeconds),
  // Until the last delivery: what the gateway sustained, end to end, to every watcher.
  deliverySeconds: Number(elapsed.toFixed(1)),
  changesDeliveredPerSecond: Math.round(delivered / WATCHERS / elapsed),
  deliveredPerWatcher: Math.round(perWatcher),
  deliveredShare: Number((perWatcher / changes).toFixed(3)),
  framesPerSecond: Math.round(delivered / elapsed),
  gatewayCpuMsPerChange: Number((cpu / 1000 / changes).toFixed(3)),
}));
for (const socket of watchers) socket.close();
server.send('stop');
await new Promise((r) => server.child.once('exit', r));
