// Starts a sign-in at a provider and leaves for it; the callback page completes it.
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { callbackUri, savePending } from './pending.ts';

const StartSignInMutation = graphql(`
  mutation StartOidcSignIn($provider: ID!, $redirectUri: String!) { startOidcSignIn(provider: $provider, redirectUri: $redirectUri) { authorizationUrl state } }
`);

export function useOidcSignIn() {
  const [state, start] = useMutation(StartSignInMutation);
  /** `returnTo`: the path to come back to once signed in (the home page otherwise). */
  const go = async (provider: string, returnTo?: string) => {
    const started = (await start({ provider, redirectUri: callbackUri() })).data?.startOidcSignIn;
    if (!started) return;
    savePending({ provider, state: started.state, intent: 'signin', ...(returnTo ? { returnTo } : {}) });
    window.location.assign(started.authorizationUrl);
  };
  return [state, go] as const;
}
