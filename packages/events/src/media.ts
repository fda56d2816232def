import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

const producer = 'media';

export const mediaPurpose = z.enum(['LESSON_MEDIA', 'COURSE_COVER', 'SUPPLEMENT_FILE', 'CAPTIONS', 'LAB_PHOTO']);
export const mediaKind = z.enum(['VIDEO', 'AUDIO', 'PDF', 'IMAGE', 'FILE', 'CAPTIONS']);

/** aggregateId: the asset; courseId: the course it belongs to, when it has one. */
const asset = (d: { assetId: string; courseId?: string | undefined }) => ({ aggregateId: d.assetId, ...(d.courseId ? { courseId: d.courseId } : {}) });

/** An upload session was opened: the asset exists (UPLOADING) and belongs to `ownerId`. */
export const MediaAssetCreated = defineEvent({
  type: 'MediaAssetCreated', producer,
  refs: (d: { assetId: string; courseId?: string | undefined; ownerId: string }) => ({ ...asset(d), userId: d.ownerId }),
  schema: z.object({
    assetId: id, purpose: mediaPurpose, kind: mediaKind, courseId: id.optional(), labId: id.optional(), ownerId: id, fileName: z.string(),
  }),
});

/** Processing finished: the asset can be served. */
export const MediaAssetReady = defineEvent({
  type: 'MediaAssetReady', producer, refs: asset,
  schema: z.object({
    assetId: id, courseId: id.optional(), kind: mediaKind, durationSeconds: z.number().nonnegative().optional(),
    width: z.number().int().nonnegative().optional(), height: z.number().int().nonnegative().optional(),
  }),
});

export const MediaAssetFailed = defineEvent({
  type: 'MediaAssetFailed', producer, refs: asset,
  schema: z.object({ assetId: id, courseId: id.optional(), reason: z.string() }),
});

export type MediaAssetCreatedData = PayloadOf<typeof MediaAssetCreated>;
export type MediaAssetReadyData = PayloadOf<typeof MediaAssetReady>;
export type MediaAssetFailedData = PayloadOf<typeof MediaAssetFailed>;

export const mediaEvents = [MediaAssetCreated, MediaAssetReady, MediaAssetFailed];
