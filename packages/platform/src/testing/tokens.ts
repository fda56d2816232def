import { createPrivateKey, sign } from 'node:crypto';
import type { Role } from '../auth.ts';
import { newId } from '../ids.ts';
import type { Platform } from '../runtime.ts';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An access token as identity would issue it, signed with the platform's own key; synchronous
 * so that test tables can build actors inline. `expiresInSeconds` may be negative (expired);
 * `claims` adds others (`{ ev: false }`: an unverified email).
 */
export function signTestToken(platform: Platform, sub: string, roles: Role[], expiresInSeconds = 600, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const { JWT_ISSUER: iss, JWT_AUDIENCE: aud } = platform.config;
  const signed = `${b64({ alg: 'EdDSA', typ: 'JWT' })}.${b64({ sub, roles, iss, aud, iat: now, exp: now + expiresInSeconds, jti: newId(), ...claims })}`;
  const signature = sign(null, Buffer.from(signed), createPrivateKey(platform.keys.privateKeyPem!));
  return `${signed}.${signature.toString('base64url')}`;
}
