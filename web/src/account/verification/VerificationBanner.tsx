// Shown on every page to a signed-in user whose address is not verified yet: what waits for it,
// and a way to have the link sent again (at most once a minute, the server says when).
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { useSession } from '../../lib/session.tsx';
import { Button, ErrorAlert } from '../../ui/index.tsx';

const ResendMutation = graphql(`
  mutation ResendVerification { resendVerification }
`);

export function VerificationBanner() {
  const { session, refresh } = useSession();
  const [state, resend] = useMutation(ResendMutation);
  if (session?.user.emailVerified !== false) return null;
  return (
    <section className="alert alert--info verification-banner" aria-label="Email not verified">
      <p>
        <strong>Verify your email address.</strong> Open the link we mailed you to buy courses, host labs and message others;
        you can learn free courses already.
      </p>
      <p style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <Button variant="secondary" busy={state.fetching} disabled={Boolean(state.data)} onClick={() => void resend({})}>
          {state.data ? 'Link sent' : 'Send the link again'}
        </Button>
        <Button variant="ghost" onClick={() => void refresh()}>I have verified it</Button>
      </p>
      <ErrorAlert error={state.error} />
    </section>
  );
}
