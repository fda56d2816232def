// What a sign-in answers when it needs a second factor: UNAUTHENTICATED with a challenge token in
// `extensions` (mfaRequired: a code; mfaEnrollmentRequired: the role requires setting one up first).
import type { CombinedError } from 'urql';

export interface SignInChallenge { token: string; enrol: boolean }

export function challengeOf(error: CombinedError | undefined): SignInChallenge | null {
  for (const e of error?.graphQLErrors ?? []) {
    const { challengeToken, mfaRequired, mfaEnrollmentRequired } = e.extensions as Record<string, unknown>;
    if (typeof challengeToken === 'string' && (mfaRequired === true || mfaEnrollmentRequired === true))
      return { token: challengeToken, enrol: mfaEnrollmentRequired === true };
  }
  return null;
}
