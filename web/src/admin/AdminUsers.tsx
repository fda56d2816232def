// ADMIN's users screen: search by name or email, filter by role and status; each user with their
// roles (grant, revoke), latest sessions and status (suspend with a reason, reactivate).
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { AdminUsersQuery as UsersData, Role, UserStatus } from '../gql/graphql.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useSession } from '../lib/session.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, SelectField, Stack, TextField } from '../ui/index.tsx';
import { AdminGrantRoleMutation, AdminRevokeRoleMutation, AdminUsersQuery, ReactivateUserMutation, SuspendUserMutation } from './queries.ts';

type AdminUser = NonNullable<UsersData['users']>['edges'][number]['node'];
const ROLES: Role[] = ['STUDENT', 'INSTRUCTOR', 'ADMIN'];
const PAGE = 20;

export function AdminUsersScreen() {
  const { session } = useSession();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [after, setAfter] = useState<string[]>([]);
  const text = useDebounced(search.trim(), 300);
  const filter = { ...(text ? { search: text } : {}), ...(role ? { role } : {}), ...(status ? { status } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AdminUsersQuery, variables: { filter, first: PAGE, after: after.at(-1) ?? null }, requestPolicy: 'cache-and-network', pause: !session,
  });
  if (!session?.user.roles.includes('ADMIN')) return <Empty>Only an ADMIN can administer users.</Empty>;
  const page = data?.users;
  const restart = () => setAfter([]);
  return (
    <Stack gap={4}>
      <h1>Users</h1>
      <Row gap={3}>
        <TextField label="Search by name or email" value={search} maxLength={100} onChange={(e) => { setSearch(e.target.value); restart(); }} />
        <SelectField label="Role" value={role} onChange={(e) => { setRole(e.target.value as Role | ''); restart(); }}
          options={[{ value: '', label: 'Any role' }, ...ROLES.map((r) => ({ value: r, label: r }))]} />
        <SelectField label="Status" value={status} onChange={(e) => { setStatus(e.target.value as UserStatus | ''); restart(); }}
          options={[{ value: '', label: 'Any status' }, { value: 'ACTIVE', label: 'Active' }, { value: 'SUSPENDED', label: 'Suspended' }]} />
      </Row>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading users…" />}
      {page && page.edges.length === 0 && <Empty>No user matches.</Empty>}
      <ul className="list" aria-label="Users">
        {page?.edges.map(({ node }) => <UserItem key={node.id} user={node} self={node.id === session.user.id} onChanged={() => refetch({ requestPolicy: 'network-only' })} />)}
      </ul>
      <Row gap={2}>
        {after.length > 0 && <Button variant="secondary" onClick={() => setAfter(after.slice(0, -1))}>Previous page</Button>}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && <Button variant="secondary" onClick={() => setAfter([...after, page.pageInfo.endCursor!])}>Next page</Button>}
      </Row>
    </Stack>
  );
}

function UserItem({ user, self, onChanged }: { user: AdminUser; self: boolean; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const [grantRole, setGrantRole] = useState<Role>('INSTRUCTOR');
  const [grant, doGrant] = useMutation(AdminGrantRoleMutation);
  const [revoke, doRevoke] = useMutation(AdminRevokeRoleMutation);
  const [suspend, doSuspend] = useMutation(SuspendUserMutation);
  const [reactivate, doReactivate] = useMutation(ReactivateUserMutation);
  const done = (res: { data?: unknown }) => { if (res.data) onChanged(); };
  const suspended = user.status === 'SUSPENDED';
  return (
    <Card as="li" aria-label={`User ${user.displayName}`}>
      <Stack gap={2}>
        <Row gap={2}>
          <strong>{user.displayName}</strong>
          <span className="muted">{user.email}</span>
          <Badge label={`Status: ${user.status ?? 'unknown'}`}>{suspended ? 'Suspended' : 'Active'}</Badge>
        </Row>
        {user.suspension && (
          <span>Suspended {new Date(user.suspension.at).toLocaleString()} by {user.suspension.by?.displayName ?? 'an ADMIN'}: {user.suspension.reason}</span>
        )}
        <Row gap={2}>
          <span>Roles:</span>
          {user.roles.map((r) => (
            <span key={r} className="row" style={{ gap: 4 }}>
              <Badge>{r}</Badge>
              {r !== 'STUDENT' && !(self && r === 'ADMIN') && (
                <Button variant="secondary" aria-label={`Revoke ${r} from ${user.displayName}`} busy={revoke.fetching}
                  onClick={() => void doRevoke({ userId: user.id, role: r }).then(done)}>Revoke</Button>
              )}
            </span>
          ))}
        </Row>
        <Row gap={2}>
          <SelectField label="Role to grant" value={grantRole} onChange={(e) => setGrantRole(e.target.value as Role)}
            options={ROLES.filter((r) => !user.roles.includes(r)).map((r) => ({ value: r, label: r }))} />
          {ROLES.some((r) => !user.roles.includes(r)) && (
            <Button variant="secondary" busy={grant.fetching} disabled={user.roles.includes(grantRole)}
              onClick={() => void doGrant({ userId: user.id, role: grantRole }).then(done)}>Grant</Button>
          )}
        </Row>
        <details>
          <summary>Sessions ({user.sessions?.filter((s) => s.active).length ?? 0} active)</summary>
          <ul aria-label={`Sessions of ${user.displayName}`}>
            {user.sessions?.map((s) => (
              <li key={s.id}>
                Signed in {new Date(s.createdAt).toLocaleString()}, last used {new Date(s.lastUsedAt).toLocaleString()} — {s.active ? 'active' : 'ended'}
              </li>
            ))}
          </ul>
        </details>
        <ErrorAlert error={grant.error ?? revoke.error ?? suspend.error ?? reactivate.error} />
        {!self && !suspended && (
          <Row gap={2}>
            <TextField label={`Reason to suspend ${user.displayName}`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            <Button busy={suspend.fetching} disabled={!reason.trim()}
              onClick={() => void doSuspend({ userId: user.id, reason: reason.trim() }).then((res) => { if (res.data) setReason(''); done(res); })}>Suspend</Button>
          </Row>
        )}
        {suspended && (
          <Button variant="secondary" busy={reactivate.fetching} onClick={() => void doReactivate({ userId: user.id }).then(done)}>Reactivate</Button>
        )}
      </Stack>
    </Card>
  );
}
