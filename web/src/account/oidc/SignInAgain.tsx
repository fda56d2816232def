// Confirming a sensitive change (email, password, deletion): a password account types its password;
// an account that signs in only through a provider has none, so the server asks for a recent
// sign-in instead (RECENT_SIGN_IN_REQUIRED) and this offers to sign in again and come back.
import { useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Button, Row } from '../../ui/index.tsx';
import { useOidcSignIn } from './useOidcSignIn.ts';
import { oidcErrorMessage } from './message.ts';

const ConfirmationQuery = graphql(`
  query Confirmation { me { id hasPassword } linkedAccounts { provider providerName } }
`);

/** How the signed-in user confirms a change: `hasPassword` (true until known) and their providers. */
export function useConfirmation() {
  const [{ data }, refetch] = useQuery({ query: ConfirmationQuery, requestPolicy: 'cache-and-network' });
  return {
    hasPassword: data?.me?.hasPassword !== false, providers: data?.linkedAccounts ?? [],
    /** After setting a first password. */
    reload: () => refetch({ requestPolicy: 'network-only' }),
  };
}

export const needsRecentSignIn = (error: CombinedError | undefined) => error?.graphQLErrors[0]?.extensions?.reason === 'RECENT_SIGN_IN_REQUIRED';

/** After a refusal for an old sign-in: a button per linked provider, back to `returnTo` once signed in. */
export function SignInAgain({ error, returnTo }: { error: CombinedError | undefined; returnTo: string }) {
  const { providers } = useConfirmation();
  const [state, go] = useOidcSignIn();
  if (!needsRecentSignIn(error)) return null;
  return (
    <Row gap={2}>
      {providers.map((p) => (
        <Button key={p.provider} type="button" busy={state.fetching} onClick={() => void go(p.provider, returnTo)}>Sign in again with {p.providerName}</Button>
      ))}
      {state.error && <span role="alert">{oidcErrorMessage(state.error)}</span>}
    </Row>
  );
}
