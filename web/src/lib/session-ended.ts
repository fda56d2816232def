// Whether a subscription's end says the session is over (ended, revoked, suspended): the page then
// asks for a refresh, which signs it out when the refresh token is refused too. HTTP requests learn
// it from their 401 (authFetch); a page that only listens learns it here.

const UNAUTHORIZED_CLOSE = 4401;

const hasUnauthenticated = (errors: unknown): boolean =>
  Array.isArray(errors) && errors.some((e) => (e as { extensions?: { code?: unknown } } | null)?.extensions?.code === 'UNAUTHENTICATED');

/** A result or an error a subscription sink received. */
export function endsSession(value: unknown): boolean {
  if (hasUnauthenticated(value)) return true;
  if (value && typeof value === 'object') {
    if (hasUnauthenticated((value as { errors?: unknown }).errors)) return true;
    if ((value as { code?: unknown }).code === UNAUTHORIZED_CLOSE) return true;
  }
  return false;
}
