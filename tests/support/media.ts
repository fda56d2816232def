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
