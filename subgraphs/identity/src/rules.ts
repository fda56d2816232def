import { hasAnyRole } from '@lg/platform';

// One rule instance per rule, shared by every sub-domain: graphql-shield refuses two definitions under one name.
export const isAdmin = hasAnyRole('ADMIN');
