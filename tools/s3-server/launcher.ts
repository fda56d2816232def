import { startGoServer } from '../go-binary.ts';

export interface S3Server { endpoint: string; bucket: string; stop(): Promise<void> }

/** An S3-compatible server (in memory) on a free loopback port, with `bucket` created. */
export async function startS3Server(bucket = 'media'): Promise<S3Server> {
  const server = await startGoServer('s3-server', ['-addr', '127.0.0.1:0', '-bucket', bucket]);
  return { endpoint: `http://${server.address}`, bucket, stop: server.stop };
}
