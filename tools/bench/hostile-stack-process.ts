// The server side of the hostile-traffic benchmark, in its own process so that its memory is
// measured alone: the whole supergraph on a fresh embedded database with the demo data and
// BENCH_USERS extra users. Prints one JSON line (URL, a course id, tokens); answers "mem" on stdin
// with its current and peak RSS.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPlatform, loadConfig } from '@lg/platform';
import { startEmbeddedDb } from '../db/launcher.ts';
import { startStack } from '../dev/stack.ts';
import { DEMO_PASSWORD, students } from '../seed/data.ts';
import { seedDemoData } from '../seed/seed.ts';
import { catalogue } from '@lg/events';

const users = Number(process.env.BENCH_USERS ?? 50);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
const db = await startEmbeddedDb({ dataDir });
const platform = await createPlatform(loadConfig({ ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'error', PORT: '0', DATA_DIR: dataDir }), 'bench', { events: catalogue });
const stack = await startStack(platform, { port: 0 });
await seedDemoData(stack.subgraphs, platform.logger);
const { identity, catalog } = stack.subgraphs;

const tokens: string[] = [];
for (let i = 0; i < users; i += 1) {
  const session = await identity.service.register({ email: `hostile-${i}@example.com`, password: 'hostile password 1', displayName: `Hostile ${i}` });
  tokens.push(session.accessToken);
}
const normalTokens: string[] = [];
for (const student of students.slice(0, 4)) normalTokens.push((await identity.service.login(student.email, DEMO_PASSWORD)).accessToken);
const courseId = (await catalog.service.courses(null, {}, 1, null)).edges[0]!.node._id;
console.log(JSON.stringify({ url: stack.gateway.url, courseId, tokens, normalTokens }));

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mem') console.log(JSON.stringify({ rss: process.memoryUsage().rss, peakRss: process.resourceUsage().maxRSS * 1024 }));
  if (line === 'stop') break;
}
await stack.stop();
await platform.close();
await db.stop();
process.exit(0);
