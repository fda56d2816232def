import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';

/**
 * The gateway signs each subgraph request with a secret it shares with the subgraphs: an
 * HMAC-SHA256 over the method, the path, the moment of signing and a SHA-256 of the exact body
 * bytes. A subgraph can then refuse strangers cheaply: headers first, the body's bytes before
 * anything parses them.
 */
export const SIGNATURE_HEADER = 'x-lg-signature';
export const TIMESTAMP_HEADER = 'x-lg-timestamp';
const VERSION = 'v1';

export interface SignedRequest {
  method: string;
  /** Path and query string, as the server sees it (`/graphql`). */
  path: string;
  body: string | Buffer;
}

const bodyDigest = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

function mac(secret: string, request: Omit<SignedRequest, 'body'>, timestamp: string, digest: string): string {
  return createHmac('sha256', secret).update(`${VERSION}\n${request.method.toUpperCase()}\n${request.path}\n${timestamp}\n${digest}`).digest('hex');
}

/** The headers that make `request` acceptable to a subgraph holding the same secret. */
export function signatureHeaders(secret: string, request: SignedRequest, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `${VERSION}=${mac(secret, request, timestamp, bodyDigest(request.body))}` };
}

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** What the headers alone can tell: present, well-formed and recent enough. */
export function checkSignatureHeaders(
  headers: Record<string, string | string[] | undefined>,
  skewSeconds: number,
  now = Date.now(),
): { ok: true; timestamp: string; signature: string } | { ok: false; problem: SignatureProblem } {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (timestamp === undefined || signature === undefined) return { ok: false, problem: 'missing' };
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,15}$/.test(timestamp) || !/^v1=[0-9a-f]{64}$/.test(signature))
    return { ok: false, problem: 'malformed' };
  if (Math.abs(now - Number(timestamp)) > skewSeconds * 1000) return { ok: false, problem: 'stale' };
  return { ok: true, timestamp, signature: signature.slice(VERSION.length + 1) };
}

/** Whether `signature` is the secret's MAC of this method, path, timestamp and body. */
export function signatureMatches(secret: string, request: SignedRequest, timestamp: string, signature: string): boolean {
  const expected = Buffer.from(mac(secret, request, timestamp, bodyDigest(request.body)), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The shared secret comes from configuration; in development and tests it is generated once into
 * the data directory (like the JWT keys), so that every process of a local scaled-out run shares it.
 */
export function loadSubgraphSecret(config: Config): string {
  if (config.SUBGRAPH_SECRET) return config.SUBGRAPH_SECRET;
  if (config.production) throw new Error('SUBGRAPH_SECRET must be set in production (the gateway and every subgraph share it).');
  const dir = join(config.DATA_DIR, 'keys');
  const path = join(dir, 'subgraph-secret');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    // Several processes may start at once: write aside, then link, which only one of them wins.
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, generateSubgraphSecret(), { mode: 0o600 });
    try {
      linkSync(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  return readFileSync(path, 'utf8').trim();
}

export const generateSubgraphSecret = (): string => randomBytes(32).toString('base64url');
