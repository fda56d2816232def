import type { WithOutbox } from '@lg/platform';
import type { MediaKind, MediaPurpose, MediaStatus } from './generated/resolvers-types.ts';

export type { MediaKind, MediaPurpose, MediaStatus };

/** One uploaded file and what processing made of it. */
export interface MediaAssetModel extends WithOutbox {
  _id: string;
  /** Raised by every status change, which is conditional on it. */
  version: number;
  purpose: MediaPurpose;
  kind: MediaKind;
  status: MediaStatus;
  failureReason?: string;
  fileName: string;
  /** Declared at createUpload; replaced by the sniffed type once READY. */
  contentType: string;
  byteSize: number;
  durationSeconds?: number;
  width?: number;
  height?: number;
  courseId?: string;
  labId?: string;
  ownerId: string;
  /** Until when the upload URL is accepted. */
  uploadExpiresAt: Date;
  /** The processing job's number: raised by each retry, so a stale job's result is never written. */
  attempt: number;
  /** Storage keys (under the asset's id) of what is served: the main file, the poster, the original. */
  files?: { main: string; poster?: string; original: string };
  createdAt: Date;
  updatedAt: Date;
}

/** Who instructs a course (media's projection of catalog's course events). */
export interface CourseAccessDocument {
  _id: string;
  instructorId: string;
  seq: number;
}

/** One enrolment, keyed `<courseId>:<userId>` (media's projection of learning's events). */
export interface EnrollmentAccessDocument {
  _id: string;
  status: 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
  seq: number;
}

/** Who hosts a lab (projection of labs' events). */
export interface LabAccessDocument {
  _id: string;
  hostId: string;
  seq: number;
}

/**
 * What makes assets public beyond their purpose: a preview lesson's media (`_id`: `lesson:<id>`)
 * or a public supplement's file (`_id`: `supplement:<id>`), from catalog's events.
 */
export interface PublicMediaDocument {
  _id: string;
  courseId: string;
  /** The assets this source makes public now (empty when it is no longer a preview or public). */
  publicIds: string[];
  seq: number;
}

/**
 * What one user's UPLOADING, PROCESSING and READY assets add up to (`_id`: the user's id): taken
 * by createUpload and a retry, given back when an asset fails or its upload expires.
 */
export interface MediaUsageDocument {
  _id: string;
  usedBytes: number;
}

/** The signed URLs of a READY asset, for a viewer allowed to read it. */
export interface MediaUrls {
  url: string | null;
  posterUrl: string | null;
  downloadUrl: string | null;
}

/** An upload session: the asset with its signed upload URL. */
export interface UploadSessionModel {
  asset: MediaAssetModel;
  uploadUrl: string;
  expiresAt: Date;
}
