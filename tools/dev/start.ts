// The first README command lands here: the whole supergraph in one process on the embedded
// database (or MONGODB_URI), with idempotent demo data.
import { createPlatform, loadConfig, printMailOutbox } from '@lg/platform';
import { startEmbeddedDb, type EmbeddedDb } from '../db/launcher.ts';
import { seedDemoData } from '../seed/seed.ts';
import { DEMO_PASSWORD, admin, instructors, students } from '../seed/data.ts';
import { startStack } from './stack.ts';
import { serveWeb, webBuilt } from './web.ts';
import { catalogue } from '@lg/events';

const started = Date.now();
const env = { ...process.env };
let embedded: EmbeddedDb | undefined;
if (!env.MONGODB_URI) {
  embedded = await startEmbeddedDb({ dataDir: `${env.DATA_DIR ?? '.data'}/db`, port: env.EMBEDDED_DB_PORT ? Number(env.EMBEDDED_DB_PORT) : undefined });
  env.MONGODB_URI = embedded.uri;
}
const config = loadConfig(env);
const platform = await createPlatform(config, 'learning-graph', { events: catalogue });
const stack = await startStack(platform);
// The built web client, on the gateway's origin (tools/dev.sh builds it).
const webUrl = webBuilt() ? stack.gateway.url.replace(/\/graphql$/, '/') : undefined;
if (webUrl) stack.gateway.app.use(serveWeb({ production: config.production }));
const seeded = await seedDemoData(stack.subgraphs, platform.logger);
// Without SMTP, identity's mail (resets) and engagement's (notifications, digests) show on the console.
const printers = config.SMTP_URL ? [] : [printMailOutbox(stack.subgraphs.identity.repository.mail), printMailOutbox(stack.subgraphs.engagement.mail.repository.mail.collection)];
const stopPrinting = () => printers.forEach((stop) => stop());

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`
Learning Graph is ready in ${seconds} s.

  Web client:                  ${webUrl ?? 'not built (run: cd web && node_modules/.bin/vite build)'}
  GraphQL (HTTP and Sandbox):  ${stack.gateway.url}
  Subscriptions (graphql-ws):  ${stack.gateway.url.replace(/^http/, 'ws')}
  Assistant REST and MCP:      ${stack.gateway.url.replace('/graphql', '/v1/ai/chat')}  ${stack.gateway.url.replace('/graphql', '/mcp')}
  Health / readiness:          ${stack.gateway.url.replace('/graphql', '/health')}  ${stack.gateway.url.replace('/graphql', '/ready')}
  Database:                    ${config.MONGODB_URI}${embedded ? ` (embedded, files in ${embedded.dataDir})` : ''}
  Demo data:                   ${seeded.users} users, ${seeded.courses} courses (${seeded.created} created now)

  Demo sign-in (password for all: ${DEMO_PASSWORD})
    admin       ${admin.email}
    instructor  ${instructors[0]!.email}
    student     ${students[0]!.email}

  Password-reset mails are printed here (no SMTP_URL set). Ctrl+C stops everything.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  stopPrinting();
  await stack.stop();
  await platform.close();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
