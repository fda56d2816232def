// The account's security: two-step sign-in, where you are signed in, the password and API keys.
import { useState } from 'react';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Empty, Stack } from '../ui/index.tsx';
import { ApiKeys } from './api-keys/ApiKeys.tsx';
import { MfaSettings } from './mfa/MfaSettings.tsx';
import { ChangePassword } from './sessions/ChangePassword.tsx';
import { Sessions } from './sessions/Sessions.tsx';

export function SecurityScreen() {
  const { session } = useSession();
  // Turning MFA on or changing the password may sign other sessions out: the list is read again.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to manage your account's security.</Empty>;
  return (
    <Stack gap={5} style={{ maxWidth: 720, margin: '0 auto' }}>
      <h1>Security</h1>
      <MfaSettings onChanged={changed} />
      <Sessions key={changes} />
      <ChangePassword onChanged={changed} />
      <ApiKeys />
    </Stack>
  );
}
