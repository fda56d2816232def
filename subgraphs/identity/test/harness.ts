import { generateKeyPem, type Platform, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, serveForTest, testPlatform, type GraphQLClient } from '@lg/platform/testing';
import { SignJWT, importPKCS8 } from 'jose';
import { createIdentitySubgraph, type IdentitySubgraph } from '../src/index.ts';

export { codeOf };

export interface IdentityHarness {
  platform: Platform;
  readonly subgraph: IdentitySubgraph;
  readonly server: RunningServer;
  gql: GraphQLClient;
  close(): Promise<void>;
}

/** The identity subgraph served over HTTP on a fresh database. */
export async function startIdentity(): Promise<IdentityHarness> {
  const platform = await testPlatform();
  const served = await serveForTest(platform, () => createIdentitySubgraph(platform));
  return {
    platform,
    get subgraph() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    async close() {
      await served.stop();
      await closeTestPlatform(platform);
    },
  };
}

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id email displayName roles createdAt } }
  }`;

let counter = 0;
export async function registerUser(gql: GraphQLClient, overrides: Partial<{ email: string; password: string; displayName: string }> = {}) {
  counter += 1;
  const input = { email: `user${counter}-${Date.now()}@example.com`, password: 'correct horse 42', displayName: `User ${counter}`, ...overrides };
  const res = await gql(REGISTER, { input });
  if (res.errors) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return { ...res.data!.register, password: input.password, email: input.email };
}

/** Makes a user ADMIN straight in the database (the first admin cannot be granted by anyone). */
export async function makeAdmin(h: IdentityHarness, userId: string, password: string, email: string) {
  await h.subgraph.repository.users.updateOne({ _id: userId }, { $addToSet: { roles: 'ADMIN' } });
  const res = await h.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: password });
  return res.data!.login.accessToken as string;
}

/** A well-formed token signed with a key this platform never issued. */
export async function foreignToken(sub: string): Promise<string> {
  const { privateKeyPem } = await generateKeyPem();
  return new SignJWT({ roles: ['ADMIN'] })
    .setProtectedHeader({ alg: 'EdDSA' }).setSubject(sub).setIssuer('learning-graph').setAudience('learning-graph')
    .setIssuedAt().setExpirationTime('10m').sign(await importPKCS8(privateKeyPem, 'EdDSA'));
}

/** A token signed with the platform's own key but already expired. */
export async function expiredToken(h: IdentityHarness, sub: string): Promise<string> {
  const key = await importPKCS8(h.platform.keys.privateKeyPem!, 'EdDSA');
  const past = Math.floor(Date.now() / 1000) - 3600;
  return new SignJWT({ roles: ['STUDENT'] })
    .setProtectedHeader({ alg: 'EdDSA' }).setSubject(sub).setIssuer('learning-graph').setAudience('learning-graph')
    .setIssuedAt(past - 60).setExpirationTime(past).sign(key);
}
