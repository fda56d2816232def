import { GraphQLError } from 'graphql';

/**
 * How recent a sign-in must be to stand in for a password: an account that signs in only through a
 * provider has none to confirm a sensitive change with, so it signs in again instead (as GitHub's
 * "sudo mode" does).
 */
export const RECENT_SIGN_IN_MINUTES = 10;
export const RECENT_SIGN_IN_REQUIRED = 'RECENT_SIGN_IN_REQUIRED';

export function isRecentSignIn(authenticatedAt: Date | undefined, now = new Date()): boolean {
  return authenticatedAt !== undefined && now.getTime() - authenticatedAt.getTime() <= RECENT_SIGN_IN_MINUTES * 60_000;
}

export const recentSignInRequired = (what: string) => new GraphQLError(
  `Sign in again with your provider to confirm: ${what} without a password needs a sign-in of the last ${RECENT_SIGN_IN_MINUTES} minutes.`,
  { extensions: { code: 'FORBIDDEN', reason: RECENT_SIGN_IN_REQUIRED } },
);
