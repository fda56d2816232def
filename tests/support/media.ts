import { newId, type DomainEvent } from '@lg/platform';
import { MediaAssetCreated, MediaAssetReady, type MediaAssetCreatedData } from '@lg/events';
import type { TestStack } from './stack.ts';

/**
 * Logs an asset's events as the media subgraph does when an upload is opened and processed, so
 * that catalog and learning, which only read media's events, can be tested on their own side.
 * (Once media is part of the stack, tests that need real files upload them through it instead.)
 */
export async function logMediaAsset(
  t: TestStack,
  asset: Pick<MediaAssetCreatedData, 'purpose' | 'kind' | 'ownerId'> & { courseId?: string; durationSeconds?: number; ready?: boolean },
): Promise<string> {
  const assetId = newId();
  const { ready = true, durationSeconds, ...rest } = asset;
  const events: DomainEvent[] = [MediaAssetCreated.build({ assetId, fileName: `${asset.kind.toLowerCase()}-${assetId.slice(-6)}`, ...rest })];
  if (ready) events.push(MediaAssetReady.build({ assetId, kind: asset.kind, ...(asset.courseId ? { courseId: asset.courseId } : {}), ...(durationSeconds ? { durationSeconds } : {}) }));
  await t.platform.eventLog.append(events);
  return assetId;
}

const CREATE_UPLOAD = `mutation($input: CreateUploadInput!) { createUpload(input: $input) { id uploadUrl } }`;

/** Opens an upload as the token's user and sends all its bytes in one tus PATCH; the asset's id. */
export async function uploadThroughGateway(t: TestStack, token: string, input: Record<string, unknown>, bytes: Buffer): Promise<string> {
  const res = await t.gql(CREATE_UPLOAD, { input: { ...input, byteSize: bytes.length } }, { token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { id, uploadUrl } = res.data!.createUpload as { id: string; uploadUrl: string };
  const sent = await fetch(uploadUrl, {
    method: 'PATCH', body: new Uint8Array(bytes),
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
  });
  if (sent.status !== 204) throw new Error(`tus PATCH answered ${sent.status}`);
  return id;
}

/** Waits until the asset is READY as the token's user sees it (processing runs off the request path). */
export async function waitUntilReady(t: TestStack, token: string, id: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.gql(`query($id: ID!) { mediaAsset(id: $id) { status failureReason } }`, { id }, { token });
    const asset = res.data?.mediaAsset as { status: string; failureReason: string | null } | null | undefined;
    if (asset?.status === 'READY') return;
    if (asset?.status === 'FAILED') throw new Error(`asset ${id} FAILED: ${asset.failureReason}`);
    if (Date.now() > until) throw new Error(`asset ${id} not READY after ${timeoutMs} ms: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
