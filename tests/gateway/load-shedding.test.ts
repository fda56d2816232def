import { firstShed, rawSender, sleep, slowTick, stallEventLoop } from '@lg/platform/testing';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

let t: TestStack;
// A short window so that the test takes seconds; the threshold is far below the 300 ms stall.
beforeAll(async () => void (t = await startTestStack({ SHED_EVENT_LOOP_DELAY_MS: '100', SHED_WINDOW_MS: '250' })));
afterAll(async () => t?.close());

const categories = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories }' }) };

/** The status with which a new graphql-ws socket's upgrade is answered (101: accepted). */
function upgradeStatus(httpUrl: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, retryAfter: undefined });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      res.resume();
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('an overloaded gateway sheds new requests instead of queueing them', () => {
  it('answers 503 with Retry-After and a GraphQL error, refuses new sockets, keeps /health answering, and serves again once it caught up', async () => {
    const send = rawSender(t.url);
    expect((await send(categories)).status).toBe(200);
    expect((await upgradeStatus(t.url)).status).toBe(101);

    const stall = stallEventLoop();
    const shed = await firstShed(() => send(categories));
    const socket = await upgradeStatus(t.url);
    const health = await fetch(new URL('/health', t.url));
    await stall.stop();

    expect(shed.status).toBe(503);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await shed.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'OVERLOADED' });
    expect(socket.status).toBe(503);
    expect(Number(socket.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(health.status).toBe(200);

    // The first on-time tick ends shedding.
    await expect.poll(async () => (await send(categories)).status, { timeout: 2000, interval: 20 }).toBe(200);
    expect((await t.gql('{ categories }')).status).toBe(200);
    expect((await upgradeStatus(t.url)).status).toBe(101);
  });

  it('sheds nothing for one slow tick once the loop has been on time for two windows', async () => {
    await sleep(600);
    slowTick(500);
    expect((await rawSender(t.url)(categories)).status).toBe(200);
  });

  it('sheds nothing when the threshold is 0, however late the loop', async () => {
    const calm = await startTestStack({ SHED_EVENT_LOOP_DELAY_MS: '0', SHED_WINDOW_MS: '250' });
    try {
      const stall = stallEventLoop();
      const answer = await firstShed(() => rawSender(calm.url)(categories));
      await stall.stop();
      expect(answer.status).toBe(200);
    } finally {
      await calm.close();
    }
  });
});
