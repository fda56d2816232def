import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG, auditEntries, awaitAudit, awaitAuditOf, type AuditRow } from '../support/audit.ts';
import { createCourse } from '../support/catalog.ts';
import { CONFIRM, START, VERIFY, enrolMfa, totp } from '../support/mfa.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// The clients here come through a reverse proxy on loopback (TRUST_PROXY=loopback): the address
// each entry carries is the one its X-Forwarded-For names. tests/gateway/client-address.test.ts
// proves the other side (no proxy trusted: the header is ignored).
let t: TestStack;
let admin: TestUser;

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
let counter = 0;
/** Headers of one request from `address`, with its own request id. */
const from = (address: string) => {
  counter += 1;
  const requestId = `audit-test-${process.pid}-${counter}`;
  return { requestId, headers: { 'x-forwarded-for': address, 'x-request-id': requestId } };
};

beforeAll(async () => {
  t = await startTestStack({ TRUST_PROXY: 'loopback' });
  admin = await signUp(t, ['ADMIN'], 'Auditing Admin');
});
afterAll(async () => t?.close());

/** The one entry that request wrote under `filter`, once the projection has it. */
const only = async (filter: Record<string, unknown>, requestId: string): Promise<AuditRow> => {
  const matching = await awaitAuditOf(t, admin.token, filter, requestId);
  expect(matching).toHaveLength(1);
  return matching[0]!;
};
describe('audited actions each write one entry with actor, target, time, request id and address', () => {
  it('grantRole and revokeRole: the ADMIN, the user, the role', async () => {
    const user = await signUp(t);
    const grant = from('203.0.113.10');
    const before = Date.now();
    await t.gql('mutation($u: ID!) { grantRole(userId: $u, role: INSTRUCTOR) { id } }', { u: user.id }, { token: admin.token, headers: grant.headers });
    const revoke = from('203.0.113.11');
    await t.gql('mutation($u: ID!) { revokeRole(userId: $u, role: INSTRUCTOR) { id } }', { u: user.id }, { token: admin.token, headers: revoke.headers });
    const granted = await only({ action: 'UserRoleGranted', targetId: user.id }, grant.requestId);
    expect(granted).toMatchObject({ actorId: admin.id, actor: { id: admin.id }, targetId: user.id, target: { id: user.id }, address: '203.0.113.10' });
    expect(JSON.parse(granted.details)).toEqual({ userId: user.id, role: 'INSTRUCTOR', by: admin.id });
    expect(Date.parse(granted.at)).toBeGreaterThanOrEqual(before - 5);
    const revoked = await only({ action: 'UserRoleRevoked', targetId: user.id }, revoke.requestId);
    expect(revoked).toMatchObject({ actorId: admin.id, targetId: user.id, address: '203.0.113.11' });
  });

  it('a sign-in: the user is actor and target, the session and method in the details', async () => {
    const user = await signUp(t);
    const req = from('198.51.100.20');
    expect((await t.gql(LOGIN, { e: user.email, p: user.password }, { headers: req.headers })).data!.login.accessToken).toEqual(expect.any(String));
    const entry = await only({ action: 'UserSignedIn', targetId: user.id }, req.requestId);
    expect(entry).toMatchObject({ actorId: user.id, targetId: user.id, address: '198.51.100.20' });
    expect(JSON.parse(entry.details)).toMatchObject({ userId: user.id, method: 'PASSWORD', sessionId: expect.any(String) });
  });

  it('failed sign-ins: of an account (its user the target) and of an unknown email (the email the target); refusals while throttled are not written', async () => {
    const user = await signUp(t);
    const wrong = from('198.51.100.30');
    expect(codeOf(await t.gql(LOGIN, { e: user.email, p: 'wrong password 1' }, { headers: wrong.headers }))).toBe('UNAUTHENTICATED');
    const failed = await only({ action: 'UserSignInFailed', targetId: user.id }, wrong.requestId);
    expect(failed).toMatchObject({ actorId: null, actor: null, address: '198.51.100.30' });
    expect(JSON.parse(failed.details)).toEqual({ userId: user.id, email: user.email, reason: 'BAD_CREDENTIALS' });

    const unknown = `nobody.${Date.now()}@example.com`;
    const codes: unknown[] = [];
    for (let i = 0; i < 8; i += 1) codes.push(codeOf(await t.gql(LOGIN, { e: unknown, p: 'guess number 1' }, { headers: from('198.51.100.31').headers })));
    // Five failures are free, then the email is blocked: the blocked attempts are refused before any check.
    expect(codes).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(3).fill('RATE_LIMITED')]);
    const rows = await awaitAudit(t, admin.token, { action: 'UserSignInFailed', targetId: unknown }, 5);
    await new Promise((r) => setTimeout(r, 300));
    expect((await auditEntries(t, admin.token, { targetId: unknown })).length).toBe(5);
    expect(rows.every((r) => r.target === null && r.address === '198.51.100.31')).toBe(true);
  });

  it('suspension and reactivation: the ADMIN, the user, the reason', async () => {
    const user = await signUp(t);
    const suspend = from('203.0.113.40');
    await t.gql('mutation($u: ID!) { suspendUser(userId: $u, reason: "Fraudulent refunds") { id } }', { u: user.id }, { token: admin.token, headers: suspend.headers });
    const reactivate = from('203.0.113.41');
    await t.gql('mutation($u: ID!) { reactivateUser(userId: $u) { id } }', { u: user.id }, { token: admin.token, headers: reactivate.headers });
    const suspended = await only({ action: 'UserSuspended', targetId: user.id }, suspend.requestId);
    expect(suspended).toMatchObject({ actorId: admin.id, address: '203.0.113.40' });
    expect(JSON.parse(suspended.details)).toEqual({ userId: user.id, reason: 'Fraudulent refunds', by: admin.id });
    expect(await only({ action: 'UserReactivated', targetId: user.id }, reactivate.requestId)).toMatchObject({ actorId: admin.id, address: '203.0.113.41' });
    // A sign-in refused while suspended is audited as such.
    await t.gql('mutation($u: ID!) { suspendUser(userId: $u, reason: "Again") { id } }', { u: user.id }, { token: admin.token });
    const refused = from('203.0.113.42');
    expect(codeOf(await t.gql(LOGIN, { e: user.email, p: user.password }, { headers: refused.headers }))).toBe('FORBIDDEN');
    const entry = await only({ action: 'UserSignInFailed', targetId: user.id }, refused.requestId);
    expect(JSON.parse(entry.details)).toMatchObject({ reason: 'SUSPENDED' });
  });

  it("a refund (commerce's event, projected like identity's): the ADMIN who refunded, the buyer as target", async () => {
    const instructor = await signUp(t, ['INSTRUCTOR']);
    const buyer = await signUp(t);
    const course = await createCourse(t, instructor, { priceCents: 1500 });
    await t.gql('mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }', { c: course.id }, { token: buyer.token });
    const order = (await t.gql('mutation { checkout(idempotencyKey: "audit-refund-order", paymentToken: "tok_ok") { id status } }', {}, { token: buyer.token })).data!.checkout;
    expect(order.status).toBe('PAID');
    const refund = from('203.0.113.50');
    const refunded = await t.gql('mutation($id: ID!) { refundOrder(id: $id, reason: "Charged twice") { status } }', { id: order.id }, { token: admin.token, headers: refund.headers });
    expect(refunded.data!.refundOrder.status).toBe('REFUNDED');
    const entry = await only({ action: 'OrderRefunded', actorId: admin.id }, refund.requestId);
    expect(entry).toMatchObject({ targetId: buyer.id, target: { id: buyer.id }, address: '203.0.113.50' });
    expect(JSON.parse(entry.details)).toMatchObject({ orderId: order.id, userId: buyer.id, refundedBy: admin.id, totalCents: 1500 });
  });
});

describe('the account owner\'s own security and privacy actions are audited too', () => {
  it('a sign-in that waits for a second factor is written once, when the code is given, with the factor that completed it', async () => {
    const user = await signUp(t);
    const { secret, recoveryCodes } = await enrolMfa(t.gql, user.token);
    const first = from('198.51.100.60');
    const challenge = (await t.gql(LOGIN, { e: user.email, p: user.password }, { headers: first.headers })).errors![0]!.extensions!.challengeToken as string;
    const second = from('198.51.100.61');
    const verified = await t.gql(VERIFY, { t: challenge, code: await totp(secret) }, { headers: second.headers });
    expect(verified.errors).toBeUndefined();
    const entry = await only({ action: 'UserSignedIn', targetId: user.id }, second.requestId);
    expect(entry).toMatchObject({ actorId: user.id, address: '198.51.100.61' });
    expect(JSON.parse(entry.details)).toMatchObject({ method: 'PASSWORD', secondFactor: 'TOTP', sessionId: expect.any(String) });
    // The first step opened nothing, so it wrote no sign-in.
    expect((await auditEntries(t, admin.token, { action: 'UserSignedIn', targetId: user.id })).filter((r) => r.requestId === first.requestId)).toEqual([]);

    const withRecovery = from('198.51.100.62');
    const again = (await t.gql(LOGIN, { e: user.email, p: user.password })).errors![0]!.extensions!.challengeToken as string;
    expect((await t.gql(VERIFY, { t: again, r: recoveryCodes[0] }, { headers: withRecovery.headers })).errors).toBeUndefined();
    const recovered = await only({ action: 'UserSignedIn', targetId: user.id }, withRecovery.requestId);
    expect(JSON.parse(recovered.details)).toMatchObject({ secondFactor: 'RECOVERY_CODE' });
    expect(await only({ action: 'MfaRecoveryCodeUsed', targetId: user.id }, withRecovery.requestId)).toMatchObject({ actorId: user.id });
  });

  it('turning MFA on and off, ending a session, asking for an export, scheduling and cancelling a deletion', async () => {
    const user = await signUp(t);
    const enable = from('192.0.2.70');
    const started = await t.gql(START, {}, { token: user.token });
    const secret = started.data!.startMfaEnrollment.secret as string;
    expect((await t.gql(CONFIRM, { code: await totp(secret, -1) }, { token: user.token, headers: enable.headers })).errors).toBeUndefined();
    const disable = from('192.0.2.71');
    expect((await t.gql('mutation($p: String) { disableMfa(password: $p) }', { p: user.password }, { token: user.token, headers: disable.headers })).data!.disableMfa).toBe(true);

    const other = (await t.gql(LOGIN, { e: user.email, p: user.password })).data!.login as { accessToken: string };
    const sessions = (await t.gql('{ mySessions { id current } }', {}, { token: other.accessToken })).data!.mySessions as { id: string; current: boolean }[];
    const end = from('192.0.2.72');
    expect((await t.gql('mutation($id: ID!) { endSession(id: $id) }', { id: sessions.find((x) => !x.current)!.id }, { token: other.accessToken, headers: end.headers })).data!.endSession).toBe(true);

    const exportIt = from('192.0.2.73');
    expect((await t.gql('mutation { requestDataExport { id } }', {}, { token: other.accessToken, headers: exportIt.headers })).errors).toBeUndefined();
    const schedule = from('192.0.2.74');
    expect((await t.gql('mutation($p: String) { deleteMyAccount(password: $p) { deleteAt } }', { p: user.password }, { token: other.accessToken, headers: schedule.headers })).errors).toBeUndefined();
    const cancel = from('192.0.2.75');
    expect((await t.gql('mutation { cancelAccountDeletion }', {}, { token: other.accessToken, headers: cancel.headers })).data!.cancelAccountDeletion).toBe(true);

    const expected: [string, { requestId: string }, string][] = [
      ['MfaEnabled', enable, '192.0.2.70'], ['MfaDisabled', disable, '192.0.2.71'], ['SessionRevoked', end, '192.0.2.72'],
      ['DataExportRequested', exportIt, '192.0.2.73'], ['AccountDeletionScheduled', schedule, '192.0.2.74'], ['AccountDeletionCancelled', cancel, '192.0.2.75'],
    ];
    for (const [action, request, address] of expected) {
      const entry = await only({ action, targetId: user.id }, request.requestId);
      expect(entry, action).toMatchObject({ actorId: user.id, targetId: user.id, address });
    }
  });
});

describe('reading the audit log', () => {
  let subject: TestUser;
  beforeAll(async () => {
    subject = await signUp(t);
    for (const role of ['INSTRUCTOR', 'ADMIN'] as const) {
      await t.gql('mutation($u: ID!, $r: Role!) { grantRole(userId: $u, role: $r) { id } }', { u: subject.id, r: role }, { token: admin.token });
    }
    await t.gql('mutation($u: ID!) { revokeRole(userId: $u, role: ADMIN) { id } }', { u: subject.id }, { token: admin.token });
    await awaitAudit(t, admin.token, { targetId: subject.id, actorId: admin.id }, 3);
  });

  it('filters by action, actor, target and time range, newest first', async () => {
    const all = await auditEntries(t, admin.token, { targetId: subject.id, actorId: admin.id });
    expect(all.map((e) => e.action)).toEqual(['UserRoleRevoked', 'UserRoleGranted', 'UserRoleGranted']);
    expect(all.map((e) => JSON.parse(e.details).role)).toEqual(['ADMIN', 'ADMIN', 'INSTRUCTOR']);
    expect((await auditEntries(t, admin.token, { targetId: subject.id, action: 'UserRoleGranted' })).length).toBe(2);
    // The time range: from is inclusive, to exclusive.
    const middle = all[1]!;
    const window = await auditEntries(t, admin.token, { targetId: subject.id, actorId: admin.id, from: middle.at, to: all[0]!.at });
    expect(window.map((e) => e.id)).toEqual(all.slice(1).filter((e) => Date.parse(e.at) >= Date.parse(middle.at) && Date.parse(e.at) < Date.parse(all[0]!.at)).map((e) => e.id));
    expect(await auditEntries(t, admin.token, { targetId: subject.id, from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    // Another actor's entries are not among them.
    expect(await auditEntries(t, admin.token, { targetId: subject.id, actorId: subject.id, action: 'UserRoleGranted' })).toEqual([]);
  });

  it('pages newest first without gaps or repeats', async () => {
    const all = await auditEntries(t, admin.token, { targetId: subject.id, actorId: admin.id });
    const page = async (after: string | null) => (await t.gql(AUDIT_LOG, { f: { targetId: subject.id, actorId: admin.id }, n: 2, after }, { token: admin.token })).data!.auditLog;
    const one = await page(null);
    const two = await page(one.pageInfo.endCursor);
    expect([one.pageInfo.hasNextPage, two.pageInfo.hasNextPage]).toEqual([true, false]);
    expect([...one.edges, ...two.edges].map((e: { node: AuditRow }) => e.node.id)).toEqual(all.map((e) => e.id));
  });

  it('refuses bad filters and pages with BAD_USER_INPUT naming the argument', async () => {
    const refused = async (filter: Record<string, unknown>, n = 10, after: string | null = null) => {
      const res = await t.gql(AUDIT_LOG, { f: filter, n, after }, { token: admin.token });
      return [codeOf(res), res.errors?.[0]?.extensions?.field];
    };
    expect(await refused({}, 101)).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await refused({}, -1)).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await refused({}, 10, 'bm90IGEgY3Vyc29y')).toEqual(['BAD_USER_INPUT', 'after']);
    expect(await refused({ action: 'User$where' })).toEqual(['BAD_USER_INPUT', 'action']);
    expect(await refused({ actorId: 'nobody' })).toEqual(['BAD_USER_INPUT', 'actorId']);
    expect(await refused({ targetId: 'x'.repeat(255) })).toEqual(['BAD_USER_INPUT', 'targetId']);
    expect(await refused({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toEqual(['BAD_USER_INPUT', 'from']);
  });

  it('is append-only and replays to the same entries: rebuilding the projection adds nothing', async () => {
    const identity = t.stack.subgraphs.identity as unknown as { auditLog: { resetCheckpoint(): Promise<void>; catchUp(): Promise<void> } };
    const before = await auditEntries(t, admin.token, { targetId: subject.id });
    await identity.auditLog.resetCheckpoint();
    await identity.auditLog.catchUp();
    expect(await auditEntries(t, admin.token, { targetId: subject.id })).toEqual(before);
    // No mutation of the API writes it.
    const mutations = await t.gql('{ __type(name: "Mutation") { fields { name } } }');
    expect((mutations.data!.__type.fields as { name: string }[]).map((f) => f.name).filter((n) => /audit/i.test(n))).toEqual([]);
  });
});
