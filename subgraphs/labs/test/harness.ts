import type { CommandStartedEvent } from 'mongodb';
import { createPlatform, type Platform, type Role, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, commandWatcher, serveForTest, signTestToken, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createLabsSubgraph, type CreateLabInput, type LabModel, type LabsSubgraph } from '../src/index.ts';
import { catalogue } from '@lg/events';

export { codeOf, type Actor };

export interface LabsHarness {
  platform: Platform;
  /** The running labs subgraph (replaced by restart). */
  readonly labs: LabsSubgraph;
  readonly server: RunningServer;
  /** A client of the labs subgraph's HTTP endpoint, also across restarts. */
  gql: GraphQLClient;
  /** Milliseconds added to the real time by the subgraph's clock; tests move it. */
  clockOffset: number;
  /** The database commands run while `fn` runs. */
  commandsDuring(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  /** Stops the subgraph, runs `meanwhile` (a crash's leftovers), then creates and serves it again. */
  restart(meanwhile?: () => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

/** The labs subgraph served over HTTP on a fresh database, with database commands observable. */
/** `config`: configuration overrides, e.g. a higher cost limit for a batching proof. */
export async function startLabs(config: Record<string, string> = {}): Promise<LabsHarness> {
  const platform = await createPlatform(testConfig(config), 'test', { keys: await testKeys(), monitorCommands: true, events: catalogue });
  const clock = { offset: 0 };
  const served = await serveForTest(platform, () => createLabsSubgraph(platform, { now: () => new Date(Date.now() + clock.offset) }));
  return {
    platform,
    get labs() { return served.subgraph; },
    get server() { return served.server; },
    gql: served.gql,
    get clockOffset() { return clock.offset; },
    set clockOffset(ms: number) { clock.offset = ms; },
    commandsDuring: commandWatcher(platform),
    restart: served.restart,
    async close() {
      await served.stop();
      await closeTestPlatform(platform);
    },
  };
}

/** An unexpired access token as identity would issue it, signed with the platform's own key. */
export function accessToken(h: LabsHarness, sub: string, roles: Role[]): string {
  return signTestToken(h.platform, sub, roles);
}

export const actor = (h: LabsHarness, ...roles: Role[]): Actor => testActor(h.platform, ...roles);

let serial = 0;
export function labInput(overrides: Partial<CreateLabInput> = {}): CreateLabInput {
  serial += 1;
  return {
    title: `Lab number ${serial}`,
    description: 'A room with benches.',
    location: 'Building A, room 1',
    capacity: 12,
    pricePerHourCents: 2500,
    ...overrides,
  };
}

/** A lab created through the service, as the seed script does. */
export const seedLab = (h: LabsHarness, host: Actor, overrides: Partial<CreateLabInput> = {}): Promise<LabModel> =>
  h.labs.service.createLab(host.viewer, labInput(overrides));

/** The start of today (UTC) plus `days` days and `hour` hours: `slot(1, 10)` is tomorrow at 10:00 UTC. */
export function slot(days: number, hour: number, minutes = 0): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour, minutes));
}

export const iso = (date: Date) => date.toISOString();

export const LAB_FIELDS = /* GraphQL */ `
  id title description location capacity pricePerHourCents equipment openHoursUtc host { id }`;
export const BOOKING_FIELDS = /* GraphQL */ `
  id slotStart slotEnd status createdAt cancelledAt user { id } lab { id title }`;

export const CREATE = `mutation($input: CreateLabInput!) { createLab(input: $input) { ${LAB_FIELDS} } }`;
export const BOOK = `mutation($labId: ID!, $slotStart: DateTime!) { bookLab(labId: $labId, slotStart: $slotStart) { ${BOOKING_FIELDS} } }`;
export const CANCEL = `mutation($id: ID!) { cancelLabBooking(id: $id) { ${BOOKING_FIELDS} } }`;
export const AVAILABILITY = `query($id: ID!, $from: DateTime!, $to: DateTime!) { lab(id: $id) { availability(from: $from, to: $to) { start end available } } }`;
export const MY_BOOKINGS = `{ myLabBookings { ${BOOKING_FIELDS} } }`;

export const book = (h: LabsHarness, who: Actor | undefined, labId: string, slotStart: Date | string) =>
  h.gql(BOOK, { labId, slotStart: typeof slotStart === 'string' ? slotStart : iso(slotStart) }, { token: who?.token });
export const cancel = (h: LabsHarness, who: Actor | undefined, id: string) => h.gql(CANCEL, { id }, { token: who?.token });

/** Everything labs keeps and the event log, to show that a refused call changed nothing. */
export async function snapshot(h: LabsHarness) {
  const { labs, bookings, claims } = h.labs.repository;
  return {
    labs: await labs.find({}).sort({ _id: 1 }).toArray(),
    bookings: await bookings.find({}).sort({ _id: 1 }).toArray(),
    claims: await claims.find({}).sort({ _id: 1 }).toArray(),
    events: await h.platform.db.collection('platform_events').countDocuments(),
  };
}

export const labsEvents = (h: LabsHarness, type: string, filter: Record<string, unknown> = {}) =>
  h.platform.db.collection('platform_events').find({ type, ...filter }).sort({ seq: 1 }).toArray();
