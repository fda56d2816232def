// Changing the password while signed in, optionally signing out every other session.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Card, Checkbox, ErrorAlert, Stack, TextField } from '../../ui/index.tsx';
import { SignInAgain, useConfirmation } from '../oidc/SignInAgain.tsx';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String, $newPassword: String!, $endOtherSessions: Boolean) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword, endOtherSessions: $endOtherSessions)
  }
`);

export function ChangePassword({ onChanged }: { onChanged(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [state, change] = useMutation(ChangePasswordMutation);
  const [saved, setSaved] = useState<string | null>(null);
  // An account made by a provider has no password yet: it sets one, confirmed by a recent sign-in.
  const { hasPassword, reload } = useConfirmation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if ((await change({ ...(hasPassword ? { currentPassword: current } : {}), newPassword: next, endOtherSessions: endOthers })).data?.changePassword) {
      setSaved(hasPassword ? 'Password changed.' : 'Password set.');
      onChanged();
      if (!hasPassword) reload();
      setCurrent('');
      setNext('');
    }
  };
  return (
    <Card as="section" aria-labelledby="password-title">
      <Stack as="form" gap={3} onSubmit={submit} noValidate>
        <h2 id="password-title">{hasPassword ? 'Change your password' : 'Set a password'}</h2>
        {!hasPassword && <p className="muted">You sign in through a provider; a password lets you sign in without it too.</p>}
        {hasPassword && <TextField label="Current password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />}
        <TextField label="New password" type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password"
          hint="At least 10 characters, with a letter and a digit." required />
        <Checkbox label="Sign out my other sessions" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} />
        <ErrorAlert error={state.error} />
        <SignInAgain error={state.error} returnTo="/account/security" />
        {saved && <Alert tone="success">{saved}</Alert>}
        <div><Button type="submit" busy={state.fetching} disabled={(hasPassword && !current) || !next}>{hasPassword ? 'Change password' : 'Set password'}</Button></div>
      </Stack>
    </Card>
  );
}
