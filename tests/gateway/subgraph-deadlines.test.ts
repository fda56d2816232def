import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { allow, checkSignatureHeaders, signatureMatches, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
import { closeTestPlatform, graphqlClient, testConfig, testPlatform } from '@lg/platform/testing';

// Small real subgraphs composed into their own supergraph, in front of the real gateway: one that
// answers at once, one whose field takes longer than any timeout, and a raw HTTP one that can
// stream an answer far larger than the gateway accepts without holding it in memory itself.
const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
// An entity each, because a subgraph served by startSubgraph serves `_entities`.
const sdl = {
  quick: `${federation} type Query { quick: String! } type QuickThing @key(fields: "id") { id: ID! }`,
  slow: `${federation} type Query { slow: String } type SlowThing @key(fields: "id") { id: ID! }`,
  raw: `${federation} type Query { plain: String bulk: String }`,
};
const SLOW_MS = 4000;
const TIMEOUT_MS = 700;
const DEADLINE_MS = 1500;
const MAX_RESPONSE_BYTES = 1_000_000;
const STREAMED_BYTES = 200_000_000;

/** A subgraph over plain HTTP: `plain` answers small, `bulk` streams STREAMED_BYTES with backpressure. */
class RawSubgraph {
  server: Server;
  connections = 0;
  bulkBytesWritten = 0;
  bulkClosedEarly = false;
  signedRequests: boolean[] = [];

  constructor(private secret: string) {
    this.server = createServer((req, res) => void this.answer(req, res));
    this.server.on('connection', () => void (this.connections += 1));
  }

  async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = checkSignatureHeaders(req.headers, 30);
    this.signedRequests.push(headers.ok && signatureMatches(this.secret, { method: req.method!, path: req.url!, body }, headers.timestamp, headers.signature));
    res.writeHead(200, { 'content-type': 'application/json' });
    if (!body.toString().includes('bulk')) return void res.end('{"data":{"plain":"small answer"}}');
    res.on('close', () => void (this.bulkClosedEarly = !res.writableFinished));
    const piece = 'x'.repeat(64 * 1024);
    res.write('{"data":{"bulk":"');
    while (this.bulkBytesWritten < STREAMED_BYTES && !res.destroyed) {
      this.bulkBytesWritten += piece.length;
      if (!res.write(piece)) {
        await new Promise<void>((resolve) => {
          const go = () => { res.off('drain', go); res.off('close', go); resolve(); };
          res.on('drain', go);
          res.on('close', go);
        });
      }
    }
    if (!res.destroyed) res.end('"}}');
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }
}

let platform: Platform;
let quick: RunningServer;
let slow: RunningServer;
let raw: RawSubgraph;
let gateway: RunningGateway;
let deadlineGateway: RunningGateway;
let supergraphSdl: string;
let urls: Record<string, string>;

async function gatewayWith(env: Record<string, string>): Promise<RunningGateway> {
  return startGateway({
    config: testConfig({ PORT: '0', ...env }), verifier: platform.verifier, logger: platform.logger,
    subgraphSecret: platform.subgraphSecret, supergraphSdl, subgraphUrls: urls, port: 0,
  });
}

beforeAll(async () => {
  platform = await testPlatform();
  const definition = (name: 'quick' | 'slow', resolve: () => Promise<string>) => ({
    name, typeDefs: parse(sdl[name]), resolvers: { Query: { [name]: resolve } },
    permissions: { Query: { [name]: allow }, [name === 'quick' ? 'QuickThing' : 'SlowThing']: allow }, createContext: <C>(base: C) => base, ready: async () => true,
  });
  quick = await startSubgraph(definition('quick', async () => 'fast answer'), platform);
  slow = await startSubgraph(definition('slow', () => new Promise((resolve) => setTimeout(() => resolve('too late'), SLOW_MS))), platform);
  raw = new RawSubgraph(platform.subgraphSecret);
  urls = { quick: quick.url, slow: slow.url, raw: await raw.listen() };
  const composed = composeServices(Object.entries(sdl).map(([name, typeDefs]) => ({ name, url: urls[name]!, typeDefs: parse(typeDefs) })));
  if (!composed.supergraphSdl) throw new Error(composed.errors?.map((e) => e.message).join('; '));
  supergraphSdl = composed.supergraphSdl;
  gateway = await gatewayWith({ GATEWAY_DEADLINE_MS: String(DEADLINE_MS), SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), MAX_SUBGRAPH_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES) });
  deadlineGateway = await gatewayWith({ GATEWAY_DEADLINE_MS: '800', SUBGRAPH_TIMEOUT_MS: '5000' });
});
afterAll(async () => {
  await gateway?.stop();
  await deadlineGateway?.stop();
  await quick?.stop();
  await slow?.stop();
  raw?.server.closeAllConnections();
  raw?.server.close();
  if (platform) await closeTestPlatform(platform);
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe('a subgraph that does not answer in time', () => {
  it('gives partial data: the other subgraph\'s fields, and null with a timeout error for its own, within the deadline', async () => {
    const { result: res, ms } = await timed(() => graphqlClient(gateway.url)('{ quick slow }'));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ quick: 'fast answer', slow: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.message).toBe(`The slow subgraph did not answer within ${TIMEOUT_MS} ms.`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'SUBGRAPH_TIMEOUT' });
    // A safety bound, not a speed check: the subgraph would have taken SLOW_MS.
    expect(ms).toBeLessThan(SLOW_MS - 500);
  });

  it('is cut off when the operation\'s deadline passes before the subgraph\'s own timeout', async () => {
    const { result: res, ms } = await timed(() => graphqlClient(deadlineGateway.url)('{ quick slow }'));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ quick: 'fast answer', slow: null });
    expect(res.errors![0]!.message).toBe('The operation\'s deadline passed before the slow subgraph answered.');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'DEADLINE_EXCEEDED' });
    expect(ms).toBeLessThan(SLOW_MS - 500);
  });
});

describe('a subgraph answer larger than the limit', () => {
  it('is cut off while streaming with a clear error, and the gateway\'s heap does not grow by more than 32 MB', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    // Response chunks live outside the JS heap (ArrayBuffers), so both count.
    const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
    const before = used();
    let peak = before;
    const sampler = setInterval(() => void (peak = Math.max(peak, used())), 2);
    const res = await graphqlClient(gateway.url)('{ quick bulk }').finally(() => clearInterval(sampler));
    peak = Math.max(peak, used());

    expect(res.status).toBe(200);
    expect(res.data).toEqual({ quick: 'fast answer', bulk: null });
    expect(res.errors![0]!.message).toBe(`The raw subgraph's answer was larger than ${MAX_RESPONSE_BYTES} bytes and was cut off.`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'SUBGRAPH_RESPONSE_TOO_LARGE' });
    // The gateway closed the connection: the subgraph stopped long before its 200 MB were written.
    await expect.poll(() => raw.bulkClosedEarly).toBe(true);
    expect(raw.bulkBytesWritten).toBeLessThan(STREAMED_BYTES / 10);
    // Measured: about 11 MB with this limit; about 1 GB when the same answer is read whole.
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('the gateway\'s subgraph connections', () => {
  it('are kept alive between operations, and every request on them is signed over the bytes sent', async () => {
    const connectionsBefore = raw.connections;
    const requestsBefore = raw.signedRequests.length;
    for (let i = 0; i < 5; i += 1) expect((await graphqlClient(gateway.url)('{ plain }')).data).toEqual({ plain: 'small answer' });
    expect(raw.connections - connectionsBefore).toBeLessThanOrEqual(1);
    expect(raw.signedRequests.slice(requestsBefore)).toEqual([true, true, true, true, true]);
  });
});
