import { startSubgraph } from '@lg/platform';
import { graphqlClient, testPlatform } from '@lg/platform/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentitySubgraph, type IdentitySubgraph } from '../src/index.ts';
import { registerUser } from './harness.ts';

// A real SMTP server on loopback receives what identity sends when SMTP_URL is configured.
const received: { to: string; body: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let body = '';
    stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
      callback();
    });
  },
});

/** The text of a message as sent (quoted-printable soft breaks and escapes undone). */
const text = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

let subgraph: IdentitySubgraph;
let close: () => Promise<void>;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as { port: number };
  const platform = await testPlatform({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  subgraph = await createIdentitySubgraph(platform);
  const server = await startSubgraph(subgraph, platform);
  gql = graphqlClient(server.url, { signWith: platform.subgraphSecret });
  close = async () => {
    await server.stop();
    await subgraph.stop();
    await platform.db.dropDatabase();
    await platform.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  };
});
afterAll(async () => close?.());

describe('mail through SMTP', () => {
  it('a password-reset mail is delivered through the configured SMTP server and marked sent', async () => {
    const user = await registerUser(gql);
    await gql(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: user.email });
    const reset = () => received.find((m) => m.to === user.email && /reset-password\?token=/.test(text(m.body)));
    await expect.poll(reset, { timeout: 5000 }).toBeDefined();
    await expect.poll(async () => (await subgraph.repository.mail.find({ to: user.email }).toArray()).every((m) => m.sentAt instanceof Date), { timeout: 3000 }).toBe(true);
  });

  it('registration sends the verification mail through SMTP, and the token it carries verifies the account once', async () => {
    const user = await registerUser(gql);
    await expect.poll(() => received.find((m) => m.to === user.email && /Subject: Verify your Learning Graph email address/.test(m.body)), { timeout: 5000 }).toBeDefined();
    const body = text(received.find((m) => m.to === user.email)!.body);
    const token = /verify-email\?token=([A-Za-z0-9_-]{43})/.exec(body)![1]!;
    const me = () => gql(`{ me { emailVerified } }`, {}, { token: user.accessToken });
    expect((await me()).data!.me.emailVerified).toBe(false);
    expect((await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: token })).data!.verifyEmail.id).toBe(user.user.id);
    expect((await me()).data!.me.emailVerified).toBe(true);
    expect((await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: token })).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
