// The account's security: two-step sign-in, where you are signed in, and the password.
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Empty, Stack } from '../ui/index.tsx';
import { MfaSettings } from './mfa/MfaSettings.tsx';
import { ChangePassword } from './sessions/ChangePassword.tsx';
import { Sessions } from './sessions/Sessions.tsx';

export function SecurityScreen() {
  const { session } = useSession();
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to manage your account's security.</Empty>;
  return (
    <Stack gap={5} style={{ maxWidth: 720, margin: '0 auto' }}>
      <h1>Security</h1>
      <MfaSettings />
      <Sessions />
      <ChangePassword />
    </Stack>
  );
}
