import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { catalogue } from '@lg/events';
import { UnsubscribeTokens, createEngagementSubgraph, type EngagementSubgraph } from '@lg/engagement';
import { createPlatform, newId, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
import { closeTestPlatform, testConfig, testKeys } from '@lg/platform/testing';

// The scaled-out shape: engagement on its own, a gateway apart from it. Unsubscribe links name the
// gateway's origin (PUBLIC_URL); the gateway passes /mail to the engagement service
// (ENGAGEMENT_SERVICE_URL), so a mail client's one-click POST lands where the preferences live.
let platform: Platform;
let engagement: EngagementSubgraph;
let server: RunningServer;
let gateway: RunningGateway;
let origin: string;

beforeAll(async () => {
  platform = await createPlatform(testConfig(), 'test', { keys: await testKeys(), events: catalogue });
  engagement = await createEngagementSubgraph(platform);
  server = await startSubgraph(engagement, platform);
  const config = { ...platform.config, PORT: 0, ENGAGEMENT_SERVICE_URL: new URL(server.url).origin };
  gateway = await startGateway({
    config, verifier: platform.verifier, logger: platform.logger, subgraphSecret: platform.subgraphSecret, subgraphUrls: { engagement: server.url }, port: 0,
  });
  origin = new URL(gateway.url).origin;
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await server?.stop();
  await engagement?.stop();
  await closeTestPlatform(platform);
});

it('a gateway with ENGAGEMENT_SERVICE_URL serves the unsubscribe page and its one-click POST from the engagement service', async () => {
  const userId = newId();
  await engagement.services.preferences.updatePreferences({ id: userId, roles: ['STUDENT'] }, { notifications: [{ kind: 'THREAD_REPLY', channel: 'EMAIL' }] });
  const token = new UnsubscribeTokens(platform.subgraphSecret).sign(userId, ['THREAD_REPLY']);
  const page = await fetch(`${origin}/mail/unsubscribe?token=${token}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/Replies in threads I follow/);
  const altered = await fetch(`${origin}/mail/unsubscribe?token=${token.slice(0, -2)}xx`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(altered.status).toBe(400);
  expect((await engagement.mail.repository.findPreferences(userId))?.notifications.THREAD_REPLY).toEqual({ channel: 'EMAIL', dailyDigest: false });
  const post = await fetch(`${origin}/mail/unsubscribe?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(post.status).toBe(200);
  expect(await post.text()).toMatch(/Unsubscribed/);
  expect((await engagement.mail.repository.findPreferences(userId))?.notifications.THREAD_REPLY).toEqual({ channel: 'NONE', dailyDigest: false });
});
