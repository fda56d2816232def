// The sign-in or link under way while the browser is at the provider: which provider and state,
// kept in this tab only, so that the callback page knows what to complete.
const KEY = 'learning-graph.oidc';

export interface PendingOidc {
  provider: string; state: string; intent: 'signin' | 'link';
  /** A path of this client to come back to once signed in (signing in again to confirm something). */
  returnTo?: string;
}

/** Only a path of this origin: a stored value must never send the browser elsewhere. */
export const safeReturnPath = (path: string | undefined): string => (path && path.startsWith('/') && !path.startsWith('//') ? path : '/');

export const callbackUri = (): string => `${window.location.origin}/auth/callback`;

export function savePending(pending: PendingOidc): void {
  sessionStorage.setItem(KEY, JSON.stringify(pending));
}

/** Read once: a reload of the callback page cannot complete twice. */
export function takePending(): PendingOidc | null {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  try {
    return raw ? (JSON.parse(raw) as PendingOidc) : null;
  } catch {
    return null;
  }
}
