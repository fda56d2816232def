import type { MailRecord } from '../models.ts';

type Mail = Pick<MailRecord, 'to' | 'subject' | 'text'>;

export const verificationMail = (to: string, displayName: string, link: string, token: string, hours: number): Mail => ({
  to,
  subject: 'Verify your Learning Graph email address',
  text: `Hello ${displayName},\n\nOpen this link within ${hours} hours to verify your email address:\n${link}\n\nVerification token: ${token}\n\n`
    + 'Until then you can learn free courses, but not buy courses, host labs or message others.\n\nIf you did not create this account, ignore this mail.',
});

/** To the old address: someone who took over a session cannot move the account away unnoticed. */
export const emailChangedMail = (to: string, displayName: string, newEmail: string, origin: string): Mail => ({
  to,
  subject: 'Your Learning Graph email address was changed',
  text: `Hello ${displayName},\n\nThe sign-in address of your account was changed to ${maskEmail(newEmail)}.\n\n`
    + `If this was not you, reset your password now at ${origin}/forgot-password and contact support.`,
});

/** "ada@example.com" → "a***@example.com": the old inbox learns where the account went, not the whole address. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
