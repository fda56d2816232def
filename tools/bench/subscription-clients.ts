// One process's share of the subscription benchmark's clients, started by subscriptions.ts with
// fork(). Each client is a bare WebSocket speaking graphql-transport-ws by hand, so that 10,000 of
// them cost the load generator little: no client library, no JSON parsing of deliveries.
import WebSocket from 'ws';

export interface ClientsJob {
  wsUrl: string; query: string; variables: Record<string, unknown>;
  /** Client i signs in with tokens[i % tokens.length]. */
  tokens: string[]; count: number;
  /** At most this many connections are being opened at once. */
  concurrency: number;
}
export type ClientsReport =
  | { type: 'connected'; acked: number; failed: number; retries: number; connectMs: number[] }
  | { type: 'started'; at: number }
  | { type: 'progress'; delivered: number; cpuMicros: number }
  | { type: 'finished'; latencies: number[]; received: Record<number, number>; errors: number; firstError?: string; cpuMicros: number };

const send = (report: ClientsReport) => process.send!(report);
/** This process's CPU time so far (µs): the share of the two cores the measuring side takes. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const sockets: WebSocket[] = [];
const latencies: number[] = [];
const received: Record<number, number> = {};
let errors = 0;
let firstError: string | undefined;
// The message number and its send time, as subscriptions.ts writes them into the chat body: found
// in the frame's bytes, without decoding or parsing the rest of it.
const BODY = Buffer.from('"body":"');
const AT = '@'.charCodeAt(0);
const QUOTE = '"'.charCodeAt(0);
const digits = (raw: Buffer, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i += 1) n = n * 10 + raw[i]! - 48;
  return n;
};
const RETRIES = 5;

/** Resolves once the gateway acknowledged the connection (and the subscription is sent), or failed. */
function open(job: ClientsJob, i: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(job.wsUrl, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${job.tokens[i % job.tokens.length]}` } })));
    socket.on('message', (raw: Buffer) => {
      const body = raw.indexOf(BODY);
      const at = body < 0 ? -1 : raw.indexOf(AT, body);
      const end = at < 0 ? -1 : raw.indexOf(QUOTE, at);
      if (end > 0) {
        const n = digits(raw, body + BODY.length, at);
        latencies.push(Date.now() - digits(raw, at + 1, end));
        received[n] = (received[n] ?? 0) + 1;
        return;
      }
      const text = raw.toString();
      if (text.includes('"connection_ack"')) {
        sockets.push(socket);
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: job.query, variables: job.variables } }));
        resolve(true);
      } else if (text.includes('"type":"error"') || text.includes('"errors"')) {
        errors += 1;
        firstError ??= text.slice(0, 300);
      }
    });
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(undefined));
  });
}

// Orphaned by a failed bench: close the sockets with the process.
process.on('disconnect', () => process.exit(0));
process.on('message', async (message: { job?: ClientsJob; progress?: true; finish?: true }) => {
  if (message.progress) send({ type: 'progress', delivered: latencies.length, cpuMicros: cpuMicros() });
  if (message.job) {
    const job = message.job;
    send({ type: 'started', at: Date.now() });
    const connectMs: number[] = [];
    let failed = 0;
    let next = 0;
    let retries = 0;
    // A refused socket (the gateway sheds new ones while its event loop lags) tries again after a
    // second, as graphql-ws clients do; its connect time runs from its first try.
    const connect = async (i: number) => {
      const started = performance.now();
      for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
        if (attempt > 0) {
          retries += 1;
          await new Promise((r) => setTimeout(r, 1000));
        }
        if ((await open(job, i)) !== undefined) return performance.now() - started;
      }
      return undefined;
    };
    const lane = async () => {
      while (next < job.count) {
        const ms = await connect(next++);
        if (ms === undefined) failed += 1;
        else connectMs.push(ms);
      }
    };
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.count) }, lane));
    send({ type: 'connected', acked: connectMs.length, failed, retries, connectMs });
  }
  if (message.finish) {
    for (const socket of sockets) socket.terminate();
    // Exits once the report is handed over, so that the parent reads it before seeing the exit.
    process.send!({ type: 'finished', latencies, received, errors, firstError, cpuMicros: cpuMicros() } satisfies ClientsReport, () => process.exit(0));
  }
});
