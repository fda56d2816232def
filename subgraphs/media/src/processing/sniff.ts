import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from '../models.ts';

const HEAD_BYTES = 8192;

/** Types never kept, whatever the kind: programs. */
const EXECUTABLE = /^application\/(x-msdownload|x-elf|x-mach-binary|x-executable|x-sharedlib|vnd\.microsoft\.portable-executable|x-dosexec)$/;

const EXPECTED: Record<Exclude<MediaKind, 'CAPTIONS' | 'FILE'>, RegExp> = {
  VIDEO: /^video\//,
  AUDIO: /^audio\//,
  PDF: /^application\/pdf$/,
  IMAGE: /^image\/(jpeg|png|webp|gif)$/,
};

export type Sniffed = { ok: true; contentType: string } | { ok: false; reason: string };

/**
 * What the bytes are, never what the uploader said: the first bytes' signature (file-type) must
 * match the asset's kind; captions must be UTF-8 WebVTT text. A file of kind FILE may be anything
 * but a program.
 */
export async function sniff(path: string, kind: MediaKind, declared: string): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (kind === 'CAPTIONS') return sniffCaptions(head);
  const detected = await fileTypeFromBuffer(head);
  if (detected && EXECUTABLE.test(detected.mime)) return { ok: false, reason: `The file is a program (${detected.mime}), which is never accepted.` };
  if (kind === 'FILE') return { ok: true, contentType: detected?.mime ?? (declared.startsWith('text/') ? 'text/plain; charset=utf-8' : 'application/octet-stream') };
  if (!detected) return { ok: false, reason: `The file's content is not a recognisable ${kind.toLowerCase()} file.` };
  if (!EXPECTED[kind].test(detected.mime)) {
    return { ok: false, reason: `The file's content is ${detected.mime}, not a ${kind.toLowerCase()} file as declared (${declared}).` };
  }
  return { ok: true, contentType: detected.mime };
}

function sniffCaptions(head: Buffer): Sniffed {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  if (!/^WEBVTT(?:[ \t][^\n]*)?\r?\n/.test(text) && text !== 'WEBVTT') return { ok: false, reason: 'Captions must be a WebVTT file (starting with "WEBVTT").' };
  if (text.includes('\u0000') || text.includes('\uFFFD')) return { ok: false, reason: 'Captions must be UTF-8 text.' };
  return { ok: true, contentType: 'text/vtt; charset=utf-8' };
}
