import type { LoggedEvent, VerifiedToken } from '@lg/platform';
import { SessionRevoked, UserSessionsRevoked } from '@lg/events';
import { describe, expect, it } from 'vitest';
import { REVOCATION_MARGIN_MS, RevocationList } from '../src/sessions/revocation-list.ts';

const TTL = 900_000;
const NOW = Date.UTC(2026, 0, 10, 12);
let seq = 0;
const event = (type: string, userId: string, data: Record<string, unknown>, at = new Date(NOW)): LoggedEvent =>
  ({ _id: `e${++seq}`, seq, type, aggregateId: userId, userId, data, at });
const token = (userId: string, sessionId: string | undefined, issuedAt: number): VerifiedToken =>
  ({ viewer: { id: userId, roles: ['STUDENT'] }, sessionId, issuedAt, expiresAt: issuedAt + TTL });

describe('the revocation list', () => {
  it('a revoked session refuses every token that names it, and no other session of the user', () => {
    const list = new RevocationList(TTL);
    list.apply(event(SessionRevoked.type, 'u1', { sessionId: 's1', reason: 'LOGOUT' }), NOW);
    expect(list.isRevoked(token('u1', 's1', NOW - 1000))).toBe(true);
    expect(list.isRevoked(token('u1', 's1', NOW + 1000))).toBe(true);
    expect(list.isRevoked(token('u1', 's2', NOW - 1000))).toBe(false);
  });

  it("a user's revocation refuses the user's tokens issued before it, whatever their session, and none issued after", () => {
    const list = new RevocationList(TTL);
    list.apply(event(UserSessionsRevoked.type, 'u1', { before: NOW, reason: 'PASSWORD_RESET' }), NOW);
    expect(list.isRevoked(token('u1', 's1', NOW - 1))).toBe(true);
    expect(list.isRevoked(token('u1', undefined, NOW - 60_000))).toBe(true);
    expect(list.isRevoked(token('u1', 's3', NOW))).toBe(false);
    expect(list.isRevoked(token('u2', 's9', NOW - 1))).toBe(false);
  });

  it('a later revocation of a user moves the line forward; an older one replayed does not move it back', () => {
    const list = new RevocationList(TTL);
    list.apply(event(UserSessionsRevoked.type, 'u1', { before: NOW + 500, reason: 'ROLE_REVOKED' }), NOW);
    list.apply(event(UserSessionsRevoked.type, 'u1', { before: NOW, reason: 'ROLE_REVOKED' }), NOW);
    expect(list.isRevoked(token('u1', 's1', NOW + 499))).toBe(true);
  });

  it('forgets an entry once no token it could match is still valid', () => {
    const list = new RevocationList(TTL);
    const old = new Date(NOW - TTL - REVOCATION_MARGIN_MS - 1);
    list.apply(event(SessionRevoked.type, 'u1', { sessionId: 'old', reason: 'LOGOUT' }, old), NOW);
    list.apply(event(UserSessionsRevoked.type, 'u1', { before: old.getTime(), reason: 'PASSWORD_RESET' }, old), NOW);
    expect(list.size).toBe(0);
    list.apply(event(SessionRevoked.type, 'u1', { sessionId: 'recent', reason: 'LOGOUT' }), NOW);
    expect(list.size).toBe(1);
    list.prune(NOW + TTL + REVOCATION_MARGIN_MS);
    expect(list.size).toBe(0);
  });

  it('tells its listeners of each new revocation, not of a replay', () => {
    const list = new RevocationList(TTL);
    let told = 0;
    list.onRevoked(() => (told += 1));
    const revoked = event(SessionRevoked.type, 'u1', { sessionId: 's1', reason: 'LOGOUT' });
    list.apply(revoked, NOW);
    list.apply(revoked, NOW);
    expect(told).toBe(1);
  });
});
