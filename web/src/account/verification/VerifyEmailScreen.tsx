// `/verify-email?token=…`, opened from the mail: verifies the address (once), then, when this
// browser is signed in, refreshes the session so that its token says "verified".
import { useEffect, useRef } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Link, useLocation } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { Alert, Card, Empty, ErrorAlert, Loading, Stack } from '../../ui/index.tsx';

const VerifyMutation = graphql(`
  mutation VerifyEmail($token: String!) { verifyEmail(token: $token) { id } }
`);

export function VerifyEmailScreen() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const { session, refresh } = useSession();
  const [state, verify] = useMutation(VerifyMutation);
  const asked = useRef(false);
  useEffect(() => {
    if (!token || asked.current) return;
    asked.current = true;
    void verify({ token }).then((res) => (res.data && session ? refresh() : undefined));
  }, [token, verify, refresh, session]);
  if (!token) return <Empty>This link has no verification token. Sign in and ask for a new link.</Empty>;
  return (
    <Card as="section" aria-labelledby="verify-title" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Stack gap={4}>
        <h1 id="verify-title">Email verification</h1>
        {state.fetching && <Loading label="Verifying…" />}
        <ErrorAlert error={state.error} />
        {state.data && (
          <Alert tone="success">
            Your email address is verified. {session ? <Link to="/">Back to the catalog</Link> : <><Link to="/signin">Sign in</Link> to go on.</>}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
