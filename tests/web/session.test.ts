// The web client's session logic without a browser: invisible refresh (early, single-flight, after a
// 401), sign-out when the refresh token is refused, and readable errors by code.
import { describe, expect, it } from 'vitest';
import { authFetch, SessionStore, type KeyValueStorage, type Session } from '../../web/src/lib/auth.ts';
import { errorMessage } from '../../web/src/lib/errors.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const session = (token: string, inMs: number, refreshToken = `r-${token}`): Session => ({
  __typename: 'AuthPayload', accessToken: token, accessTokenExpiresAt: new Date(Date.now() + inMs).toISOString(), refreshToken, user: { __typename: 'User', id: 'u1', displayName: 'Bea', roles: ['STUDENT'], emailVerified: true },
});

/** A gateway stand-in: refreshSession answers a new session (or an error); other requests 200 or 401. */
function fakeGateway(opts: { refreshFails?: boolean; rejectToken?: string } = {}) {
  const calls: { refreshes: number; seen: (string | null)[] } = { refreshes: 0, seen: [] };
  const impl: typeof fetch = async (_input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { query?: string };
    if (body.query?.includes('refreshSession')) {
      calls.refreshes += 1;
      await new Promise((r) => setTimeout(r, 20));
      const payload = opts.refreshFails
        ? { errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }
        : { data: { refreshSession: session(`fresh${calls.refreshes}`, 900_000) } };
      return new Response(JSON.stringify(payload), { headers: { 'content-type': 'application/json' } });
    }
    const auth = new Headers(init?.headers).get('authorization');
    calls.seen.push(auth);
    if (opts.rejectToken && auth === `Bearer ${opts.rejectToken}`) return new Response('{}', { status: 401 });
    return new Response('{"data":{}}', { status: 200 });
  };
  return { impl, calls };
}

describe('web session', () => {
  it('uses a valid token as it is and refreshes one about to expire, once for concurrent callers', async () => {
    const storage = memoryStorage();
    const gw = fakeGateway();
    const store = new SessionStore('http://gw/graphql', storage, gw.impl);
    store.set(session('valid', 600_000));
    expect(await store.accessToken()).toBe('valid');
    store.set(session('old', 10_000));
    const tokens = await Promise.all([store.accessToken(), store.accessToken(), store.accessToken()]);
    expect(tokens).toEqual(['fresh1', 'fresh1', 'fresh1']);
    expect(gw.calls.refreshes).toBe(1);
    expect(JSON.parse(storage.data.get('learning-graph.session')!).accessToken).toBe('fresh1');
  });

  it('repeats a request answered 401 once, with a refreshed token', async () => {
    const gw = fakeGateway({ rejectToken: 'revoked' });
    const store = new SessionStore('http://gw/graphql', memoryStorage(), gw.impl);
    store.set(session('revoked', 600_000));
    const res = await authFetch(store, gw.impl)('http://gw/graphql', { method: 'POST', body: '{"query":"{ me { id } }"}' });
    expect(res.status).toBe(200);
    expect(gw.calls.seen).toEqual(['Bearer revoked', 'Bearer fresh1']);
  });

  it('signs out when the refresh token is refused, and tells listeners', async () => {
    const gw = fakeGateway({ refreshFails: true });
    const storage = memoryStorage();
    const store = new SessionStore('http://gw/graphql', storage, gw.impl);
    const seen: (Session | null)[] = [];
    store.subscribe((s) => seen.push(s));
    store.set(session('old', 1_000));
    expect(await store.accessToken()).toBeNull();
    expect(store.current).toBeNull();
    expect(storage.data.size).toBe(0);
    expect(seen.at(-1)).toBeNull();
  });

  it('turns error codes into readable messages, keeping the server message for bad input', () => {
    // The shape of urql's CombinedError that errorMessage reads.
    const combined = (graphQLErrors: unknown[], networkError?: Error) => Object.assign(new Error('combined'), { graphQLErrors, networkError }) as unknown as Parameters<typeof errorMessage>[0];
    const err = (code: string, message = 'x') => combined([{ message, extensions: { code } }]);
    expect(errorMessage(err('PAYMENT_REQUIRED'))).toMatch(/add it to your cart/);
    expect(errorMessage(err('UNAUTHENTICATED'))).toMatch(/sign in/i);
    expect(errorMessage(err('BAD_USER_INPUT', 'password: at least 10 characters'))).toBe('password: at least 10 characters');
    expect(errorMessage(combined([], new Error('fetch failed')))).toMatch(/cannot be reached/);
  });
});
