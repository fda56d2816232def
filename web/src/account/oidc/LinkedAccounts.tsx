// The account page's linked sign-in providers: each linked one with Unlink, a Link button for the others.
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Card, Stack } from '../../ui/index.tsx';
import { oidcErrorMessage } from './message.ts';
import { OidcProvidersQuery } from './OidcButtons.tsx';
import { callbackUri, savePending } from './pending.ts';

const LinkedAccountsQuery = graphql(`
  query LinkedAccounts { linkedAccounts { provider providerName subject email linkedAt } }
`);
const StartLinkMutation = graphql(`
  mutation StartOidcLink($provider: ID!, $redirectUri: String!) { startOidcLink(provider: $provider, redirectUri: $redirectUri) { authorizationUrl state } }
`);
const UnlinkMutation = graphql(`
  mutation UnlinkAccount($provider: ID!) { unlinkAccount(provider: $provider) }
`);

export function LinkedAccounts() {
  const [{ data: providers }] = useQuery({ query: OidcProvidersQuery });
  const [{ data, error }, refetch] = useQuery({ query: LinkedAccountsQuery, requestPolicy: 'cache-and-network' });
  const [linkState, startLink] = useMutation(StartLinkMutation);
  const [unlinkState, unlink] = useMutation(UnlinkMutation);
  const all = providers?.oidcProviders ?? [];
  if (all.length === 0) return null;
  const linked = data?.linkedAccounts ?? [];
  const problem = error ?? linkState.error ?? unlinkState.error;
  const unlinked = all.filter((p) => !linked.some((l) => l.provider === p.id));

  const link = async (provider: string) => {
    const started = (await startLink({ provider, redirectUri: callbackUri() })).data?.startOidcLink;
    if (!started) return;
    savePending({ provider, state: started.state, intent: 'link' });
    window.location.assign(started.authorizationUrl);
  };
  const remove = async (provider: string) => {
    const res = await unlink({ provider });
    if (!res.error) refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card as="section" aria-labelledby="linked-title" style={{ maxWidth: 640, margin: '24px auto 0' }}>
      <Stack gap={3}>
        <h2 id="linked-title">Sign-in providers</h2>
        {problem && <Alert tone="error">{oidcErrorMessage(problem)}</Alert>}
        <ul aria-label="Linked accounts" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {linked.map((l) => (
            <li key={l.provider} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, padding: '8px 0' }}>
              <span><strong>{l.providerName}</strong>{l.email ? ` · ${l.email}` : ''} <span className="muted">linked {new Date(l.linkedAt).toLocaleDateString()}</span></span>
              <Button type="button" variant="secondary" style={{ whiteSpace: 'nowrap' }} busy={unlinkState.fetching} onClick={() => void remove(l.provider)}>Unlink {l.providerName}</Button>
            </li>
          ))}
        </ul>
        {linked.length === 0 && <p className="muted">No provider is linked; you sign in with your password.</p>}
        {unlinked.map((p) => (
          <div key={p.id}><Button type="button" variant="secondary" busy={linkState.fetching} onClick={() => void link(p.id)}>Link {p.name}</Button></div>
        ))}
      </Stack>
    </Card>
  );
}
