import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { formatErrorFor } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { NextFrames } from '../../src/subscriptions/frames.ts';

/** A real socket pair on loopback: the server's side to write on, the client's to read from. */
let server: WebSocketServer;
let serverSide: WebSocket;
let client: WebSocket;
const received: { text: string; binary: boolean }[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  client.on('message', (data: Buffer, binary: boolean) => received.push({ text: data.toString(), binary }));
  [serverSide] = (await accepted) as [WebSocket];
  await once(client, 'open');
});
afterAll(async () => {
  client.close();
  await new Promise((resolve) => server.close(resolve));
});

const nextMessages = async (count: number) => {
  while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  return received.splice(0, count);
};

describe("next messages written straight to a subscriber's socket", () => {
  it('carry one result to several subscriptions, each under its own id, as graphql-transport-ws text messages', async () => {
    const frames = new NextFrames(formatErrorFor(true));
    const result = { data: { chatMessageAdded: { body: 'héllo "quoted"', author: { displayName: 'Ann' } } } };
    frames.writerFor(serverSide, 'sub-1')(result);
    frames.writerFor(serverSide, '2"odd')(result);
    const [a, b] = await nextMessages(2);
    expect(a!.binary).toBe(false);
    expect(JSON.parse(a!.text)).toEqual({ id: 'sub-1', type: 'next', payload: result });
    expect(JSON.parse(b!.text)).toEqual({ id: '2"odd', type: 'next', payload: result });
  });

  it('format errors as the server formats them: codes kept, nothing internal in production', async () => {
    const frames = new NextFrames(formatErrorFor(true));
    const internal = new GraphQLError('Subgraph down', { extensions: { code: 'SOMETHING_INTERNAL', response: { url: 'http://internal' } } });
    const refused = new GraphQLError('Only members.', { extensions: { code: 'FORBIDDEN' } });
    frames.writerFor(serverSide, 's')({ data: null, errors: [refused, internal] });
    const [message] = await nextMessages(1);
    const { payload } = JSON.parse(message!.text) as { payload: { data: null; errors: { message: string; extensions: Record<string, unknown> }[] } };
    expect(payload.data).toBeNull();
    expect(payload.errors[0]).toMatchObject({ message: 'Only members.', extensions: { code: 'FORBIDDEN' } });
    expect(payload.errors[1]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(payload)).not.toContain('http://internal');
  });

  it('write nothing to a socket that is closing', async () => {
    const frames = new NextFrames(formatErrorFor(true));
    const closed = once(client, 'close');
    serverSide.close(1000);
    frames.writerFor(serverSide, 'late')({ data: { late: true } });
    await closed;
    expect(received).toEqual([]);
  });
});
