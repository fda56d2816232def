import type { CommandFailedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import type { Metrics } from './metrics.ts';

// Handshakes and heartbeats are the driver's own, not work the services asked for.
const IGNORED = new Set(['hello', 'isMaster', 'ismaster', 'saslStart', 'saslContinue', 'endSessions']);

/**
 * Times every database command into lg_mongodb_command_duration_seconds, from the driver's command
 * monitoring (the client must be created with `monitorCommands: true`).
 */
export function timeDatabaseCommands(mongo: MongoClient, metrics: Metrics): () => void {
  const observe = (outcome: 'ok' | 'failed') => (e: CommandSucceededEvent | CommandFailedEvent) => {
    if (!IGNORED.has(e.commandName)) metrics.databaseCommandDuration.observe({ command: e.commandName, outcome }, e.duration / 1000);
  };
  const succeeded = observe('ok');
  const failed = observe('failed');
  mongo.on('commandSucceeded', succeeded);
  mongo.on('commandFailed', failed);
  return () => {
    mongo.off('commandSucceeded', succeeded);
    mongo.off('commandFailed', failed);
  };
}
