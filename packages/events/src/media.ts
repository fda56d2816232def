import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { count, id } from './fields.ts';

const producer = 'media';
const purpose = z.enum(['LESSON_MEDIA', 'COURSE_COVER', 'SUPPLEMENT_FILE', 'CAPTIONS', 'LAB_PHOTO', 'AVATAR']);
const kind = z.enum(['VIDEO', 'AUDIO', 'PDF', 'IMAGE', 'FILE', 'CAPTIONS']);
/** aggregateId: the asset; courseId: its course (when it has one); userId: its uploader when known. */
const asset = (d: { assetId: string; courseId?: string | undefined; ownerId?: string | undefined }) => ({
  aggregateId: d.assetId, ...(d.courseId ? { courseId: d.courseId } : {}), ...(d.ownerId ? { userId: d.ownerId } : {}),
});

/** An upload session was opened: the asset exists, UPLOADING. */
export const MediaAssetCreated = defineEvent({
  type: 'MediaAssetCreated', producer, refs: asset,
  schema: z.object({ assetId: id, purpose, kind, courseId: id.optional(), labId: id.optional(), ownerId: id, fileName: z.string() }),
});

/**
 * The asset's bytes are all there (or a FAILED asset was retried): its processing job is queued.
 * `attempt` numbers the job, so a job consumer acts on the latest one only.
 */
export const MediaProcessingQueued = defineEvent({
  type: 'MediaProcessingQueued', producer, refs: asset,
  schema: z.object({ assetId: id, courseId: id.optional(), ownerId: id, attempt: count }),
});

export const MediaAssetReady = defineEvent({
  type: 'MediaAssetReady', producer, refs: asset,
  schema: z.object({
    assetId: id, courseId: id.optional(), kind,
    durationSeconds: z.number().nonnegative().optional(), width: count.optional(), height: count.optional(),
  }),
});

export const MediaAssetFailed = defineEvent({
  type: 'MediaAssetFailed', producer, refs: asset,
  schema: z.object({ assetId: id, courseId: id.optional(), reason: z.string() }),
});

export type MediaAssetCreatedData = PayloadOf<typeof MediaAssetCreated>;
export type MediaProcessingQueuedData = PayloadOf<typeof MediaProcessingQueued>;
export type MediaAssetReadyData = PayloadOf<typeof MediaAssetReady>;
export type MediaAssetFailedData = PayloadOf<typeof MediaAssetFailed>;

export const mediaEvents = [MediaAssetCreated, MediaProcessingQueued, MediaAssetReady, MediaAssetFailed];
