import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { inClientSpan, tracingOn } from '@lg/platform';
import { checkKey, type ByteRange, type MediaStorage, type StoredObject } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server's URL; AWS itself when left out. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

const notFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Objects in an S3 bucket. Bytes are still served by the media file server (which checks our own
 * signed URLs and the access rule), so no presigned S3 URL leaves the service.
 */
export class S3Storage implements MediaStorage {
  readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    this.client = new S3Client({
      region: options.region,
      // Checksums only where S3 requires them: the default streams bodies as aws-chunked with a
      // trailing checksum, which S3-compatible servers (MinIO, gofakes3, …) do not all accept.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
    // The SDK sends over node:http, which no instrumentation of ours patches: a span per command.
    if (tracingOn()) {
      this.client.middlewareStack.add(
        (next, { commandName }) => (args) => inClientSpan(`s3 ${String(commandName)}`, { 'rpc.system': 'aws-api', 'rpc.service': 'S3', 'rpc.method': String(commandName) }, () => next(args)),
        { step: 'initialize', name: 'tracing' },
      );
    }
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    const { size } = await statFile(path);
    await this.client.send(new PutObjectCommand({
      Bucket: this.options.bucket, Key: checkKey(key), Body: createReadStream(path), ContentLength: size, ContentType: contentType,
    }));
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({
        Bucket: this.options.bucket, Key: checkKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }));
      return answer.Body as Readable;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: checkKey(key) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0), etag: (head.ETag ?? '').replaceAll('"', '') };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: checkKey(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (;;) {
      const keys = await this.list(prefix);
      if (keys.length === 0) return;
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })) } }));
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}
