import type { Redis } from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import type { DestinationStream, Logger } from 'pino';
import { createTokenVerifier, loadKeyPem, type KeyPem, type TokenVerifier } from './auth.ts';
import type { Config } from './config.ts';
import { inProcessBus, redisBus, type WakeUpBus } from './events/bus.ts';
import type { EventCatalogue } from './events/definition.ts';
import { EventLog, eventLogIndexes } from './events/log.ts';
import { createLogger } from './logger.ts';
import { countWrittenEvents } from './metrics/business.ts';
import { timeDatabaseCommands } from './metrics/database.ts';
import { Metrics } from './metrics/metrics.ts';
import { startMetricsServer } from './metrics/routes.ts';
import { createMongoClient, ensureIndexes } from './mongo.ts';
import { inProcessLiveChannel, redisLiveChannel, type LiveChannel } from './live.ts';
import { memoryPresence, redisPresence, type PresenceStore } from './presence.ts';
import { createRedis } from './redis.ts';
import { loadSubgraphSecret } from './subgraph-signature.ts';
import { traceMongoCommands, traceRedisCommands } from './tracing/client-spans.ts';
import { startTracing, stopTracing } from './tracing/sdk.ts';

/** The process-wide parts every service shares: one MongoClient, one Redis, one event log. */
export interface Platform {
  config: Config;
  logger: Logger;
  mongo: MongoClient;
  db: Db;
  redis: Redis | undefined;
  bus: WakeUpBus;
  /** Signals that are never stored (typing, presence): Redis pub/sub, or in-process. */
  live: LiveChannel;
  /** Who is online (Redis when configured, else this process's memory): never the source of truth. */
  presence: PresenceStore;
  eventLog: EventLog;
  keys: KeyPem;
  /** Signs (gateway) and checks (subgraphs) every gateway-to-subgraph request. */
  subgraphSecret: string;
  verifier: TokenVerifier;
  /** The process's Prometheus instruments, shared by every service it runs. */
  metrics: Metrics;
  /** Where METRICS_PORT serves them, when it is set. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * `monitorCommands` (default on: database command durations are metrics) also lets tests count
 * the database commands a request costs (batching proofs);
 * `events`: the catalogue every appended event is checked against (@lg/events).
 */
export async function createPlatform(
  config: Config,
  name: string,
  options: { keys?: KeyPem; monitorCommands?: boolean; events?: EventCatalogue; logDestination?: DestinationStream } = {},
): Promise<Platform> {
  if (!config.MONGODB_URI) throw new Error('MONGODB_URI is not set; start the embedded database (tools/db) or point it at a MongoDB server.');
  const logger = createLogger(name, config.LOG_LEVEL, options.logDestination);
  // Before any client exists, so that every one of them is traced (a no-op unless an OTLP endpoint is set).
  const tracing = await startTracing(name, config);
  const metrics = new Metrics();
  const mongo = createMongoClient(config.MONGODB_URI, { monitorCommands: options.monitorCommands ?? true });
  traceMongoCommands(mongo);
  timeDatabaseCommands(mongo, metrics);
  await mongo.connect();
  const db = mongo.db(config.MONGODB_DB);
  const redis = createRedis(config.REDIS_URL, logger);
  if (redis) traceRedisCommands(redis);
  const bus = redis ? redisBus(redis, logger) : inProcessBus();
  const live = redis ? redisLiveChannel(redis, logger) : inProcessLiveChannel();
  const presence = redis ? redisPresence(redis) : memoryPresence();
  const eventLog = new EventLog(db, bus, options.events ? { catalogue: options.events } : {});
  await ensureIndexes(db, eventLogIndexes);
  countWrittenEvents(eventLog, metrics);
  metrics.reportConsumerLag(() => eventLog.consumerLags());
  const keys = options.keys ?? (await loadKeyPem(config));
  const verifier = await createTokenVerifier(keys.publicKeyPem, config.JWT_ISSUER, config.JWT_AUDIENCE);
  const subgraphSecret = loadSubgraphSecret(config);
  const metricsServer = await startMetricsServer(metrics, config);
  return {
    config, logger, mongo, db, redis, bus, live, presence, eventLog, keys, subgraphSecret, verifier, metrics, metricsUrl: metricsServer?.url,
    async close() {
      await metricsServer?.close();
      await bus.close();
      await live.close();
      redis?.disconnect();
      await mongo.close();
      if (tracing) await stopTracing();
    },
  };
}
