/**
 * The signed-in session: tokens kept in storage, a single-flight `refreshSession` before the access
 * token expires (or after a 401), and listeners told of every change (the WebSocket renews its token
 * with a graphql-ws ping on each one). The user never sees a refresh.
 */
import type { SessionFieldsFragment } from '../gql/graphql.ts';

/**
 * A session as every sign-in answers it (session-fields.ts); REFRESH below, sent by plain fetch,
 * selects the same fields, and the stored session is read back as this.
 */
export type Session = SessionFieldsFragment;

const KEY = 'learning-graph.session';
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

export interface KeyValueStorage { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void }

const REFRESH = `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { accessToken accessTokenExpiresAt refreshToken user { id displayName roles emailVerified } } }`;

export class SessionStore {
  private session: Session | null;
  private listeners = new Set<(s: Session | null) => void>();
  private refreshing: Promise<Session | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly endpoint: string, private readonly storage: KeyValueStorage, private readonly fetchImpl: typeof fetch = (...a) => fetch(...a)) {
    this.session = read(storage);
    this.schedule();
  }

  get current(): Session | null { return this.session; }

  subscribe(listener: (s: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(session: Session | null): void {
    this.session = session;
    if (session) this.storage.setItem(KEY, JSON.stringify(session));
    else this.storage.removeItem(KEY);
    this.schedule();
    for (const l of this.listeners) l(session);
  }

  /** An access token valid for at least a minute more, refreshed first when needed; null when signed out. */
  async accessToken(): Promise<string | null> {
    const s = this.session;
    if (!s) return null;
    if (Date.parse(s.accessTokenExpiresAt) - Date.now() > EARLY_MS) return s.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /** One refresh at a time: concurrent callers share it. A refused refresh token signs out. */
  refresh(): Promise<Session | null> {
    if (this.refreshing) return this.refreshing;
    const s = this.session;
    if (!s) return Promise.resolve(null);
    this.refreshing = (async () => {
      try {
        const res = await this.fetchImpl(this.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: REFRESH, variables: { refreshToken: s.refreshToken } }),
        });
        const body = (await res.json()) as { data?: { refreshSession?: Session } | null; errors?: unknown[] };
        const next = body.data?.refreshSession;
        if (next) {
          this.set(next);
          return next;
        }
        if (this.session === s) this.set(null);
        return null;
      } catch {
        return this.session; // offline: keep the session, try again later
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.session;
    if (!s) return;
    const wait = Math.max(1000, Date.parse(s.accessTokenExpiresAt) - Date.now() - EARLY_MS);
    this.timer = setTimeout(() => void this.refresh(), Math.min(wait, 2 ** 31 - 1));
    (this.timer as { unref?: () => void }).unref?.(); // never keeps a Node.js test alive
  }
}

function read(storage: KeyValueStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/**
 * A fetch for urql: adds the bearer token and, when the gateway answers 401 (expired or revoked
 * token), refreshes once and repeats the request.
 */
export function authFetch(store: SessionStore, fetchImpl: typeof fetch = (...a) => fetch(...a)): typeof fetch {
  return async (input, init) => {
    const withToken = (token: string | null): RequestInit => {
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return { ...init, headers };
    };
    const token = await store.accessToken();
    const res = await fetchImpl(input, withToken(token));
    if (res.status !== 401 || !token) return res;
    const renewed = await store.refresh();
    return fetchImpl(input, withToken(renewed?.accessToken ?? null));
  };
}
