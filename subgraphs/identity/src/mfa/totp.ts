import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { sha256 } from '../tokens.ts';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 without the letters people confuse (I, L, O, U).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const newTotpSecret = (): string => generateSecret();

/** What an authenticator app scans: the issuer and the account's email name the entry. */
export async function enrolmentOf(secret: string, issuer: string, label: string): Promise<{ otpauthUri: string; qrCodeDataUrl: string }> {
  const otpauthUri = generateURI({ issuer, label, secret });
  return { otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 240 }) };
}

/**
 * The time step a six-digit code matched, one step of clock drift either way, or undefined. A step
 * at or before `afterTimeStep` (the last one accepted) is refused, so a code is used once.
 */
export async function matchTotp(secret: string, code: string, afterTimeStep?: number): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({ secret, token, epochTolerance: 30, ...(afterTimeStep === undefined ? {} : { afterTimeStep }) });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Ten codes of ten characters (50 bits each), shown once as XXXXX-XXXXX. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export const recoveryCodeHash = (code: string): string => sha256(`recovery:${code.toUpperCase().replace(/[\s-]/g, '')}`);
