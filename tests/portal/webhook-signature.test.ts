// The portal's webhook verification sample (tools/portal/samples/verify-webhook.ts) against deliveries
// signed by the Standard Webhooks reference library, so that the code integrators copy is right.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../tools/portal/samples/verify-webhook.ts';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const body = JSON.stringify({ type: 'enrollment.created', timestamp: '2026-01-01T00:00:00Z', data: { enrollmentId: 'e1', courseId: 'c1' } });
const signedAt = new Date('2026-01-01T00:00:00Z');
const now = Math.floor(signedAt.getTime() / 1000);

function delivery(signingSecret = secret, id = 'msg_1') {
  return { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': new Webhook(signingSecret).sign(id, signedAt, body) };
}

describe('the webhook verification sample', () => {
  it('accepts a delivery signed by the reference implementation', () => {
    expect(verifyWebhook(secret, delivery(), body, now + 10)).toBe(true);
  });

  it('refuses a changed body, another message id and another secret', () => {
    expect(verifyWebhook(secret, delivery(), body.replace('c1', 'c2'), now)).toBe(false);
    expect(verifyWebhook(secret, { ...delivery(), 'webhook-id': 'msg_2' }, body, now)).toBe(false);
    expect(verifyWebhook(`whsec_${randomBytes(24).toString('base64')}`, delivery(), body, now)).toBe(false);
  });

  it('refuses a delivery signed more than five minutes away, so that a captured one cannot be replayed', () => {
    expect(verifyWebhook(secret, delivery(), body, now + 5 * 60)).toBe(true);
    expect(verifyWebhook(secret, delivery(), body, now + 5 * 60 + 1)).toBe(false);
    expect(verifyWebhook(secret, delivery(), body, now - 5 * 60 - 1)).toBe(false);
  });

  it('accepts any of several signatures while a secret is rotated, and refuses missing or malformed headers', () => {
    const old = `whsec_${randomBytes(24).toString('base64')}`;
    const both = `${delivery(old)['webhook-signature']} ${delivery()['webhook-signature']}`;
    expect(verifyWebhook(secret, { ...delivery(), 'webhook-signature': both }, body, now)).toBe(true);
    expect(verifyWebhook(secret, { ...delivery(), 'webhook-signature': undefined }, body, now)).toBe(false);
    expect(verifyWebhook(secret, { ...delivery(), 'webhook-timestamp': 'soon' }, body, now)).toBe(false);
    expect(verifyWebhook(secret, { ...delivery(), 'webhook-signature': delivery()['webhook-signature'].replace('v1,', 'v2,') }, body, now)).toBe(false);
  });
});
