import argon2 from 'argon2';
import { badInput } from '@lg/platform';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** The password policy: long enough, not only letters or only digits, not the email itself. */
export function checkPasswordPolicy(password: string, email?: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw badInput(`The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long.`, field);
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password))
    throw badInput('The password must contain at least one letter and one digit.', field);
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()) && email.split('@')[0]!.length >= 4)
    throw badInput('The password must not contain your email address.', field);
}

// OWASP's argon2id baseline (19 MiB, 2 iterations) keeps a login well under 100 ms on our cores.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, options);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so that both failures take the same time. */
let decoyHash: Promise<string> | undefined;
export const decoy = (): Promise<string> => (decoyHash ??= hashPassword('decoy-password-never-matches-1'));
