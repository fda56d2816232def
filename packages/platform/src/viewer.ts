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
