// A real OpenID Connect provider (oidc-provider, in-memory) on loopback for the sign-in tests, with
// its own small sign-in page: the account is chosen by login name, consent is given with it.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface ProviderAccount { login: string; email: string; emailVerified: boolean; name: string }

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The entry of OIDC_PROVIDERS for this provider. */
  settings(id?: string, name?: string): { id: string; name: string; issuer: string; clientId: string; clientSecret: string };
  addAccount(account: ProviderAccount): void;
  /** The account an access token of this provider was issued to (the provider's own record of it). */
  accountOfToken(token: string): Promise<ProviderAccount | undefined>;
  /**
   * Plays the user's browser: opens the authorization URL, signs in on the provider's page as
   * `login` and answers the URL the provider sends the browser back to (the web client's callback).
   */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  /** Stops answering (connections refused), as a provider that is down. */
  stop(): Promise<void>;
}

const page = (uid: string, error = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Identity Provider</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:64px auto;padding:0 16px}label,input,button{display:block;width:100%;margin:8px 0;font-size:16px}input,button{padding:10px;box-sizing:border-box}</style></head>
<body><h1>Test Identity Provider</h1><p>Sign in to continue to Learning Graph.</p>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}"><label for="login">Account</label><input id="login" name="login" autocomplete="username" required>
<button type="submit">Continue</button></form></body></html>`;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

/** `redirectUris`: the web client's callbacks this client may be sent back to. */
export async function startOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const accounts = new Map<string, ProviderAccount>();
  const clientId = 'learning-graph';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';
  // The server's port names the issuer, and the provider answers on the server: made after it.
  const made: { provider?: Provider } = {};

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = made.provider!;
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid));
      return;
    }
    const login = (await formOf(req)).get('login') ?? '';
    if (!accounts.has(login)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, 'No such account.'));
      return;
    }
    const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error)));
      return;
    }
    made.provider!.callback()(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  made.provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, token_endpoint_auth_method: 'client_secret_post', response_types: ['code'], grant_types: ['authorization_code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // GitHub's scopes, for the OAuth 2 flow a `github` provider entry uses (no openid: no ID token).
    scopes: ['openid', 'offline_access', 'read:user', 'user:email'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified, name: account.name }) };
    },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    settings: (id = 'local', name = 'Local ID') => ({ id, name, issuer, clientId, clientSecret }),
    addAccount: (account) => accounts.set(account.login, account),
    async accountOfToken(token) {
      const found = await made.provider!.AccessToken.find(token);
      return found?.accountId ? accounts.get(found.accountId) : undefined;
    },
    async signIn(authorizationUrl, login) {
      const cookies = new Map<string, string>();
      const keep = (res: Response) => {
        for (const line of res.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair!.indexOf('=');
          cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
      };
      const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      let url = authorizationUrl;
      let form: string | undefined;
      for (let hop = 0; hop < 12; hop += 1) {
        const res = await fetch(url, form === undefined
          ? { redirect: 'manual', headers: { cookie: cookie() } }
          : { redirect: 'manual', method: 'POST', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
        form = undefined;
        keep(res);
        const location = res.headers.get('location');
        if (location) {
          const next = new URL(location, url).href;
          if (!next.startsWith(issuer)) return next;
          url = next;
          continue;
        }
        const body = await res.text();
        if (res.status === 200 && body.includes('Test Identity Provider') && !body.includes('No such account')) {
          form = new URLSearchParams({ login }).toString();
          continue;
        }
        throw new Error(`the provider answered ${res.status} at ${url}: ${body.slice(0, 300)}`);
      }
      throw new Error('too many redirects at the provider');
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
