// The second step of signing in: a code from the app or a recovery code; or, when the user's role
// requires a second factor they do not have yet, setting one up, which finishes the sign-in.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { navigate } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { Alert, Button, Stack, TextField } from '../../ui/index.tsx';
import type { SignInChallenge } from './challenge.ts';
import { MfaEnrolment } from './Enrolment.tsx';

const VerifyMutation = graphql(`
  mutation VerifyMfaChallenge($challengeToken: String!, $code: String, $recoveryCode: String) {
    verifyMfaChallenge(challengeToken: $challengeToken, code: $code, recoveryCode: $recoveryCode) {
      ...SessionFields
    }
  }
`);

export function ChallengeStep({ challenge }: { challenge: SignInChallenge }) {
  const { signIn } = useSession();
  const [state, verify] = useMutation(VerifyMutation);
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);

  if (challenge.enrol)
    return (
      <Stack gap={3}>
        <Alert>Your role requires two-step sign-in. Set up an authenticator app to finish signing in.</Alert>
        <MfaEnrolment challengeToken={challenge.token} onDone={(done) => {
          if (!done.session) return;
          signIn({ ...done.session, user: { ...done.session.user, roles: [...done.session.user.roles] } });
          navigate('/');
        }} />
      </Stack>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim();
    const res = await verify(useRecovery ? { challengeToken: challenge.token, recoveryCode: value } : { challengeToken: challenge.token, code: value });
    const auth = res.data?.verifyMfaChallenge;
    if (auth) {
      signIn({ ...auth, user: { ...auth.user, roles: [...auth.user.roles] } });
      navigate('/');
    }
  };

  return (
    <Stack as="form" gap={3} onSubmit={submit} noValidate aria-label="Two-step sign-in">
      <p>{useRecovery ? 'Enter one of your recovery codes.' : 'Enter the six-digit code from your authenticator app.'}</p>
      <TextField label={useRecovery ? 'Recovery code' : 'Code from the app'} value={code} onChange={(e) => setCode(e.target.value)}
        inputMode={useRecovery ? 'text' : 'numeric'} autoComplete="one-time-code" maxLength={16} required autoFocus />
      {/* The server's words here: a wrong code, a block's wait, an expired sign-in each ask for something else. */}
      {state.error && <Alert tone="error">{state.error.graphQLErrors[0]?.message ?? errorMessage(state.error)}</Alert>}
      <div><Button type="submit" busy={state.fetching} disabled={!code.trim()}>Verify</Button></div>
      <p><Button type="button" variant="secondary" onClick={() => { setUseRecovery(!useRecovery); setCode(''); }}>
        {useRecovery ? 'Use a code from the app' : 'Use a recovery code'}
      </Button></p>
    </Stack>
  );
}
