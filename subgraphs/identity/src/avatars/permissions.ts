import { allow, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// A user changes only their own picture (the service takes the viewer's id); everyone sees avatars.
export const avatarPermissions: IRules = {
  Mutation: { setAvatar: isAuthenticated, clearAvatar: isAuthenticated },
  Avatar: allow,
  MediaAsset: allow,
};
