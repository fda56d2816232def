import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { EventConsumer, flushOutbox, type EventLog, type LoggedEvent, type Platform } from '@lg/platform';
import { MediaProcessingQueued } from '@lg/events';
import type { MediaConfig } from '../config.ts';
import { mediaAssetFailed, mediaAssetReady } from '../events.ts';
import type { MediaAssetModel } from '../models.ts';
import type { MediaRepository } from '../repository.ts';
import type { MediaStorage } from '../storage/index.ts';
import type { UploadStaging } from '../uploads.ts';
import { ToolFailed, poster, probe, transcodeToHls, type Probe } from './ffmpeg.ts';
import { sniff } from './sniff.ts';

/** A job's outcome: what the asset becomes. */
type Outcome =
  | { ok: true; contentType: string; files: NonNullable<MediaAssetModel['files']>; probe?: Probe }
  | { ok: false; reason: string };

class Refused extends Error {}

const TYPES_BY_FILE: Record<string, string> = { m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t', jpg: 'image/jpeg' };

/**
 * Media processing, off the request path: a consumer of the event log that runs one job per
 * MediaProcessingQueued event, in log order, from its own checkpoint. The checkpoint moves only
 * after a job is done, so a process killed mid-job runs it again on restart; a job is therefore
 * written to be repeated: it first deletes whatever an earlier run of it left (work directory and
 * stored files), and its result is one conditional write (PROCESSING at this attempt → READY or
 * FAILED, with its event in the same document), which only one run can make.
 */
export class MediaProcessor {
  readonly consumer: EventConsumer;
  private readonly abort = new AbortController();

  constructor(
    platform: Pick<Platform, 'db' | 'eventLog' | 'logger'>,
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly staging: UploadStaging,
    private readonly config: MediaConfig,
    private readonly events: EventLog = platform.eventLog,
    options: { pollMs?: number } = {},
  ) {
    this.consumer = new EventConsumer({
      name: 'media.processing',
      db: platform.db,
      log: platform.eventLog,
      logger: platform.logger.child({ part: 'media-processing' }),
      types: [MediaProcessingQueued.type],
      handle: (event) => this.handle(event),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    });
  }

  start(): void {
    this.consumer.start();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer.stop();
  }

  /** Runs every queued job (tests and the seed wait on this). */
  catchUp(): Promise<void> {
    return this.consumer.catchUp();
  }

  private workDir(assetId: string): string {
    return join(this.config.dataDir, 'media', 'work', assetId);
  }

  private async handle(event: LoggedEvent): Promise<void> {
    if (!MediaProcessingQueued.is(event)) return;
    const { assetId, attempt } = event.data;
    const asset = await this.repository.findAsset(assetId);
    if (!asset || asset.status !== 'PROCESSING' || asset.attempt !== attempt) {
      // Done already (a replay after a crash that followed the result) or superseded by a retry.
      if (asset?.status === 'READY') await this.staging.remove(assetId);
      return;
    }
    const work = this.workDir(assetId);
    // Whatever an interrupted run of this job left goes first.
    await rm(work, { recursive: true, force: true });
    await this.storage.deletePrefix(`${assetId}/`);
    let outcome: Outcome;
    try {
      await mkdir(work, { recursive: true });
      outcome = await this.run(asset, work);
    } catch (error) {
      if (this.abort.signal.aborted) throw error;
      if (!(error instanceof ToolFailed || error instanceof Refused)) throw error;
      outcome = { ok: false, reason: error.message };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    if (!outcome.ok) await this.storage.deletePrefix(`${assetId}/`);
    await this.finish(asset, outcome);
    if (outcome.ok) await this.staging.remove(assetId);
  }

  private async run(asset: MediaAssetModel, work: string): Promise<Outcome> {
    const source = this.staging.path(asset._id);
    if (!(await this.staging.complete(asset._id))) return { ok: false, reason: 'The upload is not complete.' };
    const sniffed = await sniff(source, asset.kind, asset.contentType);
    if (!sniffed.ok) return sniffed;
    const timeout = this.config.MEDIA_FFMPEG_TIMEOUT_SECONDS * 1000;
    const put = (file: string, path: string, type: string) => this.storage.putFile(`${asset._id}/${file}`, path, type);
    if (asset.kind === 'VIDEO') {
      const probed = await probe(source, timeout);
      if (!probed.hasVideo || !probed.height || !probed.durationSeconds) throw new Refused('The file has no playable video stream.');
      await mkdir(join(work, 'hls'), { recursive: true });
      await transcodeToHls(source, work, probed, timeout, this.abort.signal);
      await poster(source, join(work, 'poster.jpg'), probed, timeout, this.abort.signal);
      for (const file of await filesUnder(work)) {
        await put(file, join(work, file), TYPES_BY_FILE[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
      }
      await put('original', source, sniffed.contentType);
      return { ok: true, contentType: sniffed.contentType, probe: probed, files: { main: 'hls/master.m3u8', poster: 'poster.jpg', original: 'original' } };
    }
    let probed: Probe | undefined;
    if (asset.kind === 'AUDIO' || asset.kind === 'IMAGE') {
      probed = await probe(source, timeout);
      if (asset.kind === 'AUDIO' && !probed.hasAudio) throw new Refused('The file has no playable audio stream.');
      if (asset.kind === 'IMAGE' && !probed.width) throw new Refused('The image could not be decoded.');
    }
    await put('original', source, sniffed.contentType);
    return { ok: true, contentType: sniffed.contentType, files: { main: 'original', original: 'original' }, ...(probed ? { probe: probed } : {}) };
  }

  /** The job's one write: READY or FAILED, guarded by status and attempt, its event in the same update. */
  private async finish(asset: MediaAssetModel, outcome: Outcome): Promise<void> {
    const courseId = asset.courseId ? { courseId: asset.courseId } : {};
    if (outcome.ok) {
      const p = outcome.probe;
      const measured = {
        ...(p?.durationSeconds !== undefined && asset.kind !== 'IMAGE' ? { durationSeconds: p.durationSeconds } : {}),
        ...(p?.width !== undefined && p.height !== undefined && asset.kind !== 'AUDIO' ? { width: p.width, height: p.height } : {}),
      };
      await this.repository.transition(
        asset._id, 'PROCESSING', { status: 'READY', contentType: outcome.contentType, files: outcome.files, ...measured },
        mediaAssetReady({ assetId: asset._id, kind: asset.kind, ...courseId, ...measured }), { attempt: asset.attempt },
      );
    } else {
      const failed = await this.repository.transition(
        asset._id, 'PROCESSING', { status: 'FAILED', failureReason: outcome.reason },
        mediaAssetFailed({ assetId: asset._id, reason: outcome.reason, ...courseId }), { attempt: asset.attempt },
      );
      // A failed asset holds none of its owner's quota (only the run that failed it gives it back).
      if (failed) await this.repository.releaseBytes(asset.ownerId, asset.byteSize);
    }
    await flushOutbox(this.repository.assets, asset._id, this.events);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}
