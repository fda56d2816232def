import { hasRole, type Role, type Viewer } from './auth.ts';
import { forbidden, unauthenticated } from './errors.ts';

/** The viewer of a request that needs one: UNAUTHENTICATED when signed out. */
export function signedIn(viewer: Viewer | null | undefined): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

/** A signed-in viewer holding one of `roles`; FORBIDDEN with `message` otherwise. */
export function withAnyRole(viewer: Viewer | null | undefined, roles: readonly Role[], message = `This needs the ${roles.join(' or ')} role.`): Viewer {
  const actor = signedIn(viewer);
  if (!roles.some((role) => hasRole(actor, role))) throw forbidden(message);
  return actor;
}

/** Whether the viewer is one of the given users (an owner, a host, a buyer) or an ADMIN. */
export function isOwnerOrAdmin(viewer: Viewer | null | undefined, ...ownerIds: string[]): boolean {
  return Boolean(viewer && (ownerIds.includes(viewer.id) || hasRole(viewer, 'ADMIN')));
}

/**
 * A signed-in viewer whose email address is verified (as their access token says, so no read is
 * needed); FORBIDDEN naming what waits for the verification otherwise.
 */
export function withVerifiedEmail(viewer: Viewer | null | undefined, action: string): Viewer {
  const actor = signedIn(viewer);
  if (actor.emailVerified === false) {
    throw forbidden(`Verify your email address before you ${action}: open the link we sent you, or ask for a new one.`, 'EMAIL_NOT_VERIFIED');
  }
  return actor;
}
