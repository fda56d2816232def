// Profiles demo-data loading: database time by command and collection (a development aid).
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { createPlatform, loadConfig } from '@lg/platform';
import { startEmbeddedDb } from '../db/launcher.ts';
import { seedDemoData } from '../seed/seed.ts';
import { startStack } from './stack.ts';
import { catalogue } from '@lg/events';

const db = await startEmbeddedDb({ dataDir: `/tmp/profile-seed-${Date.now()}` });
const platform = await createPlatform(loadConfig({ ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'warn', PORT: '0' }), 'profile', { monitorCommands: true, events: catalogue });
const names = new Map<number, string>();
const totals = new Map<string, { n: number; ms: number }>();
platform.mongo.on('commandStarted', (e: CommandStartedEvent) => names.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName] ?? '')}`));
platform.mongo.on('commandSucceeded', (e: CommandSucceededEvent) => {
  const key = names.get(e.requestId) ?? e.commandName;
  const t = totals.get(key) ?? { n: 0, ms: 0 };
  t.n += 1;
  t.ms += e.duration;
  totals.set(key, t);
});
const stack = await startStack(platform, { port: 0 });
const started = Date.now();
await seedDemoData(stack.subgraphs, platform.logger);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
// Counts hold on any machine; the seconds depend on how busy it is (consumers poll meanwhile).
const events = await platform.db.collection('platform_events').countDocuments();
const appends = totals.get('findAndModify platform_event_counters')?.n ?? 0;
const writes = [...totals].filter(([key]) => /^(insert|update|delete|findAndModify) /.test(key)).reduce((n, [, t]) => n + t.n, 0);
console.log(`seeded in ${seconds} s: ${events} events in ${appends} appends, ${writes} write commands`);
for (const [key, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${t.ms.toFixed(0).padStart(8)} ms ${String(t.n).padStart(6)}×  ${key}`);
await stack.stop();
await platform.close();
await db.stop();
process.exit(0);
