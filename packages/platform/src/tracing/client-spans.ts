import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import type { MongoClient } from 'mongodb';
import { tracerIn, tracingOn } from './sdk.ts';

/**
 * A span for a call to a dependency, when the caller is inside a trace. Background work outside
 * any request (the event log's polls, wake-ups) makes no spans: those would be a root trace every
 * half second, and nobody asked about them.
 */
function clientSpan(name: string, attributes: Attributes): Span | undefined {
  const active = context.active();
  if (!trace.getSpan(active)) return undefined;
  return tracerIn(active).startSpan(name, { kind: SpanKind.CLIENT, attributes }, active);
}

function end(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs a call to a dependency in a client span, when tracing is on and the caller is in a trace. */
export async function inClientSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const span = tracingOn() ? clientSpan(name, attributes) : undefined;
  if (!span) return work();
  try {
    const result = await context.with(trace.setSpan(context.active(), span), work);
    end(span);
    return result;
  } catch (error) {
    end(span, error);
    throw error;
  }
}

/**
 * MongoDB spans from the driver's own command monitoring (the client must be created with
 * `monitorCommands`): the events fire inside the operation's async context, so each span is the
 * child of whatever span issued the command.
 */
export function traceMongoCommands(client: MongoClient): void {
  if (!tracingOn()) return;
  const open = new Map<number, Span>();
  client.on('commandStarted', (e) => {
    const collection = e.command[e.commandName] as unknown;
    const span = clientSpan(`mongodb ${e.commandName}`, {
      'db.system': 'mongodb', 'db.namespace': e.databaseName, 'db.operation.name': e.commandName,
      ...(typeof collection === 'string' ? { 'db.collection.name': collection } : {}),
    });
    if (span) open.set(e.requestId, span);
  });
  const finish = (requestId: number, error?: unknown) => {
    const span = open.get(requestId);
    if (!span) return;
    open.delete(requestId);
    end(span, error);
  };
  client.on('commandSucceeded', (e) => finish(e.requestId));
  client.on('commandFailed', (e) => finish(e.requestId, e.failure));
}

/** Redis spans, one per command this client sends (ioredis has no hooks of its own: sendCommand is wrapped). */
export function traceRedisCommands(redis: Redis): void {
  if (!tracingOn()) return;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    const span = clientSpan(`redis ${command.name}`, { 'db.system': 'redis', 'db.operation.name': command.name });
    const sent = send(command, stream);
    if (span) command.promise.then(() => end(span), (error: unknown) => end(span, error));
    return sent;
  };
}
