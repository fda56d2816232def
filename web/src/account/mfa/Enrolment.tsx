// Setting up an authenticator app: the QR code (and the secret to type), the first code to confirm,
// then the ten recovery codes, shown this once. Used from the security screen, and by a sign-in whose
// role requires a second factor (with its challenge token: confirming finishes that sign-in).
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { ConfirmMfaEnrollmentMutation } from '../../gql/graphql.ts';
import { Alert, Button, Checkbox, ErrorAlert, Stack, TextField } from '../../ui/index.tsx';

const StartMutation = graphql(`
  mutation StartMfaEnrollment($challengeToken: String) { startMfaEnrollment(challengeToken: $challengeToken) { secret otpauthUri qrCodeDataUrl expiresAt } }
`);
const ConfirmMutation = graphql(`
  mutation ConfirmMfaEnrollment($code: String!, $challengeToken: String, $endOtherSessions: Boolean) {
    confirmMfaEnrollment(code: $code, challengeToken: $challengeToken, endOtherSessions: $endOtherSessions) {
      recoveryCodes endedSessions
      session { ...SessionFields }
    }
  }
`);

type Confirmed = ConfirmMfaEnrollmentMutation['confirmMfaEnrollment'];

export function MfaEnrolment({ challengeToken, onDone }: { challengeToken?: string; onDone(confirmed: Confirmed): void }) {
  const [started, start] = useMutation(StartMutation);
  const [confirming, confirm] = useMutation(ConfirmMutation);
  const [code, setCode] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const enrolment = started.data?.startMfaEnrollment;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await confirm({ code: code.trim(), challengeToken: challengeToken ?? null, endOtherSessions: challengeToken ? false : endOthers });
    if (res.data) setConfirmed(res.data.confirmMfaEnrollment);
  };

  if (confirmed)
    return (
      <Stack gap={3}>
        <Alert tone="success">Two-step sign-in is on.{confirmed.endedSessions > 0 && ` ${confirmed.endedSessions} other session(s) signed out.`}</Alert>
        <p>Keep these recovery codes somewhere safe. Each signs you in once if you lose your phone. They are shown only now.</p>
        <ol aria-label="Recovery codes" className="recovery-codes" style={{ fontFamily: 'monospace', columns: 2 }}>
          {confirmed.recoveryCodes.map((c) => <li key={c}>{c}</li>)}
        </ol>
        <div><Button onClick={() => onDone(confirmed)}>I have saved my recovery codes</Button></div>
      </Stack>
    );

  if (!enrolment)
    return (
      <Stack gap={3}>
        <ErrorAlert error={started.error} />
        <div><Button busy={started.fetching} onClick={() => void start({ challengeToken: challengeToken ?? null })}>Set up an authenticator app</Button></div>
      </Stack>
    );

  return (
    <Stack as="form" gap={3} onSubmit={submit} noValidate>
      <p>Scan this code with an authenticator app (or type the key), then enter the six-digit code it shows.</p>
      <img src={enrolment.qrCodeDataUrl} alt="QR code to add this account to an authenticator app" width={240} height={240} />
      <p className="muted">Key: <code data-testid="mfa-secret">{enrolment.secret}</code></p>
      <TextField label="Code from the app" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={8} required />
      {!challengeToken && <Checkbox label="Sign out my other sessions" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} />}
      <ErrorAlert error={confirming.error} />
      <div><Button type="submit" busy={confirming.fetching} disabled={code.trim().length < 6}>Turn on two-step sign-in</Button></div>
    </Stack>
  );
}
