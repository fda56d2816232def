import { z } from 'zod';
import { newEvent, type DomainEvent, type LoggedEvent } from './event.ts';

/** Where an event's envelope references come from, read off its (already validated) payload. */
export interface EventRefs {
  aggregateId: string;
  courseId?: string | undefined;
  userId?: string | undefined;
}

/** A payload schema: an object, so that it fits the log's record of data. */
export type PayloadSchema = z.ZodType<Record<string, unknown>>;

/**
 * The contract of one domain event: its name, the subgraph that produces it, its payload schema and
 * how the envelope's references come from the payload. Producers build events only through
 * `build`; consumers narrow a logged event with `is` and get the payload type from the schema.
 */
export interface EventDefinition<T extends string = string, S extends PayloadSchema = PayloadSchema> {
  readonly type: T;
  readonly producer: string;
  readonly schema: S;
  readonly refs: (data: z.output<S>) => EventRefs;
  /** Validates the payload (throws MalformedEventError) and builds the event, refs included. */
  build(data: z.input<S>): DomainEvent<z.output<S>>;
  /** Narrows a logged event of this type; its payload is trusted as the producer validated it. */
  is(event: LoggedEvent): event is LoggedEvent<z.output<S>>;
}

/** The payload type of an event definition. */
export type PayloadOf<D> = D extends EventDefinition<string, infer S> ? z.output<S> : never;

/**
 * A producer tried to record an event that breaks its contract: a bug in the producer, never the
 * caller's fault, so it is a plain Error (an internal error to clients) and nothing is written.
 */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

function parsePayload<S extends PayloadSchema>(type: string, schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
  throw new MalformedEventError(`Malformed ${type} event refused: ${problems}`);
}

export function defineEvent<T extends string, S extends PayloadSchema>(definition: {
  type: T;
  producer: string;
  schema: S;
  refs: (data: z.output<S>) => EventRefs;
}): EventDefinition<T, S> {
  const { type, schema, refs } = definition;
  return {
    ...definition,
    build(data) {
      const payload = parsePayload(type, schema, data);
      const { aggregateId, courseId, userId } = refs(payload);
      return newEvent(type, aggregateId, payload, { ...(courseId ? { courseId } : {}), ...(userId ? { userId } : {}) });
    },
    is: (event): event is LoggedEvent<z.output<S>> => event.type === type,
  };
}

/** Narrows a logged event to any of these definitions; its payload is the union of theirs. */
export function isOneOf<const D extends readonly EventDefinition[]>(definitions: D, event: LoggedEvent): event is LoggedEvent<PayloadOf<D[number]>> {
  return definitions.some((definition) => definition.is(event));
}

/** The type names of some definitions, for a consumer's `types`. */
export const typesOf = (definitions: readonly EventDefinition[]): string[] => definitions.map((d) => d.type);

/**
 * Every event the log accepts. The log checks each appended event against it, so an unknown type
 * or a payload that breaks its schema is refused before anything is written.
 */
export class EventCatalogue {
  private readonly byType = new Map<string, EventDefinition>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) throw new Error(`Event type ${definition.type} is defined twice.`);
      this.byType.set(definition.type, definition);
    }
  }

  get(type: string): EventDefinition | undefined {
    return this.byType.get(type);
  }

  /** Throws MalformedEventError for an event type not in the catalogue or a payload its schema refuses. */
  check(event: DomainEvent): void {
    const definition = this.byType.get(event.type);
    if (!definition) throw new MalformedEventError(`Unknown event type ${JSON.stringify(event.type)} refused: it is not in the event catalogue.`);
    parsePayload(event.type, definition.schema, event.data);
  }
}
