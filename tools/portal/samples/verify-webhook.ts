// Verifies a webhook delivery the Standard Webhooks way (the scheme of Learning Graph's webhooks):
// an HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${raw body}` with the subscription's
// secret (`whsec_` + base64), sent base64-encoded as `v1,<signature>` in `webhook-signature`
// (several, space-separated, while a secret is being rotated). Only Node's crypto is needed.
// Verify the raw body exactly as received, before any JSON parsing.
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOLERANCE_SECONDS = 5 * 60;

export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  // A replayed delivery is refused outside a few minutes of when it was signed.
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false;

  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signatures.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
