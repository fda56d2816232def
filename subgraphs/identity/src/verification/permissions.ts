import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// verifyEmail is open: the link is the proof, and it may be opened on a device that is signed out.
export const verificationPermissions: IRules = {
  Mutation: { verifyEmail: allow, resendVerification: isAuthenticated, changeEmail: isAuthenticated },
};
