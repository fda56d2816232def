// Where you are signed in: each session's device, address and last use, signing one out or all others.
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { useSession } from '../../lib/session.tsx';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, Row, Stack } from '../../ui/index.tsx';

const MySessionsQuery = graphql(`
  query MySessions { mySessions(first: 50) { id userAgent address createdAt lastUsedAt current } }
`);
const EndSessionMutation = graphql(`
  mutation EndSession($id: ID!) { endSession(id: $id) }
`);
const EndOtherSessionsMutation = graphql(`
  mutation EndOtherSessions { endOtherSessions }
`);

/** A short name for a User-Agent: the browser and the system, when recognisable. */
export function deviceName(agent: string | null | undefined): string {
  if (!agent) return 'Unknown device';
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrome\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : null;
  const system = /iPhone|iPad/.test(agent) ? 'iOS' : /Android/.test(agent) ? 'Android' : /Mac OS X/.test(agent) ? 'macOS' : /Windows/.test(agent) ? 'Windows' : /Linux/.test(agent) ? 'Linux' : null;
  return browser && system ? `${browser} on ${system}` : browser ?? system ?? agent.slice(0, 60);
}

export function Sessions() {
  const { signOut } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MySessionsQuery, requestPolicy: 'cache-and-network' });
  const [ending, end] = useMutation(EndSessionMutation);
  const [endingOthers, endOthers] = useMutation(EndOtherSessionsMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const sessions = data?.mySessions ?? [];
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card as="section" aria-labelledby="sessions-title">
      <Stack gap={3}>
        <h2 id="sessions-title">Where you are signed in</h2>
        {!data && fetching && <Loading />}
        <ErrorAlert error={error ?? ending.error ?? endingOthers.error} />
        {endingOthers.data && <Alert tone="success">Signed out of {endingOthers.data.endOtherSessions} other session(s).</Alert>}
        <ul aria-label="Sessions" className="stack" style={{ listStyle: 'none', padding: 0 }}>
          {sessions.map((s) => (
            <li key={s.id} aria-label={deviceName(s.userAgent)}>
              <Row>
                <strong>{deviceName(s.userAgent)}</strong>
                {s.current && <Badge>This device</Badge>}
                <span className="muted">{s.address ?? 'unknown address'} · last used {new Date(String(s.lastUsedAt)).toLocaleString()} · signed in {new Date(String(s.createdAt)).toLocaleDateString()}</span>
                <Button variant="secondary" busy={ending.fetching && ending.operation?.variables.id === s.id}
                  onClick={async () => {
                    if (s.current) return signOut();
                    if ((await end({ id: s.id })).data) reload();
                  }}>
                  Sign out
                </Button>
              </Row>
            </li>
          ))}
        </ul>
        {others > 0 && (
          <div><Button variant="secondary" busy={endingOthers.fetching} onClick={async () => { if ((await endOthers({})).data) reload(); }}>Sign out all other sessions</Button></div>
        )}
      </Stack>
    </Card>
  );
}
