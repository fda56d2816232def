// Where an upload's bytes go and how far they got, kept in localStorage per file, so that picking
// the same file again (after a reload or a crash) resumes at the server's offset instead of
// opening a new upload. tus-js-client only remembers uploads it created itself, and ours are
// created by createUpload, hence this small record.
import { Upload } from 'tus-js-client';

export interface UploadTarget { assetId: string; uploadUrl: string; expiresAt: string }

/** Bytes per PATCH: small enough that a dropped connection loses little, large enough to be few requests. */
export const CHUNK_BYTES = 1024 * 1024;

const keyOf = (file: File, scope: string) => `lg-upload:${scope}:${file.name}:${file.size}:${file.lastModified}`;

export function rememberedTarget(file: File, scope: string): UploadTarget | null {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(file, scope)) ?? 'null') as UploadTarget | null;
    if (stored && Date.parse(stored.expiresAt) > Date.now()) return stored;
  } catch {
    // A record we cannot read is no record.
  }
  localStorage.removeItem(keyOf(file, scope));
  return null;
}

export const rememberTarget = (file: File, scope: string, target: UploadTarget) => localStorage.setItem(keyOf(file, scope), JSON.stringify(target));
export const forgetTarget = (file: File, scope: string) => localStorage.removeItem(keyOf(file, scope));

export interface SendCallbacks {
  onProgress(sent: number, total: number): void;
  onSuccess(): void;
  onError(error: Error): void;
}

/**
 * A tus upload of `file` to an upload URL that already exists: tus-js-client asks the server for
 * its offset (HEAD) and sends the rest in chunks, retrying after a dropped connection from
 * wherever the server got to.
 */
export function tusUpload(file: File, uploadUrl: string, callbacks: SendCallbacks): Upload {
  return new Upload(file, {
    uploadUrl,
    chunkSize: CHUNK_BYTES,
    retryDelays: [0, 1_000, 3_000, 5_000, 10_000],
    storeFingerprintForResuming: false,
    metadata: { filename: file.name, filetype: file.type },
    onProgress: callbacks.onProgress,
    onSuccess: callbacks.onSuccess,
    onError: callbacks.onError,
  });
}
