import type { DomainEvent } from '@lg/platform';
import {
  MediaAssetCreated, MediaAssetFailed, MediaAssetReady, MediaProcessingQueued,
  type MediaAssetCreatedData, type MediaAssetFailedData, type MediaAssetReadyData, type MediaProcessingQueuedData,
} from '@lg/events';

// The events media produces, built from their contracts in @lg/events (which validate them).

export type { MediaAssetCreatedData, MediaAssetFailedData, MediaAssetReadyData, MediaProcessingQueuedData } from '@lg/events';

export const mediaAssetCreated = (data: MediaAssetCreatedData): DomainEvent => MediaAssetCreated.build(data);
export const mediaProcessingQueued = (data: MediaProcessingQueuedData): DomainEvent => MediaProcessingQueued.build(data);
export const mediaAssetReady = (data: MediaAssetReadyData): DomainEvent => MediaAssetReady.build(data);
export const mediaAssetFailed = (data: MediaAssetFailedData): DomainEvent => MediaAssetFailed.build(data);
