// Page benchmark (not a test): the web client's own page queries through the gateway, at 1 and 50
// connections, with the read caches on and then off (two stacks, one after the other, same demo
// data), printing RPS, p50, p99, failures and database commands per operation, and on/off ratios.
//   npx tsx tools/bench/pages.ts            (PAGE_SECONDS=10 CONNECTIONS=1,50 MODES=on,off)
// The queries are the web client's generated documents: run codegen first.
import { loadavg } from 'node:os';
import { print } from 'graphql';
import { CatalogDocument, CoursePageDocument, MyLearningDocument } from '../../web/src/gql/graphql.ts';
import { postLoad, type LoadResult } from './http-load.ts';
import { startServerProcess } from './server-process.ts';

const PAGE_SECONDS = Number(process.env.PAGE_SECONDS ?? 10);
const CONNECTIONS = (process.env.CONNECTIONS ?? '1,50').split(',').map(Number);
const SETTLE_MS = 500;
const MODES = (process.env.MODES ?? 'on,off').split(',') as ('on' | 'off')[];
// Raised so that the bench measures serving, not the per-user limits (one user sends everything).
const LIMITS = { RATE_LIMIT_PER_MINUTE: '100000000', COST_BUDGET_PER_MINUTE: '1000000000000' };

// The web client's own documents (generated from web/src/screens by codegen), first page, no filter.
const CATALOG = print(CatalogDocument);
const COURSE = print(CoursePageDocument);
const MY_LEARNING = print(MyLearningDocument);

interface Page { name: string; query: string; variables: Record<string, unknown>; signedIn: boolean }
interface Row { page: string; connections: number; mode: string; load: LoadResult; commandsPerOp: number }

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)`;
console.log(`pages through the gateway, ${PAGE_SECONDS} s a run, connections ${CONNECTIONS.join(' and ')}, caches ${MODES.join(' then ')}`);
console.log(`limits raised for the bench: RATE_LIMIT_PER_MINUTE=${LIMITS.RATE_LIMIT_PER_MINUTE} COST_BUDGET_PER_MINUTE=${LIMITS.COST_BUDGET_PER_MINUTE} (everything else as configured; load shedding on)`);
console.log(`machine: ${load()}`);

const rps = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const rows: Row[] = [];
for (const mode of MODES) {
  const server = startServerProcess('./pages-stack-process.ts', { env: { ...LIMITS, CACHES: mode } });
  console.log(`\ncaches ${mode}: starting the supergraph with the demo data…`);
  const setup = await server.nextJson<{ url: string; studentToken: string; caches: string }>();
  const commands = async () => {
    server.send('commands');
    return (await server.nextJson<{ commands: number }>((line) => line.startsWith('{"commands"'))).commands;
  };
  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(setup.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (!res.ok || body.errors) throw new Error(`${query.slice(0, 40)}…: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.data!;
  };
  const mine = (await post(MY_LEARNING, {}, setup.studentToken)) as { myEnrollments: { edges: { node: { course: { id: string; title: string } } }[] } };
  const enrolled = mine.myEnrollments.edges[0]!.node.course;
  console.log(`  the demo student is enrolled in "${enrolled.title}"; its page is the course page`);
  const pages: Page[] = [
    { name: 'catalog page', query: CATALOG, variables: { first: 12, after: null, filter: {} }, signedIn: false },
    { name: 'course page, anonymous', query: COURSE, variables: { id: enrolled.id }, signedIn: false },
    { name: 'course page, enrolled student', query: COURSE, variables: { id: enrolled.id }, signedIn: true },
    { name: 'My learning', query: MY_LEARNING, variables: {}, signedIn: true },
    { name: '{ categories }', query: '{ categories }', variables: {}, signedIn: false },
  ];
  for (const page of pages) await post(page.query, page.variables, page.signedIn ? setup.studentToken : undefined);
  // Background readers (the event tail's safety-net poll, outboxes) also send commands: their
  // rate while idle is taken off each run's count.
  const idleFrom = await commands();
  await new Promise((r) => setTimeout(r, 3000));
  const idlePerSecond = ((await commands()) - idleFrom) / 3;
  console.log(`  ${idlePerSecond.toFixed(1)} database commands a second while idle (subtracted)`);
  for (const page of pages) {
    for (const connections of CONNECTIONS) {
      const before = await commands();
      const result = await postLoad({
        url: setup.url, connections, seconds: PAGE_SECONDS,
        body: JSON.stringify({ query: page.query, variables: page.variables }),
        headers: page.signedIn ? { authorization: `Bearer ${setup.studentToken}` } : {},
      });
      // Requests cut off by the end of the run are still served: wait until the database is back
      // to its idle rate (so that they neither slow the next run nor escape this one's count).
      const runEnded = Date.now();
      let last = await commands();
      for (let i = 0; i < 60; i += 1) {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        const now = await commands();
        const quiet = now - last <= idlePerSecond * (SETTLE_MS / 1000) * 1.5 + 2;
        last = now;
        if (quiet) break;
      }
      const spent = last - before - idlePerSecond * (PAGE_SECONDS + (Date.now() - runEnded) / 1000);
      const row = { page: page.name, connections, mode, load: result, commandsPerOp: Math.max(0, spent) / Math.max(1, result.sent) };
      rows.push(row);
      console.log(`  ${page.name} × ${connections}: ${rps(result.rps)} RPS, p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms`);
    }
  }
  server.send('stop');
  await new Promise((r) => server.child.once('exit', r));
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\nresults (${load()}; server, embedded database and load generator on the same machine)`);
console.log(`${'page'.padEnd(30)} | conn | caches |   RPS |  p50 ms |  p99 ms | errors/non-2xx/GraphQL errors | DB cmds/op | RPS on/off`);
for (const row of rows) {
  const other = rows.find((r) => r.page === row.page && r.connections === row.connections && r.mode === 'off');
  const ratio = row.mode === 'on' && other && other.load.rps > 0 ? `${(row.load.rps / other.load.rps).toFixed(2)}×` : '';
  const failures = `${row.load.errors}/${row.load.non2xx}/${row.load.graphqlErrors}`;
  console.log(`${row.page.padEnd(30)} | ${pad(row.connections, 4)} | ${row.mode.padEnd(6)} | ${pad(rps(row.load.rps), 5)} | ${pad(ms(row.load.p50), 7)} | ${pad(ms(row.load.p99), 7)} | ${failures.padStart(29)} | ${pad(row.commandsPerOp.toFixed(1), 10)} | ${ratio}`);
}
process.exit(0);
