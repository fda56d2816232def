// Changing the password while signed in, optionally signing out every other session.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Card, Checkbox, ErrorAlert, Stack, TextField } from '../../ui/index.tsx';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!, $endOtherSessions: Boolean) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword, endOtherSessions: $endOtherSessions)
  }
`);

export function ChangePassword({ onChanged }: { onChanged(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [state, change] = useMutation(ChangePasswordMutation);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if ((await change({ currentPassword: current, newPassword: next, endOtherSessions: endOthers })).data?.changePassword) {
      setSaved(true);
      onChanged();
      setCurrent('');
      setNext('');
    }
  };
  return (
    <Card as="section" aria-labelledby="password-title">
      <Stack as="form" gap={3} onSubmit={submit} noValidate>
        <h2 id="password-title">Change your password</h2>
        <TextField label="Current password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
        <TextField label="New password" type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password"
          hint="At least 10 characters, with a letter and a digit." required />
        <Checkbox label="Sign out my other sessions" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} />
        <ErrorAlert error={state.error} />
        {saved && <Alert tone="success">Password changed.</Alert>}
        <div><Button type="submit" busy={state.fetching} disabled={!current || !next}>Change password</Button></div>
      </Stack>
    </Card>
  );
}
