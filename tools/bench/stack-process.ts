// The gateway side of the subscription benchmark, in its own process so that its memory is
// measured alone. Prints one JSON line (URL, course, tokens); answers "mem" on stdin with its
// memory after a full GC (run with --expose-gc), "active" with the running subscriptions, "cpu"
// with its CPU time so far and "db" with the database commands, reads of the event log and
// database time so far.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { createPlatform, loadConfig } from '@lg/platform';
import { startEmbeddedDb } from '../db/launcher.ts';
import { startStack } from '../dev/stack.ts';
import { catalogue, EnrollmentCreated } from '@lg/events';
import { newId } from '@lg/platform';
import { signTestToken } from '@lg/platform/testing';

const users = Number(process.env.BENCH_USERS ?? 50);
const db = await startEmbeddedDb({ dataDir: mkdtempSync(join(tmpdir(), 'bench-db-')) });
const platform = await createPlatform(loadConfig({ ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'error', PORT: '0', RATE_LIMIT_PER_MINUTE: '1000000', COST_BUDGET_PER_MINUTE: '1000000000000' }), 'bench', { events: catalogue, monitorCommands: true });
const tally = { commands: 0, logReads: 0, micros: 0 };
platform.mongo.on('commandStarted', (e: CommandStartedEvent) => {
  tally.commands += 1;
  if (e.commandName === 'find' && String(e.command.find).startsWith('platform_events')) tally.logReads += 1;
});
const timed = (e: CommandSucceededEvent | CommandFailedEvent) => void (tally.micros += e.duration * 1000);
platform.mongo.on('commandSucceeded', timed);
platform.mongo.on('commandFailed', timed);
const stack = await startStack(platform, { port: 0 });
const { identity, catalog, learning } = stack.subgraphs;

const teacher = (await identity.service.register({ email: 'bench-teacher@example.com', password: 'bench password 1', displayName: 'Bench Teacher' })).user;
await identity.service.grantRole({ id: 'bench', roles: ['ADMIN'] }, teacher._id, 'INSTRUCTOR');
const teacherViewer = { id: teacher._id, roles: ['STUDENT', 'INSTRUCTOR'] as ('STUDENT' | 'INSTRUCTOR')[] };
const course = await catalog.service.createCourse(teacherViewer, { title: 'Benchmark Course', summary: 's', description: 'd', category: 'Bench', level: 'BEGINNER', priceCents: 0 });
const section = await catalog.service.addCourseSection(teacherViewer, course._id, 'Only section');
await catalog.service.addLesson(teacherViewer, section._id, { title: 'Only lesson', kind: 'VIDEO' });
await catalog.service.publishCourse(teacherViewer, course._id);
const teacherToken = (await identity.service.login('bench-teacher@example.com', 'bench password 1')).accessToken;

const tokens: string[] = [];
// The study group scenario (BENCH_GROUP_MEMBERS): the teacher's group of the course, with that many
// more members, each a student enrolled through learning with a token signed by the platform's key
// (registering a thousand users through identity would spend the set-up on password hashing).
const groupMembers = Number(process.env.BENCH_GROUP_MEMBERS ?? 0);
let groupId: string | undefined;
if (groupMembers > 0) {
  const { groups, membership } = stack.subgraphs.engagement.services;
  const group = await groups.createStudyGroup(teacherViewer, { name: 'Benchmark group', courseIds: [course._id], capacity: groupMembers + 1 }, membership.loaders(teacherViewer));
  groupId = group._id;
  const viewers = Array.from({ length: groupMembers }, () => ({ id: newId(), roles: ['STUDENT' as const] }));
  // Enrolled as learning logs it, in one append; engagement's projection catches up once.
  await platform.eventLog.append(viewers.map((v) => EnrollmentCreated.build({ enrollmentId: newId(), userId: v.id, courseId: course._id, source: 'FREE' })));
  await stack.subgraphs.engagement.consumers.membership.catchUp();
  // They join in one write with the events their joins one by one would log (importMembers; a
  // test compares them): 999 joins one at a time rewrote the growing group a thousand times.
  const started = performance.now();
  await groups.importMembers(teacherViewer, group._id, viewers.map((v) => v.id), groups.loaders(teacherViewer));
  console.error(`${groupMembers} members joined in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const viewer of viewers) tokens.push(signTestToken(platform, viewer.id, ['STUDENT'], 3_600));
}
for (let i = 0; i < (groupMembers > 0 ? 0 : users); i += 1) {
  const session = await identity.service.register({ email: `bench-${i}@example.com`, password: 'bench password 1', displayName: `Listener ${i}` });
  await learning.service.enrollInFreeCourse({ id: session.user._id, roles: ['STUDENT'] }, course._id);
  tokens.push(session.accessToken);
}
// The group's owner sends, and listens too: with its 999 members, the 1,000 subscribers are the whole group.
const senderToken = groupMembers > 0 ? signTestToken(platform, teacher._id, ['STUDENT', 'INSTRUCTOR'], 3_600) : teacherToken;
if (groupMembers > 0) tokens.unshift(senderToken);
// Every consumer of the log (projections of enrolments and joins in six subgraphs, analytics,
// notifications) works through the set-up's events in the background; measured beside that
// backlog, delivery would time the set-up. Wait until the database is as quiet as idle.
if (groupMembers > 0) {
  const settling = performance.now();
  for (let quiet = 0; quiet < 2 && performance.now() - settling < 300_000;) {
    const before = tally.commands - tally.logReads;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    quiet = tally.commands - tally.logReads - before <= 10 ? quiet + 1 : 0;
  }
  console.error(`the log's consumers caught up with the set-up in ${((performance.now() - settling) / 1000).toFixed(1)} s`);
}
console.log(JSON.stringify({ url: stack.gateway.url, courseId: course._id, groupId, teacherToken: senderToken, tokens }));

const gc = (globalThis as { gc?: () => void }).gc;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mem') {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    console.log(JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss, listeners: stack.gateway.tail?.listenerCount ?? 0, active: stack.gateway.activeSubscriptions() }));
  }
  if (line === 'active') console.log(JSON.stringify({ active: stack.gateway.activeSubscriptions() }));
  // This process's CPU time so far (user + system, µs): the gateway's cost per delivered message.
  if (line === 'cpu') {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpuMicros: user + system }));
  }
  if (line === 'db') console.log(JSON.stringify({ dbCommands: tally.commands, logReads: tally.logReads, dbMicros: tally.micros }));
  if (line === 'stop') break;
}
await stack.stop();
await platform.close();
await db.stop();
process.exit(0);
