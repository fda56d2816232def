import { badInput, isId } from '@lg/platform';
import type { CreateUploadInput } from './generated/resolvers-types.ts';
import type { MediaKind, MediaPurpose } from './models.ts';

// The inputs' types are generated from schema.graphql; this file holds their checks.
export type { CreateUploadInput };

export const LIMITS = {
  fileName: { min: 1, max: 200 },
  contentType: 100,
} as const;

/** The declared types each kind accepts; the sniffed type must agree (checks.ts). */
const KIND_OF_TYPE: [RegExp, MediaKind][] = [
  [/^video\/(mp4|webm|quicktime|x-matroska|x-msvideo|mpeg)$/, 'VIDEO'],
  [/^audio\/(mpeg|mp4|aac|ogg|wav|x-wav|webm|flac|x-m4a)$/, 'AUDIO'],
  [/^application\/pdf$/, 'PDF'],
  [/^image\/(jpeg|png|webp|gif)$/, 'IMAGE'],
  [/^text\/vtt$/, 'CAPTIONS'],
];

/** Which kinds each purpose takes. */
const KINDS_OF_PURPOSE: Record<MediaPurpose, readonly MediaKind[]> = {
  LESSON_MEDIA: ['VIDEO', 'AUDIO', 'PDF', 'IMAGE', 'FILE'],
  COURSE_COVER: ['IMAGE'],
  SUPPLEMENT_FILE: ['PDF', 'IMAGE', 'FILE', 'AUDIO', 'VIDEO'],
  CAPTIONS: ['CAPTIONS'],
  LAB_PHOTO: ['IMAGE'],
  AVATAR: ['IMAGE'],
};


export interface CheckedUpload {
  purpose: MediaPurpose;
  kind: MediaKind;
  courseId?: string;
  labId?: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

// Control characters, path separators and quotes never reach a stored name or a header.
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\"]/;

/** Checks an upload's declaration against the purpose and the kind's size limit. */
export function checkUpload(input: CreateUploadInput, maxBytes: Record<MediaKind, number>, maxAvatarBytes: number): CheckedUpload {
  const fileName = input.fileName.trim();
  if (fileName.length < LIMITS.fileName.min || fileName.length > LIMITS.fileName.max || UNSAFE_NAME.test(fileName)) {
    throw badInput(`fileName must be 1 to ${LIMITS.fileName.max} characters, without control characters, slashes or quotes.`, 'fileName');
  }
  const contentType = input.contentType.trim().toLowerCase();
  if (contentType.length === 0 || contentType.length > LIMITS.contentType) throw badInput('contentType is not a media type.', 'contentType');
  const kind = KIND_OF_TYPE.find(([pattern]) => pattern.test(contentType))?.[1] ?? 'FILE';
  const allowed = KINDS_OF_PURPOSE[input.purpose];
  if (!allowed.includes(kind)) {
    throw badInput(`A ${input.purpose} upload takes ${allowed.join(', ').toLowerCase()} files; ${contentType} is not one.`, 'contentType');
  }
  if (!Number.isInteger(input.byteSize) || input.byteSize < 1) throw badInput('byteSize must be a positive number of bytes.', 'byteSize');
  if (input.byteSize > maxBytes[kind]) {
    throw badInput(`byteSize ${input.byteSize} is over the limit for ${kind.toLowerCase()} files (${maxBytes[kind]} bytes).`, 'byteSize');
  }
  if (input.purpose === 'AVATAR') {
    if (input.byteSize > maxAvatarBytes) throw badInput(`byteSize ${input.byteSize} is over the limit for avatars (${maxAvatarBytes} bytes).`, 'byteSize');
    if (input.courseId || input.labId) throw badInput('An AVATAR belongs to its uploader, not to a course or a lab.', input.courseId ? 'courseId' : 'labId');
    return { purpose: input.purpose, kind, fileName, contentType, byteSize: input.byteSize };
  }
  if (input.purpose === 'LAB_PHOTO') {
    if (!input.labId || !isId(input.labId)) throw badInput('A LAB_PHOTO upload needs a valid labId.', 'labId');
    if (input.courseId) throw badInput('A LAB_PHOTO belongs to a lab, not a course.', 'courseId');
    return { purpose: input.purpose, kind, labId: input.labId, fileName, contentType, byteSize: input.byteSize };
  }
  if (!input.courseId || !isId(input.courseId)) throw badInput(`A ${input.purpose} upload needs a valid courseId.`, 'courseId');
  if (input.labId) throw badInput(`A ${input.purpose} upload belongs to a course, not a lab.`, 'labId');
  return { purpose: input.purpose, kind, courseId: input.courseId, fileName, contentType, byteSize: input.byteSize };
}

export const checkAssetId = (id: string): string => {
  if (!isId(id)) throw badInput('id is not a valid id.', 'id');
  return id;
};
