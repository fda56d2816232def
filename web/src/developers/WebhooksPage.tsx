import portal from 'virtual:developer-portal/portal';
import { Link } from '../lib/router.tsx';
import { Alert, Stack } from '../ui/index.tsx';
import { Section } from './Section.tsx';
import { CodeBlock } from './CodeBlock.tsx';

const HEADERS = `POST /your/endpoint HTTP/1.1
content-type: application/json
webhook-id: msg_2bJHbZkYg9x4LmA1
webhook-timestamp: 1767225600
webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=

{"type":"enrollment.created","timestamp":"2026-01-01T00:00:00Z","data":{…}}`;

export function WebhooksPage() {
  const { available, mutation } = portal.features.webhooks;
  return (
    <Stack gap={4}>
      <h1>Webhooks</h1>
      {available && mutation ? (
        <p>
          Subscribe an endpoint with <code>{mutation.name}</code> (see the <Link to={`/developers/reference/Mutation#field-${mutation.name}`}>reference</Link>). {mutation.description}
        </p>
      ) : (
        <Alert>Webhook subscriptions are not in the schema yet; the signature scheme below is the one deliveries will use.</Alert>
      )}
      <Section id="receiving" title="Receiving a delivery">
        <p>
          A subscription sends events to your HTTPS endpoint as JSON POSTs, at least once and in order per resource. Answer 2xx quickly
          and do the work afterwards; any other answer is retried with exponential backoff for up to a day. The same event may arrive
          twice: <code>webhook-id</code> stays the same across retries, so keep the ids you have handled.
        </p>
        <CodeBlock label="A delivery (illustrative values)" code={HEADERS} />
      </Section>
      <Section id="verifying" title="Verifying the signature">
        <p>
          Deliveries are signed the Standard Webhooks way: HMAC-SHA256 over <code>id.timestamp.body</code> with your subscription's
          secret. Check the signature over the raw body before parsing it, and refuse old timestamps so that a captured delivery cannot be
          replayed. Any Standard Webhooks library works; this is all it takes with Node's crypto ({portal.webhookSample.file}, tested by the
          project against a reference implementation):
        </p>
        <CodeBlock label="TypeScript (Node.js)" code={portal.webhookSample.source} />
      </Section>
    </Stack>
  );
}
