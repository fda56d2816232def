import { describe, expect, it } from 'vitest';
import { isOwnerOrAdmin, signedIn, withAnyRole, type Viewer } from '../src/index.ts';

const student: Viewer = { id: 'u-student', roles: ['STUDENT'] };
const instructor: Viewer = { id: 'u-instructor', roles: ['STUDENT', 'INSTRUCTOR'] };
const admin: Viewer = { id: 'u-admin', roles: ['STUDENT', 'ADMIN'] };

describe('viewer guards', () => {
  it('signedIn returns the viewer and refuses no viewer with UNAUTHENTICATED', () => {
    expect(signedIn(student)).toBe(student);
    expect(() => signedIn(null)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    expect(() => signedIn(undefined)).toThrow('You must be signed in.');
  });

  it('withAnyRole lets a viewer with one of the roles through and refuses others with FORBIDDEN', () => {
    expect(withAnyRole(instructor, ['INSTRUCTOR', 'ADMIN'])).toBe(instructor);
    expect(withAnyRole(admin, ['INSTRUCTOR', 'ADMIN'])).toBe(admin);
    expect(() => withAnyRole(student, ['INSTRUCTOR', 'ADMIN'], 'Only an INSTRUCTOR or ADMIN can create labs.'))
      .toThrow(expect.objectContaining({ message: 'Only an INSTRUCTOR or ADMIN can create labs.', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => withAnyRole(student, ['ADMIN'])).toThrow('This needs the ADMIN role.');
  });

  it('withAnyRole refuses no viewer with UNAUTHENTICATED, not FORBIDDEN', () => {
    expect(() => withAnyRole(null, ['ADMIN'])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });

  it('isOwnerOrAdmin is true for one of the owners and for ADMIN only', () => {
    expect(isOwnerOrAdmin(student, 'u-student')).toBe(true);
    expect(isOwnerOrAdmin(student, 'u-host', 'u-student')).toBe(true);
    expect(isOwnerOrAdmin(student, 'u-other')).toBe(false);
    expect(isOwnerOrAdmin(admin, 'u-other')).toBe(true);
    expect(isOwnerOrAdmin(null, 'u-student')).toBe(false);
  });
});
