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
    await expect.poll(() => received.find((m) => m.to === user.email), { timeout: 5000 }).toBeDefined();
    expect(received.find((m) => m.to === user.email)!.body).toMatch(/reset-password\?token=/);
    await expect.poll(async () => (await subgraph.repository.mail.findOne({ to: user.email }))?.sentAt, { timeout: 3000 }).toBeInstanceOf(Date);
  });
});
