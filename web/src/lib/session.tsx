// The session in React: who is signed in, and one urql client per signed-in user (a new user starts
// with an empty cache).
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Provider } from 'urql';
import type { Session, SessionStore } from './auth.ts';
import { createAppClient } from './client.ts';
import type { LiveState, LiveStatus } from './live.ts';

interface SessionValue {
  session: Session | null; live: LiveStatus; signIn(session: Session): void; signOut(): Promise<void>;
  /** A new token pair now: after something the access token states changed (a verified email). */
  refresh(): Promise<void>;
}
const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The state of live updates (the subscription socket) for the signed-in user. */
export function useLiveState(): LiveState {
  const { live } = useSession();
  return useSyncExternalStore(live.subscribe, () => live.state);
}

/**
 * Calls `refetch` each time live updates come back after a drop: events of the gap were not
 * delivered, so a screen reads its list again to catch up.
 */
export function useCatchUpOnReconnect(refetch: () => void): void {
  const { live } = useSession();
  const reconnects = useSyncExternalStore(live.subscribe, () => live.reconnects);
  const seen = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seen.current) return;
    seen.current = reconnects;
    refetch();
  }, [reconnects, refetch]);
}

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(store.current);
  useEffect(() => store.subscribe(setSession), [store]);
  const userId = session?.user.id ?? null;
  const app = useMemo(() => createAppClient(store), [store, userId]);
  useEffect(() => () => app.dispose(), [app]);
  const value = useMemo<SessionValue>(() => ({
    session,
    live: app.live,
    signIn: (s) => store.set(s),
    refresh: async () => void (await store.refresh()),
    async signOut() {
      const refreshToken = store.current?.refreshToken;
      if (refreshToken) {
        await app.client.mutation(`mutation Logout($t: String!) { logout(refreshToken: $t) }`, { t: refreshToken }).toPromise().catch(() => undefined);
      }
      store.set(null);
    },
  }), [session, store, app]);
  return (
    <SessionContext.Provider value={value}>
      <Provider value={app.client}>{children}</Provider>
    </SessionContext.Provider>
  );
}
