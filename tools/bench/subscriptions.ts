// Subscription load benchmark (not a test): N graphql-ws subscribers on one gateway, chat messages
// sent through the same gateway, delivery latency percentiles and gateway memory per connection.
//   npx tsx tools/bench/subscriptions.ts            (SUBSCRIBERS=1000 USERS=50 MESSAGES=20)
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startServerProcess } from './server-process.ts';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const USERS = Number(process.env.USERS ?? 50);
const MESSAGES = Number(process.env.MESSAGES ?? 20);
const GAP_MS = Number(process.env.GAP_MS ?? 250);

const server = startServerProcess('./stack-process.ts', { env: { BENCH_USERS: String(USERS) }, nodeFlags: ['--expose-gc'] });
const nextJson = <T>() => server.nextJson<T>();
const memory = async () => {
  server.send('mem');
  return nextJson<{ heapUsed: number; rss: number; listeners: number; active: number }>();
};

console.log(`starting the supergraph and ${USERS} enrolled users…`);
const setup = await nextJson<{ url: string; courseId: string; teacherToken: string; tokens: string[] }>();
const wsUrl = setup.url.replace(/^http/, 'ws');
const before = await memory();

const latencies: number[] = [];
const received = new Map<number, number>();
const clients: Client[] = [];
const started = Date.now();
await Promise.all(
  Array.from({ length: SUBSCRIBERS }, async (_, i) => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${setup.tokens[i % USERS]}` }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    await new Promise<void>((resolve) => {
      client.on('connected', () => resolve());
    });
    client.subscribe<{ chatMessageAdded: { body: string } }>(
      { query: 'subscription($c: ID!) { chatMessageAdded(courseId: $c) { body author { displayName } } }', variables: { c: setup.courseId } },
      {
        next: ({ data }) => {
          const [n, sentAt] = (data?.chatMessageAdded.body ?? '').split('@').map(Number) as [number, number];
          latencies.push(Date.now() - sentAt);
          received.set(n, (received.get(n) ?? 0) + 1);
        },
        error: (e) => console.error('subscription error', e),
        complete: () => undefined,
      },
    );
  }),
);
// Subscriptions listen at once but authorize asynchronously: wait until every one is authorized.
for (let i = 0; i < 300; i += 1) {
  if ((await memory()).active >= SUBSCRIBERS) break;
  await new Promise((r) => setTimeout(r, 200));
}
const connected = await memory();
console.log(`${SUBSCRIBERS} subscribers connected in ${((Date.now() - started) / 1000).toFixed(1)} s`);

for (let n = 1; n <= MESSAGES; n += 1) {
  const res = await fetch(setup.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.teacherToken}` },
    body: JSON.stringify({ query: 'mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }', variables: { c: setup.courseId, b: `${n}@${Date.now()}` } }),
  });
  if (!res.ok) throw new Error(`send failed: ${res.status} ${await res.text()}`);
  await new Promise((r) => setTimeout(r, GAP_MS));
}
const deadline = Date.now() + 60_000;
while (latencies.length < SUBSCRIBERS * MESSAGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

latencies.sort((x, y) => x - y);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const perConnection = (connected.heapUsed - before.heapUsed) / SUBSCRIBERS;
console.log(`
subscribers ${SUBSCRIBERS} (${USERS} users), messages ${MESSAGES}, one every ${GAP_MS} ms
delivered   ${latencies.length} of ${SUBSCRIBERS * MESSAGES}
latency     p50 ${pct(50)} ms   p95 ${pct(95)} ms   p99 ${pct(99)} ms   max ${latencies.at(-1)} ms
gateway     heap +${(perConnection / 1024).toFixed(1)} KiB per connection, rss +${((connected.rss - before.rss) / SUBSCRIBERS / 1024).toFixed(1)} KiB per connection (whole supergraph process)
`);
for (const c of clients) await c.dispose();
server.send('stop');
await new Promise((r) => server.child.once('exit', r));
process.exit(0);
