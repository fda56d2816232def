// "Sign in with <provider>" for each configured provider; nothing when none is configured.
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Stack } from '../../ui/index.tsx';
import { oidcErrorMessage } from './message.ts';
import { callbackUri, savePending } from './pending.ts';

export const OidcProvidersQuery = graphql(`
  query OidcProviders { oidcProviders { id name } }
`);
const StartSignInMutation = graphql(`
  mutation StartOidcSignIn($provider: ID!, $redirectUri: String!) { startOidcSignIn(provider: $provider, redirectUri: $redirectUri) { authorizationUrl state } }
`);

export function OidcButtons() {
  const [{ data }] = useQuery({ query: OidcProvidersQuery });
  const [state, start] = useMutation(StartSignInMutation);
  const providers = data?.oidcProviders ?? [];
  if (providers.length === 0) return null;

  const go = async (provider: string) => {
    const res = await start({ provider, redirectUri: callbackUri() });
    const started = res.data?.startOidcSignIn;
    if (!started) return;
    savePending({ provider, state: started.state, intent: 'signin' });
    window.location.assign(started.authorizationUrl);
  };

  return (
    <Stack gap={2} aria-label="Other ways to sign in">
      <p className="muted">Or continue with</p>
      {state.error && <Alert tone="error">{oidcErrorMessage(state.error)}</Alert>}
      {providers.map((p) => (
        <Button key={p.id} type="button" variant="secondary" busy={state.fetching} onClick={() => void go(p.id)}>Sign in with {p.name}</Button>
      ))}
    </Stack>
  );
}
