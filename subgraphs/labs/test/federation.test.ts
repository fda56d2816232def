import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { actor, seedLab, slot, startLabs, type Actor, type LabsHarness } from './harness.ts';

let h: LabsHarness;
let host: Actor;
let student: Actor;
const labIds: string[] = [];
const bookingIds: string[] = [];
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  for (let i = 0; i < 12; i += 1) {
    const lab = await seedLab(h, host, { title: `Federated lab ${i}` });
    labIds.push(lab._id);
    bookingIds.push((await h.labs.service.bookLab(student.viewer, lab._id, slot(2 + i, 10)))._id);
  }
});
afterAll(async () => h?.close());

const LABS_COLLECTIONS = new Set(['labs_labs', 'labs_bookings', 'labs_slot_claims']);
/** Runs a query and returns its answer with the commands it sent to labs' collections. */
async function measured(query: string, variables: Record<string, unknown>, token?: string) {
  let res: any;
  const commands = await h.commandsDuring(async () => void (res = await h.gql(query, variables, { token })));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { data: res.data, commands: commands.filter((c) => LABS_COLLECTIONS.has(c.command[c.commandName])).map((c) => `${c.commandName} ${c.command[c.commandName]}`) };
}

describe('the subgraph as the gateway sees it', () => {
  it('declares Lab and LabBooking as entities keyed by id, and User as a reference only', async () => {
    const { data } = await measured('{ _service { sdl } }', {});
    expect(data._service.sdl).toMatch(/type Lab @key\(fields: "id"\)/);
    expect(data._service.sdl).toMatch(/type LabBooking @key\(fields: "id"\)/);
    expect(data._service.sdl).toMatch(/type User @key\(fields: "id", resolvable: false\)/);
  });

  it('resolves a dozen Lab references with one query, null for unknown and malformed ids', async () => {
    const r = [...labIds, newId(), 'not-an-id'].map((id) => ({ __typename: 'Lab', id }));
    const { data, commands } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Lab { id title host { id } } } }`, { r });
    expect(data._entities.slice(0, 12).map((l: any) => l.id)).toEqual(labIds);
    expect(data._entities[0].host).toEqual({ id: host.id });
    expect(data._entities.slice(12)).toEqual([null, null]);
    expect(commands).toEqual(['find labs_labs']);
  });

  it('resolves a dozen LabBooking references with their labs in two queries', async () => {
    const r = bookingIds.map((id) => ({ __typename: 'LabBooking', id }));
    const { data, commands } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on LabBooking { id user { id } lab { id title } } } }`, { r }, student.token);
    expect(data._entities.map((b: any) => b.lab.id)).toEqual(labIds);
    expect(data._entities[0].user).toEqual({ id: student.id });
    expect(commands.sort()).toEqual(['find labs_bookings', 'find labs_labs']);
  });

  it('myLabBookings with each booking’s lab costs one query of bookings and one of labs', async () => {
    const { data, commands } = await measured(`{ myLabBookings { id lab { id title } } }`, {}, student.token);
    expect(data.myLabBookings).toHaveLength(12);
    expect(data.myLabBookings[0].lab.id).toBe(labIds[11]);
    expect(commands.sort()).toEqual(['find labs_bookings', 'find labs_labs']);
  });
});
