import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { CourseCreated, catalogue } from '@lg/events';
import { createMediaSubgraph, type MediaSubgraph } from '@lg/media';
import { createPlatform, createRedis, newId, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
import { TestRedis } from '../support/redis-server.ts';
import { closeTestPlatform, graphqlClient, signTestToken, testConfig, testKeys } from '@lg/platform/testing';

// The scaled-out shape: the media service on its own, a gateway apart from it. The gateway stays
// the one public origin: its /uploads and /media are streamed to the media service
// (MEDIA_SERVICE_URL), request and response headers included.
let platform: Platform;
let media: MediaSubgraph;
let server: RunningServer;
let gateway: RunningGateway;
const dataDir = resolve('.data/test', `media-proxy-${process.pid}`);

beforeAll(async () => {
  platform = await createPlatform(testConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'loopback' }), 'test', { keys: await testKeys(), events: catalogue });
  media = await createMediaSubgraph(platform, { pollMs: 200 });
  server = await startSubgraph(media, platform);
  const config = { ...platform.config, PORT: 0, MEDIA_SERVICE_URL: new URL(server.url).origin };
  gateway = await startGateway({
    config, verifier: platform.verifier, logger: platform.logger, subgraphSecret: platform.subgraphSecret, subgraphUrls: { media: server.url }, port: 0,
  });
  // What PUBLIC_URL does in a deployment: the media service names the gateway's origin in its URLs.
  media.service.useGatewayOrigin(gateway.url);
});
afterAll(async () => {
  await gateway?.stop();
  await server?.stop();
  await media?.stop();
  await closeTestPlatform(platform);
  await rm(dataDir, { recursive: true, force: true });
});

const captions = Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from behind the gateway\n');

/** A course of a new instructor, known to media; the instructor's token. */
async function instructorWithCourse(): Promise<{ token: string; courseId: string }> {
  const instructorId = newId();
  const courseId = newId();
  await platform.eventLog.append([CourseCreated.build({
    courseId, instructorId, status: 'DRAFT', by: instructorId, title: 'Proxy', slug: `proxy-${courseId}`, category: 'code', level: 'BEGINNER', priceCents: 0, currency: 'EUR',
  })]);
  return { token: signTestToken(platform, instructorId, ['INSTRUCTOR']), courseId };
}

it('a gateway with MEDIA_SERVICE_URL proxies tus uploads and ranged media GETs to the media service', async () => {
  const { token, courseId } = await instructorWithCourse();
  const gql = graphqlClient(gateway.url);
  const created = await gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id uploadUrl } }`, {
    input: { purpose: 'CAPTIONS', courseId, fileName: 'en.vtt', contentType: 'text/vtt', byteSize: captions.length },
  }, { token });
  expect(created.errors).toBeUndefined();
  const { id, uploadUrl } = created.data!.createUpload;
  expect(new URL(uploadUrl).origin).toBe(new URL(gateway.url).origin);

  const half = 10;
  const first = await fetch(uploadUrl, { method: 'PATCH', body: new Uint8Array(captions.subarray(0, half)), headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' } });
  expect(first.status).toBe(204);
  const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
  expect(head.headers.get('upload-offset')).toBe(String(half));
  const rest = await fetch(uploadUrl, { method: 'PATCH', body: new Uint8Array(captions.subarray(half)), headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(half), 'Content-Type': 'application/offset+octet-stream' } });
  expect(rest.status).toBe(204);
  await media.processor!.catchUp();

  const asset = await gql(`query($id: ID!) { mediaAsset(id: $id) { status url } }`, { id }, { token });
  expect(asset.data!.mediaAsset.status).toBe('READY');
  const url = asset.data!.mediaAsset.url as string;
  expect(new URL(url).origin).toBe(new URL(gateway.url).origin);
  const part = await fetch(url, { headers: { Range: 'bytes=0-5' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 0-5/${captions.length}`);
  expect(part.headers.get('cache-control')).toMatch(/^private, max-age=/);
  expect(await part.text()).toBe('WEBVTT');
  expect((await fetch(url.replace(/\/media\/[^/]+\//, `/media/${newId()}/`))).status).toBe(403);
});

/** The signed URL of a READY captions asset uploaded through `via` (a gateway's GraphQL URL). */
async function readyCaptions(via: string): Promise<{ url: string; uploadUrl: string }> {
  const { token, courseId } = await instructorWithCourse();
  const gql = graphqlClient(via);
  const created = await gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id uploadUrl } }`, {
    input: { purpose: 'CAPTIONS', courseId, fileName: 'en.vtt', contentType: 'text/vtt', byteSize: captions.length },
  }, { token });
  const { id, uploadUrl } = created.data!.createUpload;
  const sent = await fetch(uploadUrl, { method: 'PATCH', body: new Uint8Array(captions), headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' } });
  expect(sent.status).toBe(204);
  await media.processor!.catchUp();
  const asset = await gql(`query($id: ID!) { mediaAsset(id: $id) { status url } }`, { id }, { token });
  return { url: asset.data!.mediaAsset.url as string, uploadUrl };
}

/** Fetches `url` `count` times, six at a time as a browser does; the statuses. */
async function fetchMany(url: string, count: number, init: RequestInit = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 6) {
    const batch = await Promise.all(Array.from({ length: Math.min(6, count - i) }, () => fetch(url, init).then(async (r) => (await r.arrayBuffer(), r.status))));
    statuses.push(...batch);
  }
  return statuses;
}

it('a player fetching all of a 10-minute video within a minute (two renditions of 150 segments and three playlists) is never rate limited', async () => {
  const { url } = await readyCaptions(gateway.url);
  const statuses = await fetchMany(url, 303);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
});

describe('a flood of /media or /uploads requests from one address', () => {
  // The one-process shape: the media subgraph's routes mounted on the gateway after it started.
  let limited: RunningGateway;
  beforeAll(async () => {
    const config = { ...platform.config, PORT: 0, MEDIA_RATE_LIMIT_PER_MINUTE: 20, UPLOAD_RATE_LIMIT_PER_MINUTE: 10 };
    limited = await startGateway({
      config, verifier: platform.verifier, logger: platform.logger, subgraphSecret: platform.subgraphSecret, subgraphUrls: { media: server.url }, port: 0,
    });
    media.routes!(limited.app);
  });
  afterAll(async () => limited?.stop());
  const onLimited = (url: string) => url.replace(new URL(url).origin, new URL(limited.url).origin);

  it('is refused with 429 and Retry-After past MEDIA_RATE_LIMIT_PER_MINUTE, while another address is still served', async () => {
    const { url } = await readyCaptions(gateway.url);
    const mine = { headers: { 'X-Forwarded-For': '203.0.113.7' } };
    expect(await fetchMany(onLimited(url), 20, mine)).toEqual(Array(20).fill(200));
    const refused = await fetch(onLimited(url), mine);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.text()).toMatch(/^Too many requests; try again in \d+ s\./);
    // Tampered paths count too: a flood of bad signatures is stopped the same way.
    expect((await fetch(onLimited(url.replace(/\/media\/[^/]+\//, `/media/${newId()}/`)), mine)).status).toBe(429);
    expect((await fetch(onLimited(url), { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status).toBe(200);
  });

  it('is counted once across gateway instances that share a Redis: two gateways spend one allowance', async () => {
    const redisServer = await TestRedis.start();
    const clients = [createRedis(redisServer.url)!, createRedis(redisServer.url)!];
    const config = { ...platform.config, PORT: 0, MEDIA_RATE_LIMIT_PER_MINUTE: 20 };
    const pair = await Promise.all(clients.map((redis) => startGateway({
      config, verifier: platform.verifier, logger: platform.logger, subgraphSecret: platform.subgraphSecret, subgraphUrls: { media: server.url }, port: 0, redis,
    })));
    try {
      for (const g of pair) media.routes!(g.app);
      const { url } = await readyCaptions(gateway.url);
      const on = (g: RunningGateway) => url.replace(new URL(url).origin, new URL(g.url).origin);
      const mine = { headers: { 'X-Forwarded-For': '203.0.113.10' } };
      expect(await fetchMany(on(pair[0]!), 12, mine)).toEqual(Array(12).fill(200));
      expect(await fetchMany(on(pair[1]!), 8, mine)).toEqual(Array(8).fill(200));
      expect((await fetch(on(pair[0]!), mine)).status).toBe(429);
      expect((await fetch(on(pair[1]!), mine)).status).toBe(429);
    } finally {
      for (const g of pair) await g.stop();
      for (const c of clients) c.disconnect();
      await redisServer.kill();
    }
  });

  it('is refused with 429 past UPLOAD_RATE_LIMIT_PER_MINUTE, counted apart from /media', async () => {
    const { url, uploadUrl } = await readyCaptions(gateway.url);
    const mine = { 'X-Forwarded-For': '203.0.113.9' };
    const heads = await fetchMany(onLimited(uploadUrl), 10, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', ...mine } });
    // The upload is complete and closed: tus answers, and each answer counts.
    expect(heads.every((s) => s !== 429)).toBe(true);
    const refused = await fetch(onLimited(uploadUrl), { method: 'PATCH', body: new Uint8Array(1), headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', ...mine } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fetch(onLimited(url), { headers: mine })).status).toBe(200);
  });
});

it('a proxied path that climbs out of /media or /uploads never reaches another route of the media service', async () => {
  const { origin, port } = new URL(gateway.url);
  const raw = (path: string) => new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
  for (const path of ['/media/../graphql', '/media/%2e%2e/graphql', '/media/..%2fgraphql', '/uploads/../graphql', '/uploads/%2e%2e%2fgraphql', '/media/../../ready']) {
    const res = await raw(path);
    // The media service's own refusals of its /media and /uploads routes, not another route's answer.
    expect([403, 404, 405], `${origin}${path}`).toContain(res.status);
    expect(res.body, path).toMatch(/^(Not found|Forbidden|Uploads are created with the createUpload mutation\.)\n$/);
  }
});
