import { allow, hasAnyRole, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Who may read an asset (and get its signed URLs) is the service's access rule (access.ts), which
// answers FORBIDDEN or null URLs; here only who may ask at all. Uploads are for instructors and
// ADMIN (course media, lab photos); a retry for the uploader or ADMIN, checked by the service.
export const permissions: IRules = {
  Query: { mediaAsset: allow },
  Mutation: {
    createUpload: hasAnyRole('INSTRUCTOR', 'ADMIN'),
    retryMediaProcessing: isAuthenticated,
  },
  MediaAsset: allow,
  UploadSession: allow,
};
