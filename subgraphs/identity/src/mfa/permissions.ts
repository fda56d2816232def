import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Enrolment is also open to a signed-out caller holding an enrolment challenge (a required role's
// first sign-in): the service checks the challenge or the viewer.
export const mfaPermissions: IRules = {
  Query: { myMfa: isAuthenticated },
  Mutation: {
    startMfaEnrollment: allow,
    confirmMfaEnrollment: allow,
    disableMfa: isAuthenticated,
    verifyMfaChallenge: allow,
  },
  MfaEnrollment: allow,
  MfaConfirmation: allow,
  MfaStatus: allow,
};
