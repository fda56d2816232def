import type { CommandStartedEvent, CommandSucceededEvent, Document } from 'mongodb';
import { createPlatform, type DestinationStream, type Platform, type Role } from '@lg/platform';
import { graphqlClient, signTestToken, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { startStack, type Stack } from '../../tools/dev/stack.ts';
import { catalogue } from '@lg/events';

export interface CommandCount {
  total: number;
  byName: Record<string, number>;
  /** Documents (and distinct values) the database sent back: the embedded one pays for each. */
  documents: number;
  /** By `<command> <collection>`, in the order first seen. */
  byCollection: Record<string, number>;
  /** Time the commands took, as the driver saw it (they queue behind one another in the embedded database). */
  milliseconds: number;
  /** The collection of every command that is no `_id` equality: the embedded database reads all of its documents. */
  scans: string[];
}

export interface TestStack {
  platform: Platform;
  stack: Stack;
  /** A client of the running gateway over HTTP. */
  gql: GraphQLClient;
  url: string;
  /** Counts the database commands that `work` causes, by command name, and the documents they returned. */
  countCommands(work: () => Promise<unknown>, collections?: string[]): Promise<CommandCount>;
  close(): Promise<void>;
}

/** The whole supergraph, subgraphs and gateway, on a fresh database; the gateway on a free port. */
export async function startTestStack(
  overrides: Record<string, string> = {},
  { logDestination, ...options }: Parameters<typeof startStack>[1] & { /** Where log lines go (with LOG_LEVEL set). */ logDestination?: DestinationStream } = {},
): Promise<TestStack> {
  const platform = await createPlatform(testConfig({ PORT: '0', ...overrides }), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue, logDestination });
  const stack = await startStack(platform, { port: 0, ...options });
  const ignored = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslContinue', 'saslStart']);
  return {
    platform,
    stack,
    url: stack.gateway.url,
    gql: graphqlClient(stack.gateway.url),
    async countCommands(work, collections) {
      // Projections catch up in the background after earlier writes; let them finish first.
      await settle(platform, ignored);
      const byName: Record<string, number> = {};
      const byCollection: Record<string, number> = {};
      const counted = new Set<number>();
      let documents = 0;
      let milliseconds = 0;
      const scans: string[] = [];
      const listener = (e: CommandStartedEvent) => {
        // Event-log readers poll in the background; they are no part of a request's cost.
        const collection = String(e.command[e.commandName] ?? '');
        if (ignored.has(e.commandName) || collection.startsWith('platform_')) return;
        // Projections of other subgraphs may still be catching up on a busy machine; a request's
        // own collections say what it cost.
        if (collections && !collections.includes(collection)) return;
        byName[e.commandName] = (byName[e.commandName] ?? 0) + 1;
        const key = `${e.commandName} ${collection}`;
        byCollection[key] = (byCollection[key] ?? 0) + 1;
        counted.add(e.requestId);
        if (!isIdEquality(filterOf(e.command))) scans.push(collection);
      };
      const replied = (e: CommandSucceededEvent) => {
        if (!counted.has(e.requestId)) return;
        documents += returnedDocuments(e.reply as Document);
        milliseconds += e.duration;
      };
      platform.mongo.on('commandStarted', listener);
      platform.mongo.on('commandSucceeded', replied);
      try {
        await work();
      } finally {
        platform.mongo.off('commandStarted', listener);
        platform.mongo.off('commandSucceeded', replied);
      }
      return { total: Object.values(byName).reduce((a, b) => a + b, 0), byName, documents, byCollection, milliseconds, scans };
    },
    async close() {
      await stack.stop();
      await platform.db.dropDatabase();
      await platform.close();
    },
  };
}

function filterOf(command: Document): unknown {
  if (command.find || command.findAndModify || command.delete || command.update) return command.filter ?? command.query ?? command.q;
  if (command.aggregate) return (command.pipeline as Document[] | undefined)?.[0]?.$match;
  return command.query;
}

/** FerretDB 1.24 on SQLite looks up one document only for a filter that is exactly `{ _id: <string> }`. */
function isIdEquality(filter: unknown): boolean {
  return typeof filter === 'object' && filter !== null && Object.keys(filter).length === 1 && typeof (filter as Document)._id === 'string';
}

function returnedDocuments(reply: Document): number {
  const cursor = reply.cursor as { firstBatch?: unknown[]; nextBatch?: unknown[] } | undefined;
  if (cursor) return (cursor.firstBatch ?? cursor.nextBatch ?? []).length;
  if (Array.isArray(reply.values)) return reply.values.length;
  return reply.value ? 1 : 0;
}

/** Resolves once 300 ms pass without a database command other than event-log polling. */
async function settle(platform: Platform, ignored: Set<string>): Promise<void> {
  let last = Date.now();
  const listener = (e: CommandStartedEvent) => {
    const collection = String(e.command[e.commandName] ?? '');
    if (!ignored.has(e.commandName) && !collection.startsWith('platform_')) last = Date.now();
  };
  platform.mongo.on('commandStarted', listener);
  while (Date.now() - last < 300) await new Promise((r) => setTimeout(r, 50));
  platform.mongo.off('commandStarted', listener);
}

export interface TestUser { id: string; email: string; password: string; displayName: string; token: string; refreshToken: string }

/** The token of the latest verification link mailed to `email`, read from identity's mail outbox. */
export async function verificationTokenFor(t: TestStack, email: string): Promise<string> {
  const mails = await t.platform.db.collection<{ to: string; subject: string; text: string; createdAt: Date }>('identity_mail_outbox')
    .find({ to: email }).toArray();
  const latest = mails.filter((m) => m.subject.startsWith('Verify')).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const token = latest && /verify-email\?token=([A-Za-z0-9_-]{43})/.exec(latest.text)?.[1];
  if (!token) throw new Error(`no verification mail to ${email}`);
  return token;
}

let counter = 0;
/**
 * Registers through the gateway as a real user would, and opens the verification link mailed to
 * them unless `verified: false`; extra roles are granted as an ADMIN would.
 */
export async function signUp(t: TestStack, roles: Role[] = [], name?: string, options: { verified?: boolean } = {}): Promise<TestUser> {
  counter += 1;
  const email = `person${counter}.${Date.now()}@example.com`;
  const password = 'a long password 42';
  const displayName = name ?? `Person ${counter}`;
  const res = await t.gql(
    `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }`,
    { input: { email, password, displayName } },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const id = res.data!.register.user.id as string;
  let token = res.data!.register.accessToken as string;
  let refreshToken = res.data!.register.refreshToken as string;
  const verified = options.verified ?? true;
  if (verified) {
    const res = await t.gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: await verificationTokenFor(t, email) });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  if (roles.length > 0) {
    for (const role of roles) await t.stack.subgraphs.identity.service.grantRole({ id: 'test-admin', roles: ['ADMIN'] }, id, role);
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`, { e: email, p: password });
    token = login.data!.login.accessToken;
    refreshToken = login.data!.login.refreshToken;
  } else if (verified) {
    // A token that says verified, as the web client refreshes after opening the link.
    const refreshed = await t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`, { r: refreshToken });
    if (refreshed.errors) throw new Error(JSON.stringify(refreshed.errors));
    token = refreshed.data!.refreshSession.accessToken;
    refreshToken = refreshed.data!.refreshSession.refreshToken;
  }
  return { id, email, password, displayName, token, refreshToken };
}

/** Signed with the platform's key but already expired. */
export async function expiredTokenFor(t: TestStack, userId: string): Promise<string> {
  return signTestToken(t.platform, userId, ['STUDENT'], -60);
}
