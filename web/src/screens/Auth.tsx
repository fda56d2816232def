import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { OidcButtons } from '../account/oidc/OidcButtons.tsx';
import { graphql } from '../gql/index.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { challengeOf } from '../account/mfa/challenge.ts';
import { ChallengeStep } from '../account/mfa/ChallengeStep.tsx';
import { Button, Card, ErrorAlert, Stack, TextField } from '../ui/index.tsx';

const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) { ...SessionFields }
  }
`);

const SignUpMutation = graphql(`
  mutation SignUp($input: RegisterInput!) {
    register(input: $input) { ...SessionFields }
  }
`);

export function AuthScreen({ mode }: { mode: 'signin' | 'signup' }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [signInState, doSignIn] = useMutation(SignInMutation);
  const [signUpState, doSignUp] = useMutation(SignUpMutation);
  const state = mode === 'signin' ? signInState : signUpState;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = mode === 'signin'
      ? (await doSignIn({ email, password })).data?.login
      : (await doSignUp({ input: { email, password, displayName } })).data?.register;
    if (res) {
      signIn({ ...res, user: { ...res.user, roles: [...res.user.roles] } });
      navigate('/');
    }
  };

  // A second factor is asked for (or must be set up) before the sign-in gives tokens.
  const challenge = mode === 'signin' ? challengeOf(signInState.error) : null;
  if (challenge)
    return (
      <Card as="section" aria-labelledby="auth-title" style={{ maxWidth: 480, margin: '0 auto' }}>
        <h1 id="auth-title">Two-step sign-in</h1>
        <ChallengeStep challenge={challenge} />
      </Card>
    );

  return (
    <Card as="section" aria-labelledby="auth-title" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Stack as="form" gap={4} onSubmit={submit} noValidate>
        <h1 id="auth-title">{mode === 'signin' ? 'Sign in' : 'Create your account'}</h1>
        <ErrorAlert error={state.error} />
        {mode === 'signup' && <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" required />}
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'} hint={mode === 'signup' ? 'At least 10 characters, not containing your email name.' : undefined} required />
        <Button type="submit" busy={state.fetching}>{mode === 'signin' ? 'Sign in' : 'Sign up'}</Button>
        {mode === 'signin' && <p><Link to="/forgot-password">Forgot your password?</Link></p>}
      </Stack>
      <OidcButtons />
    </Card>
  );
}
