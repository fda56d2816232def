import portal from 'virtual:developer-portal/portal';
import { Link } from '../lib/router.tsx';
import { Alert, Badge, Stack } from '../ui/index.tsx';
import { Section } from './Section.tsx';
import { CodeBlock } from './CodeBlock.tsx';
import { TypeLink } from './TypeLink.tsx';
import { graphqlUrl } from './snippets.ts';

function ApiKeys() {
  const { available, mutation } = portal.features.apiKeys;
  return (
    <Section id="api-keys" title={<>API keys {available ? <Badge>available</Badge> : <Badge>coming</Badge>}</>}>
      {available && mutation ? (
        <p>
          Create a key with <code>{mutation.name}</code> (it answers <TypeLink type={mutation.type} />); its arguments are in the{' '}
          <Link to="/developers/reference/Mutation">reference</Link>. {mutation.description}
        </p>
      ) : (
        <Alert>API keys are not in the schema yet: until they are, integrations sign in as a user, as above.</Alert>
      )}
      <p>
        {available ? 'You' : 'How they will work: you'} create a key in the web client (<Link to="/account/security">Security → API keys</Link>) or
        with <code>createApiKey</code>, choosing its scopes — <code>&lt;domain&gt;:read</code> and <code>&lt;domain&gt;:write</code> per part of
        the graph (catalog, learning, assessment, engagement, labs, commerce, media, analytics, assistant), <code>identity:read</code> and{' '}
        <code>webhooks</code> —, an optional expiry and an address allow-list. The key is shown once (only its hash is kept). Send it as
        {' '}<code>Authorization: Bearer lg_…</code> or <code>x-api-key: lg_…</code>: it acts for you as a service account with exactly its scopes
        (never more than your own rights, never as an administrator), with its own rate and cost budgets, and runs operations of your
        own. A key never changes your account (password, email, sessions, keys). Keys can be rotated (the old and the new secret both
        work for a grace period) and revoked (effective within seconds).
      </p>
      <CodeBlock label="A request with an API key" code={`curl ${graphqlUrl()} \\\n  -H 'content-type: application/json' \\\n  -H "x-api-key: $LG_API_KEY" \\\n  --data '{"query":"{ courses(first: 5) { edges { node { id title } } } }"}'`} />
    </Section>
  );
}

export function GettingStartedPage() {
  const minutes = Math.round(portal.session.accessTokenTtlSeconds / 60);
  return (
    <Stack gap={4}>
      <h1>Developers</h1>
      <p>
        Learning Graph is one GraphQL API over the whole platform: the catalog, enrolments and progress, exercises and grades, community,
        labs, orders and the assistant. It is a federated supergraph; you see a single schema at a single endpoint.
      </p>
      <Section id="endpoint" title="The endpoint">
        <p>
          Queries and mutations: <code>POST {graphqlUrl()}</code> with a JSON body <code>{'{ "query", "variables", "operationName" }'}</code>.
          Subscriptions: WebSocket at <code>{graphqlUrl().replace(/^http/, 'ws')}</code> with the <code>graphql-ws</code> protocol.
          Every type and field is described in the <Link to="/developers/reference">schema reference</Link>; errors carry{' '}
          <code>extensions.code</code> (<Link to="/developers/limits">limits and errors</Link>).
        </p>
      </Section>
      <Section id="trusted-documents" title="Which operations run">
        <p>
          The production platform runs, for callers signed in as a person or anonymous, only the operations its own clients were built
          with (trusted documents): those go by id (<code>{'{ "documentId": "sha256:…" }'}</code>, or an APQ hash), and any other
          document is refused with <code>BAD_USER_INPUT</code> and <code>extensions.reason</code> <code>DOCUMENT_NOT_TRUSTED</code>.
          Operations of your own need an API key (below). Development and test stacks run any document.
        </p>
      </Section>
      <Section id="auth" title="Authentication today">
        <ol>
          <li>Sign in with <code>login(email, password)</code>: it answers an access token (valid {minutes} minutes) and a refresh token (valid {portal.session.refreshTokenTtlDays} days, single use).</li>
          <li>Send <code>Authorization: Bearer &lt;access token&gt;</code> with every request; over WebSocket, send <code>{'{ "authorization": "Bearer <access token>" }'}</code> as the connection_init payload.</li>
          <li>Before the access token expires, exchange the refresh token with <code>refreshSession</code> for a new pair; reusing a spent refresh token ends the session.</li>
          <li>An expired or ended session is <code>UNAUTHENTICATED</code> (HTTP 401).</li>
        </ol>
        <p>The <Link to="/developers/examples">examples</Link> show each step with curl and JavaScript.</p>
      </Section>
      <ApiKeys />
    </Stack>
  );
}
