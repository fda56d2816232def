// The server side of the page benchmark, in its own process: the whole supergraph on a fresh
// embedded database with the demo data, every command sent to the database counted. Prints one
// JSON line (URL, the enrolled demo student's token); answers "commands" on stdin with the count
// so far. CACHES (on|off) comes from the environment and reaches the config untouched.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPlatform, loadConfig } from '@lg/platform';
import { catalogue } from '@lg/events';
import { startEmbeddedDb } from '../db/launcher.ts';
import { startStack } from '../dev/stack.ts';
import { DEMO_PASSWORD, students } from '../seed/data.ts';
import { seedDemoData } from '../seed/seed.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bench-pages-'));
const db = await startEmbeddedDb({ dataDir });
// The limits stay as configured except those pages.ts raises (it prints them) and a token that
// outlives a long run.
const config = loadConfig({ ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'error', PORT: '0', DATA_DIR: dataDir, ACCESS_TOKEN_TTL_SECONDS: '86400' });
const platform = await createPlatform(config, 'bench', { events: catalogue, monitorCommands: true });
let commands = 0;
platform.mongo.on('commandStarted', () => { commands += 1; });
const stack = await startStack(platform, { port: 0 });
await seedDemoData(stack.subgraphs, platform.logger);
const studentToken = (await stack.subgraphs.identity.service.login(students[0]!.email, DEMO_PASSWORD)).accessToken;
console.log(JSON.stringify({ url: stack.gateway.url, studentToken, caches: config.CACHES }));

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'commands') console.log(JSON.stringify({ commands }));
  if (line === 'stop') break;
}
await stack.stop();
await platform.close();
await db.stop();
process.exit(0);
