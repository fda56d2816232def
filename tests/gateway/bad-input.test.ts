import { generateKeyPem } from '@lg/platform';
import { codeOf } from '@lg/platform/testing';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiredTokenFor, signUp, startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
beforeAll(async () => void (t = await startTestStack()));
afterAll(async () => t?.close());

const users = () => t.stack.subgraphs.identity.repository.users.countDocuments();
const register = (email: string) => `mutation { register(input: { email: "${email}", password: "a long password 1", displayName: "X" }) { user { id } } }`;

describe('the gateway refuses bad requests before they reach a subgraph, and nothing changes', () => {
  it('a 2 MB body is BAD_USER_INPUT with HTTP 413', async () => {
    const before = await users();
    const res = await fetch(t.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: register('big@example.com'), variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await users()).toBe(before);
  });

  it('a query 40 levels deep is BAD_USER_INPUT', async () => {
    let selection = 'id';
    for (let i = 0; i < 20; i += 1) selection = `instructor { taughtCourses { ${selection} } }`;
    const res = await t.gql(`{ courses { edges { node { ${selection} } } } }`);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/depth limit of 15 exceeded/i);
  });

  it('500 aliases are BAD_USER_INPUT, and the mutation inside does not run', async () => {
    const before = await users();
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await t.gql(`mutation { r: register(input: { email: "alias@example.com", password: "a long password 1", displayName: "X" }) { user { id } } } query Q { ${aliases} }`);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const only = await t.gql(`{ ${aliases} }`);
    expect(codeOf(only)).toBe('BAD_USER_INPUT');
    expect(only.errors![0]!.message).toMatch(/alias|token/i);
    expect(await users()).toBe(before);
  });

  it('an expired token is UNAUTHENTICATED with HTTP 401, even for a public query', async () => {
    const user = await signUp(t);
    const res = await t.gql(`{ courses { totalCount } }`, {}, { token: await expiredTokenFor(t, user.id) });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toMatch(/expired/);
  });

  it('a token signed with another key is UNAUTHENTICATED, and its ADMIN claim grants nothing', async () => {
    const victim = await signUp(t);
    const { privateKeyPem } = await generateKeyPem();
    const forged = await new SignJWT({ roles: ['ADMIN'] }).setProtectedHeader({ alg: 'EdDSA' }).setSubject(victim.id)
      .setIssuer('learning-graph').setAudience('learning-graph').setIssuedAt().setExpirationTime('5m')
      .sign(await importPKCS8(privateKeyPem, 'EdDSA'));
    const res = await t.gql(`mutation($u: ID!) { grantRole(userId: $u, role: ADMIN) { roles } }`, { u: victim.id }, { token: forged });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    const stored = await t.stack.subgraphs.identity.repository.users.findOne({ _id: victim.id });
    expect(stored!.roles).toEqual(['STUDENT']);
  });

  it('wrong variable types and unknown fields are BAD_USER_INPUT', async () => {
    const before = await users();
    const wrongType = await t.gql(`mutation($i: RegisterInput!) { register(input: $i) { user { id } } }`, { i: { email: 1, password: [], displayName: null } });
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    const unknownField = await t.gql(`{ courses { edges { node { title secretField } } } }`);
    expect(codeOf(unknownField)).toBe('BAD_USER_INPUT');
    const unknownInput = await t.gql(`mutation { register(input: { email: "u@example.com", password: "a long password 1", displayName: "X", role: ADMIN }) { user { id } } }`);
    expect(codeOf(unknownInput)).toBe('BAD_USER_INPUT');
    expect(await users()).toBe(before);
  });

  it('malformed JSON is BAD_USER_INPUT', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a cross-site simple request is refused (CSRF prevention)', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
    const text = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: register('csrf@example.com') }) });
    expect(text.status).toBeGreaterThanOrEqual(400);
  });

  it('every answer carries a request id, also inside its errors', async () => {
    const res = await t.gql(`{ user(id: "nope") { id } }`, {}, { headers: { 'x-request-id': 'trace-me-0001' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-0001');
    expect(res.errors![0]!.extensions!.requestId).toBe('trace-me-0001');
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});
