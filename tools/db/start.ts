// Runs the embedded database alone, for tools that want a MongoDB URI (mongosh, Compass, scripts).
import { startEmbeddedDb } from './launcher.ts';

const port = Number(process.env.EMBEDDED_DB_PORT ?? 27017);
const db = await startEmbeddedDb({ dataDir: process.env.EMBEDDED_DB_DIR ?? '.data/db', port });
console.log(`Embedded MongoDB-compatible database on ${db.uri} (data in ${db.dataDir}); Ctrl+C stops it.`);
const shutdown = () => void db.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
