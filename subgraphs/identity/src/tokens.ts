import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { API_KEY_CLAIM, AUTH_TIME_CLAIM, EMAIL_VERIFIED_CLAIM, JWT_ALG, MANIFEST_CLAIM, SCOPES_CLAIM, SESSION_CLAIM, newId, type Config } from '@lg/platform';
import type { UserModel } from './models.ts';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const randomSecret = (): string => randomBytes(32).toString('base64url');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AccessToken { token: string; expiresAt: Date }

/**
 * `sid` names the session (the refresh-token family) so that ending it ends this token too; `iat`
 * keeps milliseconds (RFC 7519 allows a fractional NumericDate) so that "every token issued before
 * a password reset" never catches a token signed in the same second just after it. `issuedAt` is
 * when the user (and so the roles in the token) was read, which may be a moment before signing.
 */
export async function signAccessToken(
  user: UserModel, sessionId: string, issuedAt: number, authenticatedAt: Date, key: CryptoKey, config: Config,
): Promise<AccessToken> {
  const now = Date.now();
  const expiresAt = new Date(now + config.ACCESS_TOKEN_TTL_SECONDS * 1000);
  // `ev` lets every subgraph refuse what waits for a verified address without reading the user;
  // `auth_time` (OIDC's name) is when the user last proved who they are, kept across refreshes, so
  // that a sensitive action can ask for a recent sign-in from a user who has no password to confirm.
  const claims = {
    roles: user.roles, [SESSION_CLAIM]: sessionId, [EMAIL_VERIFIED_CLAIM]: user.emailVerified !== false,
    [AUTH_TIME_CLAIM]: Math.floor(authenticatedAt.getTime() / 1000),
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: JWT_ALG })
    .setSubject(user._id)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(issuedAt / 1000)
    .setJti(newId())
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/**
 * The access token an API key is exchanged for: the owner as subject, their roles but ADMIN, the
 * key's id, scopes and pinned manifest. No session and no `auth_time`: a key never counts as a recent sign-in.
 * It ends at `expiresAt` (the token lifetime, or sooner when the key or its secret ends sooner).
 */
export async function signApiKeyToken(
  user: UserModel, key: { id: string; scopes: string[]; manifest: string | null }, expiresAt: Date, signingKey: CryptoKey, config: Config,
): Promise<AccessToken> {
  const claims = {
    roles: user.roles.filter((r) => r !== 'ADMIN'), [EMAIL_VERIFIED_CLAIM]: user.emailVerified !== false,
    [API_KEY_CLAIM]: key.id, [SCOPES_CLAIM]: key.scopes, ...(key.manifest ? { [MANIFEST_CLAIM]: key.manifest } : {}),
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: JWT_ALG })
    .setSubject(user._id)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(Date.now() / 1000)
    .setJti(newId())
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(signingKey);
  return { token, expiresAt };
}

/** A refresh token is "<record id>.<secret>"; only the secret's hash is stored. */
export function parseRefreshToken(token: string): { id: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}
