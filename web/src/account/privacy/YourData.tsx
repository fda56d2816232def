// "Your data": ask for an export of everything the platform holds about you and download it once
// every service has added its part; delete the account after a grace period, or cancel that.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { graphqlUrl } from '../../lib/client.ts';
import { Alert, Button, Card, ErrorAlert, Loading, Stack, TextField } from '../../ui/index.tsx';
import { SignInAgain, useConfirmation } from '../oidc/SignInAgain.tsx';

const YourDataQuery = graphql(`
  query YourData {
    myDataExports(first: 5) { id status requestedAt completedAt parts expectedParts expiresAt downloadUrl }
    myAccountDeletion { requestedAt deleteAt }
  }
`);
const RequestExportMutation = graphql(`
  mutation RequestDataExport { requestDataExport { id status requestedAt completedAt parts expectedParts expiresAt downloadUrl } }
`);
const DeleteAccountMutation = graphql(`
  mutation DeleteMyAccount($password: String) { deleteMyAccount(password: $password) { requestedAt deleteAt } }
`);
const CancelDeletionMutation = graphql(`
  mutation CancelAccountDeletion { cancelAccountDeletion }
`);

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** Links are paths on the gateway's origin, which may not be the page's (Vite in development). */
const absolute = (path: string) => new URL(path, graphqlUrl()).toString();

export function YourData() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: YourDataQuery, requestPolicy: 'cache-and-network' });
  const pending = data?.myDataExports?.some((e) => e.status === 'PENDING') ?? false;
  // Parts arrive within seconds; ask again until the export is ready.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 1500);
    return () => clearInterval(timer);
  }, [pending, refetch]);
  if (!data && fetching) return <Loading />;
  if (!data) return <ErrorAlert error={error} />;
  return (
    <Card as="section" aria-labelledby="your-data-title" style={{ maxWidth: 640, margin: '24px auto 0' }}>
      <Stack gap={5}>
        <h2 id="your-data-title">Your data</h2>
        <ExportSection exports={data.myDataExports ?? []} pending={pending} onChange={() => refetch({ requestPolicy: 'network-only' })} />
        <DeletionSection deletion={data.myAccountDeletion ?? null} onChange={() => refetch({ requestPolicy: 'network-only' })} />
      </Stack>
    </Card>
  );
}

interface ExportRow { id: string; status: string; requestedAt: string; completedAt?: string | null; parts: string[]; expectedParts: string[]; expiresAt?: string | null; downloadUrl?: string | null }

function ExportSection({ exports, pending, onChange }: { exports: ExportRow[]; pending: boolean; onChange: () => void }) {
  const [state, request] = useMutation(RequestExportMutation);
  return (
    <Stack gap={3} as="section" aria-labelledby="export-title">
      <h3 id="export-title">Download a copy</h3>
      <p className="muted">Everything the platform holds about you, from every service, as one JSON file. Preparing it takes a few seconds.</p>
      <ErrorAlert error={state.error} />
      <div>
        <Button busy={state.fetching} disabled={pending} onClick={async () => { await request({}); onChange(); }}>
          {pending ? 'Preparing your export…' : 'Request an export'}
        </Button>
      </div>
      {exports.length > 0 && (
        <ul aria-label="Your exports" className="list">
          {exports.map((e) => (
            <li key={e.id}>
              {e.status === 'READY' && e.downloadUrl ? (
                <span>Requested {when(e.requestedAt)}: ready. <a href={absolute(e.downloadUrl)} download>Download your data</a>{e.expiresAt && <span className="muted"> (kept until {when(e.expiresAt)})</span>}</span>
              ) : (
                <span role="status">Requested {when(e.requestedAt)}: {e.parts.length} of {e.expectedParts.length} parts ready…</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/** The password confirms a deletion, or a recent sign-in for an account without one (SignInAgain). */
function DeletionSection({ deletion, onChange }: { deletion: { requestedAt: string; deleteAt: string } | null; onChange: () => void }) {
  const { hasPassword, providers } = useConfirmation();
  const [password, setPassword] = useState('');
  const [deleting, remove] = useMutation(DeleteAccountMutation);
  const [cancelling, cancel] = useMutation(CancelDeletionMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await remove(hasPassword ? { password } : {});
    if (res.data) {
      setPassword('');
      onChange();
    }
  };
  if (deletion) {
    return (
      <Stack gap={3} as="section" aria-labelledby="delete-title">
        <h3 id="delete-title">Delete your account</h3>
        <Alert tone="error">Your account will be deleted on {when(deletion.deleteAt)}. Until then you can change your mind.</Alert>
        <ErrorAlert error={cancelling.error} />
        <div><Button busy={cancelling.fetching} onClick={async () => { await cancel({}); onChange(); }}>Keep my account</Button></div>
      </Stack>
    );
  }
  return (
    <Stack gap={3} as="form" aria-labelledby="delete-title" onSubmit={submit}>
      <h3 id="delete-title">Delete your account</h3>
      <p className="muted">
        After a grace period your progress, submissions, bookings, cart, uploads and messages are erased; questions and
        threads you wrote stay under &ldquo;Deleted user&rdquo;; orders are kept for accounting without your details.
      </p>
      {hasPassword ? (
        <TextField label="Your password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
      ) : (
        <p>You sign in with {providers.map((p) => p.providerName).join(' or ') || 'a provider'}: a sign-in of the last few minutes confirms the deletion.</p>
      )}
      <ErrorAlert error={deleting.error} />
      <SignInAgain error={deleting.error} returnTo="/profile" />
      <div><Button variant="secondary" type="submit" busy={deleting.fetching} disabled={hasPassword && !password}>Delete my account</Button></div>
    </Stack>
  );
}
