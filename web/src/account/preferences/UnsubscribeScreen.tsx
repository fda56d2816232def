// The page a mail's unsubscribe link opens: says which mails the link stops, and stops them with
// one button. No sign-in: the signed token in the link is the authority.
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Link, useLocation } from '../../lib/router.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, Loading, Stack } from '../../ui/index.tsx';
import { CHANNEL_LABELS } from './labels.ts';

const TargetQuery = graphql(`
  query UnsubscribeTarget($token: String!) { unsubscribeTarget(token: $token) notificationKinds { kind label } }
`);
const UnsubscribeMutation = graphql(`
  mutation Unsubscribe($token: String!) { unsubscribe(token: $token) { kind channel dailyDigest } }
`);

export function UnsubscribeScreen() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [{ data, fetching, error }] = useQuery({ query: TargetQuery, variables: { token }, pause: !token });
  const [state, unsubscribe] = useMutation(UnsubscribeMutation);
  if (!token) return <Empty>This link has no unsubscribe token. Change your mail in <Link to="/settings/preferences">your notification settings</Link>.</Empty>;
  if (!data && fetching) return <Loading />;
  if (!data) {
    return (
      <Card as="section" aria-labelledby="unsubscribe-title" style={{ maxWidth: 560, margin: '0 auto' }}>
        <Stack gap={3}>
          <h1 id="unsubscribe-title">This link is not valid</h1>
          <ErrorAlert error={error} />
          <p>Use the link from the mail exactly as it is, or <Link to="/settings/preferences">change your notification settings</Link> after signing in.</p>
        </Stack>
      </Card>
    );
  }
  const labelOf = (kind: string) => data.notificationKinds.find((k) => k.kind === kind)?.label ?? kind;
  const kinds = data.unsubscribeTarget.map(labelOf);
  return (
    <Card as="section" aria-labelledby="unsubscribe-title" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Stack gap={4}>
        <h1 id="unsubscribe-title">{state.data ? 'You are unsubscribed' : 'Stop these emails?'}</h1>
        {state.data ? (
          <Alert tone="success">
            No more emails about {kinds.join(', ')}. {state.data.unsubscribe.map((s) => `${labelOf(s.kind)}: ${CHANNEL_LABELS[s.channel].toLowerCase()}`).join('; ')}.
          </Alert>
        ) : (
          <>
            <p>You will no longer get emails about:</p>
            <ul>{kinds.map((k) => <li key={k}>{k}</li>)}</ul>
            <p className="muted">Notifications in the app stay as you set them.</p>
            <ErrorAlert error={state.error} />
            <div><Button busy={state.fetching} onClick={() => void unsubscribe({ token })}>Unsubscribe</Button></div>
          </>
        )}
        <p><Link to="/settings/preferences">All notification settings</Link></p>
      </Stack>
    </Card>
  );
}
