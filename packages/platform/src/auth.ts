import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors as joseErrors, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import type { Config } from './config.ts';
import { unauthenticated } from './errors.ts';

export const JWT_ALG = 'EdDSA';
export const ROLES = ['STUDENT', 'INSTRUCTOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `emailVerified` is false only for a token that says so (its `ev` claim): tokens signed before
 * verification existed, and those of services, count as verified.
 */
export interface Viewer {
  id: string; roles: Role[]; emailVerified?: boolean;
  /** Set when an API key speaks for its owner (a service account): the key and what it was granted. */
  apiKey?: { id: string; scopes: string[]; manifest?: string };
}

export interface KeyPem { privateKeyPem?: string; publicKeyPem: string }

const pem = (value: string) => value.replace(/\\n/g, '\n');

/**
 * Keys come from configuration; in development and tests they are generated once into the data
 * directory so that a fresh clone works, and they are never committed.
 */
export async function loadKeyPem(config: Config): Promise<KeyPem> {
  if (config.JWT_PUBLIC_KEY) {
    return { publicKeyPem: pem(config.JWT_PUBLIC_KEY), ...(config.JWT_PRIVATE_KEY ? { privateKeyPem: pem(config.JWT_PRIVATE_KEY) } : {}) };
  }
  if (config.production) throw new Error('JWT_PUBLIC_KEY (and JWT_PRIVATE_KEY for identity) must be set in production.');
  const dir = join(config.DATA_DIR, 'keys');
  const privatePath = join(dir, 'jwt-private.pem');
  const publicPath = join(dir, 'jwt-public.pem');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    const generated = await generateKeyPem();
    mkdirSync(dir, { recursive: true });
    writeFileSync(privatePath, generated.privateKeyPem, { mode: 0o600 });
    writeFileSync(publicPath, generated.publicKeyPem);
  }
  return { privateKeyPem: readFileSync(privatePath, 'utf8'), publicKeyPem: readFileSync(publicPath, 'utf8') };
}

export async function generateKeyPem(): Promise<Required<KeyPem>> {
  const { privateKey, publicKey } = await generateKeyPair(JWT_ALG, { crv: 'Ed25519', extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

export const importPrivateKey = (privateKeyPem: string): Promise<CryptoKey> => importPKCS8(privateKeyPem, JWT_ALG);

/** The JWT claim saying whether the user's email address was verified when the token was signed. */
export const EMAIL_VERIFIED_CLAIM = 'ev';

/** The JWT claim naming the session (the refresh-token family) an access token was issued under. */
export const SESSION_CLAIM = 'sid';
/** When the user last signed in (epoch seconds, OpenID Connect's claim), unchanged by refreshes. */
export const AUTH_TIME_CLAIM = 'auth_time';

/** The JWT claims of a token exchanged for an API key: the key's id and its granted scopes. */
export const API_KEY_CLAIM = 'akid';
export const SCOPES_CLAIM = 'scp';
/** The owner's document manifest (name@version) a key is pinned to: the gateway runs that manifest's documents only. */
export const MANIFEST_CLAIM = 'dmf';

/** An API key speaks for its owner with the owner's roles, never ADMIN (a signer's slip changes nothing). */
function viewerOf(sub: string, roles: Role[], payload: Record<string, unknown>): Viewer {
  const keyId = payload[API_KEY_CLAIM];
  const base: Viewer = payload[EMAIL_VERIFIED_CLAIM] === false ? { id: sub, roles, emailVerified: false } : { id: sub, roles };
  if (typeof keyId !== 'string') return base;
  const scopes = Array.isArray(payload[SCOPES_CLAIM]) ? (payload[SCOPES_CLAIM] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const manifest = payload[MANIFEST_CLAIM];
  return { ...base, roles: roles.filter((r) => r !== 'ADMIN'), apiKey: { id: keyId, scopes, ...(typeof manifest === 'string' ? { manifest } : {}) } };
}

/** A verified access token: who it speaks for, and what a revocation list needs to judge it. */
export interface VerifiedToken {
  viewer: Viewer;
  /** Absent from tokens signed before sessions were named; those end with their user's revocations only. */
  sessionId: string | undefined;
  /** Epoch milliseconds; identity signs `iat` with millisecond precision (a fractional NumericDate). */
  issuedAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Viewer>;
  verifySession(token: string): Promise<VerifiedToken>;
}

export async function createTokenVerifier(publicKeyPem: string, issuer: string, audience: string): Promise<TokenVerifier> {
  const key = await importSPKI(publicKeyPem, JWT_ALG);
  const verifySession = async (token: string): Promise<VerifiedToken> => {
    try {
      const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: [JWT_ALG] });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      const sid = payload[SESSION_CLAIM];
      return {
        viewer: viewerOf(payload.sub, roles, payload),
        sessionId: typeof sid === 'string' ? sid : undefined,
        issuedAt: typeof payload.iat === 'number' ? payload.iat * 1000 : 0,
        expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Your session has expired; refresh it or sign in again.');
      throw unauthenticated('The access token is not valid.');
    }
  };
  return { verifySession, verify: async (token) => (await verifySession(token)).viewer };
}

/** Reads `Authorization: Bearer <token>`; a malformed header is as bad as a bad token. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(value.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
  return match[1];
}

export const hasRole = (viewer: Viewer | null | undefined, role: Role): boolean => Boolean(viewer?.roles.includes(role));
