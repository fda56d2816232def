// The account: profile editing (display name, bio), and password reset: asking for the mail, then
// choosing a new password from its link `/reset-password?token=…`.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { LinkedAccounts } from '../account/oidc/LinkedAccounts.tsx';
import { YourData } from '../account/privacy/YourData.tsx';
import { graphql } from '../gql/index.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, Loading, Stack, TextArea, TextField } from '../ui/index.tsx';
import { AvatarSettings } from '../account/avatar/AvatarSettings.tsx';
import type { AvatarUser } from '../account/avatar/UserAvatar.tsx';
import { ChangeEmailForm } from '../account/verification/ChangeEmailForm.tsx';

const MeQuery = graphql(`
  query Me { me { id displayName bio email emailVerified ...UserAvatar } }
`);
const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }
`);
const RequestResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }
`);
const ResetMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) }
`);

export function ProfileScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: MeQuery, pause: !session, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to edit your profile.</Empty>;
  if (!data && fetching) return <Loading />;
  if (!data?.me) return <ErrorAlert error={error} />;
  return <><ProfileForm me={data.me} /><LinkedAccounts /><YourData /></>;
}

function ProfileForm({ me }: { me: AvatarUser & { displayName: string; bio?: string | null; email?: string | null; emailVerified?: boolean | null } }) {
  const { session, signIn } = useSession();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio ?? '');
  const [state, update] = useMutation(UpdateProfileMutation);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const res = await update({ input: { displayName: displayName.trim(), bio } });
    if (res.data && session) {
      // The header shows the session's user: keep its name in step.
      signIn({ ...session, user: { ...session.user, displayName: res.data.updateProfile.displayName } });
      setSaved(true);
    }
  };

  return (
    <Card as="section" aria-labelledby="profile-title" style={{ maxWidth: 640, margin: '0 auto' }}>
      <Stack as="form" gap={4} onSubmit={submit}>
        <h1 id="profile-title">Your profile</h1>
        {me.email && <p className="muted">Signed in as {me.email}{me.emailVerified === false ? ' (not verified yet)' : ''}</p>}
        <p><Link to="/account/security">Security: two-step sign-in, sessions and password</Link></p>
        <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" required />
        <TextArea label="Bio" value={bio} onChange={(e) => setBio(e.target.value)} maxLength={2000} />
        <ErrorAlert error={state.error} />
        {saved && <Alert tone="success">Profile saved.</Alert>}
        <div><Button type="submit" busy={state.fetching} disabled={!displayName.trim()}>Save profile</Button></div>
      </Stack>
      <hr />
      <AvatarSettings me={me} />
      <hr />
      <ChangeEmailForm />
    </Card>
  );
}

export function ForgotPasswordScreen() {
  const [email, setEmail] = useState('');
  const [state, request] = useMutation(RequestResetMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await request({ email: email.trim() });
  };
  return (
    <Card as="section" aria-labelledby="forgot-title" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Stack as="form" gap={4} onSubmit={submit}>
        <h1 id="forgot-title">Reset your password</h1>
        <p>We will mail you a link to choose a new password.</p>
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        <ErrorAlert error={state.error} />
        {state.data && <Alert tone="success">If an account uses this address, a mail with a link is on its way.</Alert>}
        <div><Button type="submit" busy={state.fetching} disabled={!email.trim()}>Send the link</Button></div>
      </Stack>
    </Card>
  );
}

export function ResetPasswordScreen() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [state, reset] = useMutation(ResetMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await reset({ token, newPassword: password });
  };
  if (!token) return <Empty>This link has no reset token. <Link to="/forgot-password">Ask for a new link</Link>.</Empty>;
  return (
    <Card as="section" aria-labelledby="reset-title" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Stack as="form" gap={4} onSubmit={submit}>
        <h1 id="reset-title">Choose a new password</h1>
        <TextField label="New password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password" hint="At least 10 characters, not containing your email name." required />
        <ErrorAlert error={state.error} />
        {state.data?.resetPassword ? (
          <Alert tone="success">Your password is changed. <Link to="/signin">Sign in</Link> with it.</Alert>
        ) : (
          <div><Button type="submit" busy={state.fetching} disabled={!password}>Change password</Button></div>
        )}
        {state.data?.resetPassword === false && <Alert tone="error">This link has expired or was used already. <Link to="/forgot-password">Ask for a new link</Link>.</Alert>}
        <Button type="button" variant="ghost" onClick={() => navigate('/signin')}>Back to sign in</Button>
      </Stack>
    </Card>
  );
}
