// "Sign in with <provider>" for each configured provider; nothing when none is configured.
import { useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Stack } from '../../ui/index.tsx';
import { oidcErrorMessage } from './message.ts';
import { useOidcSignIn } from './useOidcSignIn.ts';

export const OidcProvidersQuery = graphql(`
  query OidcProviders { oidcProviders { id name } }
`);

export function OidcButtons() {
  const [{ data }] = useQuery({ query: OidcProvidersQuery });
  const [state, go] = useOidcSignIn();
  const providers = data?.oidcProviders ?? [];
  if (providers.length === 0) return null;

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
