import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { CourseCreated, catalogue } from '@lg/events';
import { createMediaSubgraph, type MediaSubgraph } from '@lg/media';
import { createPlatform, newId, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
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
  platform = await createPlatform(testConfig({ DATA_DIR: dataDir }), 'test', { keys: await testKeys(), events: catalogue });
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

it('a gateway with MEDIA_SERVICE_URL proxies tus uploads and ranged media GETs to the media service', async () => {
  const instructorId = newId();
  const courseId = newId();
  await platform.eventLog.append([CourseCreated.build({
    courseId, instructorId, status: 'DRAFT', by: instructorId, title: 'Proxy', slug: `proxy-${courseId}`, category: 'code', level: 'BEGINNER', priceCents: 0, currency: 'EUR',
  })]);
  const token = signTestToken(platform, instructorId, ['INSTRUCTOR']);
  const gql = graphqlClient(gateway.url);
  const captions = Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from behind the gateway\n');
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
