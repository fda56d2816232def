// Two-step sign-in on the security screen: its state, setting it up, turning it off.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Button, Card, ErrorAlert, Loading, Stack, TextField } from '../../ui/index.tsx';
import { MfaEnrolment } from './Enrolment.tsx';

const MyMfaQuery = graphql(`
  query MyMfa { myMfa { enabled enabledAt recoveryCodesLeft required } }
`);
const DisableMutation = graphql(`
  mutation DisableMfa($code: String, $password: String) { disableMfa(code: $code, password: $password) }
`);

export function MfaSettings({ onChanged }: { onChanged(): void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyMfaQuery, requestPolicy: 'cache-and-network' });
  const [enrolling, setEnrolling] = useState(false);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const mfa = data?.myMfa;
  return (
    <Card as="section" aria-labelledby="mfa-title">
      <Stack gap={3}>
        <h2 id="mfa-title">Two-step sign-in</h2>
        {!mfa && fetching && <Loading />}
        <ErrorAlert error={error} />
        {mfa?.enabled && (
          <>
            <Alert tone="success">On since {new Date(String(mfa.enabledAt)).toLocaleDateString()}; {mfa.recoveryCodesLeft} recovery codes left.</Alert>
            {mfa.required ? <p className="muted">Your role requires two-step sign-in.</p> : <DisableForm onDone={reload} />}
          </>
        )}
        {mfa && !mfa.enabled && (enrolling
          ? <MfaEnrolment onDone={() => { setEnrolling(false); reload(); onChanged(); }} />
          : (
            <>
              <p>Sign in with a code from an authenticator app as well as your password.</p>
              <div><Button onClick={() => setEnrolling(true)}>Set up two-step sign-in</Button></div>
            </>
          ))}
      </Stack>
    </Card>
  );
}

function DisableForm({ onDone }: { onDone(): void }) {
  const [password, setPassword] = useState('');
  const [state, disable] = useMutation(DisableMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await disable({ password })).data?.disableMfa) onDone();
  };
  return (
    <Stack as="form" gap={3} onSubmit={submit} noValidate aria-label="Turn off two-step sign-in">
      <TextField label="Password to turn it off" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      <ErrorAlert error={state.error} />
      <div><Button type="submit" variant="secondary" busy={state.fetching} disabled={!password}>Turn off two-step sign-in</Button></div>
    </Stack>
  );
}
