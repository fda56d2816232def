import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Who may read an asset (and get its signed URLs) is the service's access rule (access.ts), which
// answers FORBIDDEN or null URLs; here only who may ask at all. Uploads are for any signed-in user:
// the service lets a course's instructor, a lab's host and ADMIN upload their media, and anyone
// their own avatar; a retry for the uploader or ADMIN, checked by the service.
export const permissions: IRules = {
  Query: { mediaAsset: allow },
  Mutation: {
    createUpload: isAuthenticated,
    retryMediaProcessing: isAuthenticated,
  },
  MediaAsset: allow,
  UploadSession: allow,
};
