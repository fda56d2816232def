// ADMIN's audit log: every audited action newest first, filtered by action, actor, target and time.
import { useState } from 'react';
import { useQuery } from 'urql';
import { useSession } from '../lib/session.tsx';
import { Button, Empty, ErrorAlert, Loading, Row, Stack, TextField } from '../ui/index.tsx';
import { AuditLogQuery } from './queries.ts';

const PAGE = 50;

/** A datetime-local value (the browser's time zone) as an ISO time; null when empty or invalid. */
const isoOf = (local: string): string | null => {
  if (!local) return null;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
};

export function AuditLogScreen() {
  const { session } = useSession();
  const [form, setForm] = useState({ action: '', actorId: '', targetId: '', from: '', to: '' });
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [after, setAfter] = useState<string[]>([]);
  const [{ data, fetching, error }] = useQuery({
    query: AuditLogQuery, variables: { filter, first: PAGE, after: after.at(-1) ?? null }, requestPolicy: 'network-only', pause: !session,
  });
  if (!session?.user.roles.includes('ADMIN')) return <Empty>Only an ADMIN can read the audit log.</Empty>;
  const apply = () => {
    const next: Record<string, string> = {};
    for (const key of ['action', 'actorId', 'targetId'] as const) if (form[key].trim()) next[key] = form[key].trim();
    const from = isoOf(form.from);
    const to = isoOf(form.to);
    if (from) next.from = from;
    if (to) next.to = to;
    setFilter(next);
    setAfter([]);
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const page = data?.auditLog;
  return (
    <Stack gap={4}>
      <h1>Audit log</h1>
      <form onSubmit={(e) => { e.preventDefault(); apply(); }} aria-label="Audit log filters">
        <Row gap={3}>
          <TextField label="Action" hint="An event type, such as UserSuspended" value={form.action} maxLength={64} onChange={set('action')} />
          <TextField label="Actor id" value={form.actorId} maxLength={36} onChange={set('actorId')} />
          <TextField label="Target id" value={form.targetId} maxLength={254} onChange={set('targetId')} />
          <TextField label="From" type="datetime-local" value={form.from} onChange={set('from')} />
          <TextField label="To" type="datetime-local" value={form.to} onChange={set('to')} />
          <Button type="submit">Filter</Button>
        </Row>
      </form>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading the audit log…" />}
      {page && page.edges.length === 0 && <Empty>No entry matches.</Empty>}
      {page && page.edges.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table aria-label="Audit entries" className="table">
            <thead>
              <tr><th>Time</th><th>Action</th><th>Actor</th><th>Target</th><th>Address</th><th>Request</th><th>Details</th></tr>
            </thead>
            <tbody>
              {page.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{new Date(node.at).toLocaleString()}</td>
                  <td>{node.action}</td>
                  <td>{node.actor?.displayName ?? node.actorId ?? 'anonymous'}</td>
                  <td>{node.target?.displayName ?? node.targetId ?? ''}</td>
                  <td>{node.address ?? ''}</td>
                  <td><code>{node.requestId ?? ''}</code></td>
                  <td><code style={{ overflowWrap: 'anywhere' }}>{node.details}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Row gap={2}>
        {after.length > 0 && <Button variant="secondary" onClick={() => setAfter(after.slice(0, -1))}>Newer entries</Button>}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && <Button variant="secondary" onClick={() => setAfter([...after, page.pageInfo.endCursor!])}>Older entries</Button>}
      </Row>
    </Stack>
  );
}
