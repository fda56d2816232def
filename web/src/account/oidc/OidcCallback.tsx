// Where a provider sends the browser back: completes the sign-in (or the link) once, then leaves.
import { useEffect, useRef, useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { Alert, Card, Loading, Stack } from '../../ui/index.tsx';
import { oidcErrorMessage } from './message.ts';
import { safeReturnPath, takePending } from './pending.ts';

const CompleteSignInMutation = graphql(`
  mutation CompleteOidcSignIn($provider: ID!, $state: String!, $callbackUrl: String!) {
    completeOidcSignIn(provider: $provider, state: $state, callbackUrl: $callbackUrl) { ...SessionFields }
  }
`);
const CompleteLinkMutation = graphql(`
  mutation CompleteOidcLink($provider: ID!, $state: String!, $callbackUrl: String!) {
    completeOidcLink(provider: $provider, state: $state, callbackUrl: $callbackUrl) { provider providerName subject email linkedAt }
  }
`);

export function OidcCallbackScreen() {
  const { signIn } = useSession();
  const [, completeSignIn] = useMutation(CompleteSignInMutation);
  const [, completeLink] = useMutation(CompleteLinkMutation);
  const [error, setError] = useState<CombinedError | Error | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // React's development double effect must not spend the single-use state
    started.current = true;
    const pending = takePending();
    const callbackUrl = window.location.href;
    const said = new URL(callbackUrl).searchParams;
    if (!pending) {
      setError(new Error('This sign-in was not started in this tab, or was already completed. Start again.'));
      return;
    }
    if (said.get('error') && !said.get('code')) {
      setError(new Error(said.get('error') === 'access_denied' ? 'The sign-in was cancelled at the provider.' : `The provider refused the sign-in (${said.get('error')}).`));
      return;
    }
    const variables = { provider: pending.provider, state: pending.state, callbackUrl };
    void (async () => {
      if (pending.intent === 'link') {
        const res = await completeLink(variables);
        if (res.error) setError(res.error);
        else navigate('/profile');
        return;
      }
      const res = await completeSignIn(variables);
      const session = res.data?.completeOidcSignIn;
      if (!session) {
        setError(res.error ?? new Error('The sign-in did not complete.'));
        return;
      }
      signIn({ ...session, user: { ...session.user, roles: [...session.user.roles] } });
      navigate(safeReturnPath(pending.returnTo));
    })();
  }, [completeLink, completeSignIn, signIn]);

  return (
    <Card as="section" aria-labelledby="callback-title" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Stack gap={4}>
        <h1 id="callback-title">Signing you in</h1>
        {error ? (
          <>
            <Alert tone="error">{oidcErrorMessage(error)}</Alert>
            <p><Link to="/signin">Back to sign in</Link></p>
          </>
        ) : <Loading label="Completing the sign-in…" />}
      </Stack>
    </Card>
  );
}
