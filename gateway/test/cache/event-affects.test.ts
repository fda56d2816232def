import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import * as events from '@lg/events';
import { describe, expect, it } from 'vitest';
import { EVENT_AFFECTS } from '../../src/cache/event-affects.ts';

const schema = buildSchema(readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8'));
const definitions = (Object.values(events) as unknown[]).filter((v): v is { type: string; producer: string } =>
  typeof v === 'object' && v !== null && 'type' in v && 'producer' in v && 'build' in v);

describe('what each event can change, for the response cache', () => {
  it('every event of the catalogue says which lists it can change', () => {
    expect(definitions.length).toBeGreaterThan(20);
    for (const { type } of definitions) expect(EVENT_AFFECTS, type).toHaveProperty(type);
    expect(Object.keys(EVENT_AFFECTS).sort()).toEqual([...new Set(definitions.map((d) => d.type))].sort());
  });

  it('every list named is a root query field of the API', () => {
    const fields = Object.keys(schema.getQueryType()!.getFields());
    for (const [type, affected] of Object.entries(EVENT_AFFECTS)) for (const field of affected) expect(fields, `${type} → ${field}`).toContain(field);
  });
});
