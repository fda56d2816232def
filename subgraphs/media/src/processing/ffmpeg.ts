import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Probe {
  durationSeconds?: number;
  width?: number;
  height?: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

/** A tool's failure, with the last lines of its error output as the reason. */
export class ToolFailed extends Error {}

async function tool(command: 'ffmpeg' | 'ffprobe', args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  try {
    // No shell: arguments go to the program as they are.
    const { stdout } = await run(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, signal });
    return stdout;
  } catch (error) {
    const e = error as { killed?: boolean; stderr?: string; code?: string | number };
    // The asset fails with the reason and can be retried once the tool is there.
    if (e.code === 'ENOENT') throw new ToolFailed(`${command} is not installed on the media service (tools/setup.sh installs it).`);
    if (e.killed) throw new ToolFailed(`${command} took longer than ${Math.round(timeoutMs / 1000)} s.`);
    const last = (e.stderr ?? '').trim().split('\n').slice(-2).join(' ').slice(0, 300);
    throw new ToolFailed(`${command} could not read the file${last ? `: ${last}` : '.'}`);
  }
}

/** Duration and size from ffprobe (video, audio and images alike). */
export async function probe(path: string, timeoutMs: number): Promise<Probe> {
  const out = await tool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], timeoutMs);
  const parsed = JSON.parse(out) as { format?: { duration?: string }; streams?: { codec_type?: string; width?: number; height?: number; duration?: string }[] };
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  const duration = Number(parsed.format?.duration ?? video?.duration);
  return {
    ...(Number.isFinite(duration) && duration > 0 ? { durationSeconds: Math.round(duration * 1000) / 1000 } : {}),
    ...(video?.width && video.height ? { width: video.width, height: video.height } : {}),
    hasVideo: Boolean(video),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** Two renditions: the source's height capped at 720, and half of that (360 for HD sources). */
export function renditionHeights(sourceHeight: number): [number, number] {
  const top = even(Math.min(sourceHeight, 720));
  return [top, even(Math.min(360, top / 2))];
}

/**
 * HLS of two renditions (H.264/AAC in MPEG-TS segments of about 4 s) and a master playlist under
 * `out/hls/`: `master.m3u8`, `v0/index.m3u8` (higher), `v1/index.m3u8`.
 */
export async function transcodeToHls(input: string, out: string, source: Probe, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const [high, low] = renditionHeights(source.height ?? 720);
  const audio = source.hasAudio;
  const args = [
    '-hide_banner', '-nostdin', '-y', '-i', input,
    '-filter_complex', `[0:v:0]split=2[a][b];[a]scale=-2:${high}[v0];[b]scale=-2:${low}[v1]`,
    '-map', '[v0]', '-map', '[v1]',
    ...(audio ? ['-map', '0:a:0', '-map', '0:a:0', '-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-sc_threshold', '0', '-g', '48',
    '-b:v:0', high >= 720 ? '2800k' : '800k', '-b:v:1', low >= 360 ? '800k' : '300k',
    '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', join(out, 'hls', 'v%v', 'seg%03d.ts'),
    '-master_pl_name', 'master.m3u8',
    '-var_stream_map', audio ? 'v:0,a:0 v:1,a:1' : 'v:0 v:1',
    join(out, 'hls', 'v%v', 'index.m3u8'),
  ];
  await tool('ffmpeg', args, timeoutMs, signal);
}

/** A JPEG poster: a frame a second in (or the middle of a shorter video), at most 720 high. */
export async function poster(input: string, output: string, source: Probe, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const at = Math.min(1, (source.durationSeconds ?? 0) / 2);
  const height = even(Math.min(source.height ?? 720, 720));
  await tool('ffmpeg', ['-hide_banner', '-nostdin', '-y', '-ss', at.toFixed(3), '-i', input, '-frames:v', '1', '-vf', `scale=-2:${height}`, '-q:v', '4', output], timeoutMs, signal);
}
