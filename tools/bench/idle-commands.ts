// Idle database load benchmark (not a test): the whole supergraph in one process on a fresh
// embedded database, some activity first (USERS registered and enrolled in a course, so the event
// log's recent window is full as on a used stack), then nobody sends anything for SECONDS (20):
// prints the database commands per second and the database time per second the stack spends on
// its own (event log polls, checkpoints, sweeps), by command and collection.
//   npx tsx tools/bench/idle-commands.ts       (USERS=50 WARMUP_SECONDS=5 SECONDS=20)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent } from 'mongodb';
import { createPlatform, loadConfig } from '@lg/platform';
import { catalogue } from '@lg/events';
import { startEmbeddedDb } from '../db/launcher.ts';
import { startStack } from '../dev/stack.ts';

const USERS = Number(process.env.USERS ?? 50);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 20);

const db = await startEmbeddedDb({ dataDir: mkdtempSync(join(tmpdir(), 'bench-idle-')) });
const platform = await createPlatform(loadConfig({ ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'error', PORT: '0' }), 'bench', { events: catalogue, monitorCommands: true });
const stack = await startStack(platform, { port: 0 });
const { identity, catalog, learning } = stack.subgraphs;

console.log(`activity first: a course and ${USERS} enrolled users…`);
const teacher = (await identity.service.register({ email: 'idle-teacher@example.com', password: 'bench password 1', displayName: 'Idle Teacher' })).user;
await identity.service.grantRole({ id: 'bench', roles: ['ADMIN'] }, teacher._id, 'INSTRUCTOR');
const teacherViewer = { id: teacher._id, roles: ['STUDENT', 'INSTRUCTOR'] as ('STUDENT' | 'INSTRUCTOR')[] };
const course = await catalog.service.createCourse(teacherViewer, { title: 'Idle Course', summary: 's', description: 'd', category: 'Bench', level: 'BEGINNER', priceCents: 0 });
const section = await catalog.service.addCourseSection(teacherViewer, course._id, 'Only section');
await catalog.service.addLesson(teacherViewer, section._id, { title: 'Only lesson', kind: 'VIDEO' });
await catalog.service.publishCourse(teacherViewer, course._id);
for (let i = 0; i < USERS; i += 1) {
  const session = await identity.service.register({ email: `idle-${i}@example.com`, password: 'bench password 1', displayName: `Idle ${i}` });
  await learning.service.enrollInFreeCourse({ id: session.user._id, roles: ['STUDENT'] }, course._id);
}
console.log(`log at position ${await platform.eventLog.lastSeq()}; ${WARMUP_SECONDS} s for the consumers to settle, then ${SECONDS} s idle…`);
await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));

interface Tally { commands: number; micros: number; documents: number }
const tallies = new Map<string, Tally>();
const started = new Map<number, string>();
const onStarted = (e: CommandStartedEvent) => {
  const key = `${e.commandName} ${String(e.command[e.commandName] ?? '')}`;
  started.set(e.requestId, key);
  const tally = tallies.get(key) ?? { commands: 0, micros: 0, documents: 0 };
  tally.commands += 1;
  tallies.set(key, tally);
};
const onEnded = (e: CommandSucceededEvent | CommandFailedEvent) => {
  const key = started.get(e.requestId);
  started.delete(e.requestId);
  const tally = key ? tallies.get(key) : undefined;
  if (!tally) return;
  tally.micros += e.duration * 1000;
  const reply = 'reply' in e ? (e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }) : undefined;
  tally.documents += (reply?.cursor?.firstBatch ?? reply?.cursor?.nextBatch ?? []).length;
};
platform.mongo.on('commandStarted', onStarted);
platform.mongo.on('commandSucceeded', onEnded);
platform.mongo.on('commandFailed', onEnded);
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
platform.mongo.off('commandStarted', onStarted);

const rows = [...tallies.entries()].sort((a, b) => b[1].commands - a[1].commands);
const total = rows.reduce((sum, [, t]) => ({ commands: sum.commands + t.commands, micros: sum.micros + t.micros, documents: sum.documents + t.documents }), { commands: 0, micros: 0, documents: 0 });
const perSecond = (n: number) => (n / SECONDS).toFixed(1);
console.log(`\nidle for ${SECONDS} s: ${perSecond(total.commands)} commands/s, ${(total.micros / 1000 / SECONDS).toFixed(1)} ms of command round trips per second (summed), ${perSecond(total.documents)} documents returned/s`);
for (const [key, t] of rows) console.log(`  ${perSecond(t.commands).padStart(6)}/s  ${(t.micros / 1000 / SECONDS).toFixed(1).padStart(6)} ms/s  ${key}`);

await stack.stop();
await platform.close();
await db.stop();
process.exit(0);
