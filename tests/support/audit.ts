import type { TestStack } from './stack.ts';

export const AUDIT_LOG = `query($f: AuditLogFilter, $n: Int, $after: String) {
  auditLog(filter: $f, first: $n, after: $after) {
    edges { cursor node { id action actorId actor { id } targetId target { id } at requestId address details } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface AuditRow {
  id: string; action: string; actorId: string | null; actor: { id: string } | null; targetId: string | null; target: { id: string } | null;
  at: string; requestId: string | null; address: string | null; details: string;
}

/** The audit log's entries under `filter`, newest first, as an ADMIN reads them through the gateway. */
export async function auditEntries(t: Pick<TestStack, 'gql'>, adminToken: string, filter: Record<string, unknown>, first = 100): Promise<AuditRow[]> {
  const res = await t.gql(AUDIT_LOG, { f: filter, n: first }, { token: adminToken });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return (res.data!.auditLog.edges as { node: AuditRow }[]).map((e) => e.node);
}

/** Waits (the log is a projection of the event log) until `count` entries match, and answers them. */
export async function awaitAudit(t: Pick<TestStack, 'gql'>, adminToken: string, filter: Record<string, unknown>, count = 1, timeoutMs = 5000): Promise<AuditRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await auditEntries(t, adminToken, filter);
    if (rows.length >= count) return rows;
    if (Date.now() > until) throw new Error(`${rows.length} audit entries match ${JSON.stringify(filter)} after ${timeoutMs} ms; expected ${count}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the entries `requestId` wrote under `filter` are in the log (others may already be
 * there: a sign-up's own sign-in, say), and answers them.
 */
export async function awaitAuditOf(t: Pick<TestStack, 'gql'>, adminToken: string, filter: Record<string, unknown>, requestId: string, timeoutMs = 5000): Promise<AuditRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await auditEntries(t, adminToken, filter)).filter((r) => r.requestId === requestId);
    if (rows.length > 0) return rows;
    if (Date.now() > until) throw new Error(`no audit entry of request ${requestId} matches ${JSON.stringify(filter)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
