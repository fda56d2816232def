// Changing the sign-in address, in the account page: the password (or, without one, a recent
// sign-in) confirms it is the user; the
// new address is unverified until its link is opened, so the session is refreshed to say so.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { useSession } from '../../lib/session.tsx';
import { Alert, Button, ErrorAlert, Stack, TextField } from '../../ui/index.tsx';
import { SignInAgain, useConfirmation } from '../oidc/SignInAgain.tsx';

const ChangeEmailMutation = graphql(`
  mutation ChangeEmail($newEmail: String!, $password: String) { changeEmail(newEmail: $newEmail, password: $password) { id email emailVerified } }
`);

export function ChangeEmailForm() {
  const { refresh } = useSession();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [state, change] = useMutation(ChangeEmailMutation);
  const { hasPassword } = useConfirmation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await change({ newEmail: newEmail.trim(), ...(hasPassword ? { password } : {}) });
    if (res.data) {
      setPassword('');
      await refresh();
    }
  };
  return (
    <Stack as="form" gap={3} onSubmit={submit} aria-labelledby="change-email-title">
      <h2 id="change-email-title">Change your email address</h2>
      <TextField label="New email address" type="email" value={newEmail} onChange={(e) => setNewEmail(e.target.value)} autoComplete="email" required />
      {hasPassword && <TextField label="Current password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />}
      <ErrorAlert error={state.error} />
      <SignInAgain error={state.error} returnTo="/profile" />
      {state.data && <Alert tone="success">We sent a verification link to {state.data.changeEmail.email}. Open it to verify your new address.</Alert>}
      <div><Button type="submit" busy={state.fetching} disabled={!newEmail.trim() || (hasPassword && !password)}>Change email</Button></div>
    </Stack>
  );
}
