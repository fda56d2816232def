// GitHub's user API (`/user`, `/user/emails`) in front of the loopback provider, for a `github`
// provider entry: the provider issues and checks the access tokens, this answers as GitHub does
// for the account a token belongs to.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestOidcProvider } from './oidc-provider.ts';

export interface TestGithubApi { url: string; stop(): Promise<void> }

export async function startGithubApi(idp: TestOidcProvider): Promise<TestGithubApi> {
  const ids = new Map<string, number>();
  const server = createServer((req, res) => {
    void (async () => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const account = token ? await idp.accountOfToken(token) : undefined;
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!account) return json(401, { message: 'Bad credentials' });
      if (!ids.has(account.login)) ids.set(account.login, 1000 + ids.size);
      if (req.url === '/user') return json(200, { id: ids.get(account.login), login: account.login, name: account.name });
      if (req.url === '/user/emails') return json(200, [{ email: account.email, primary: true, verified: account.emailVerified, visibility: 'private' }]);
      return json(404, { message: 'Not Found' });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
