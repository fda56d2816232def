import { ROLES } from '@lg/platform';
import { z } from 'zod';

/** Field schemas several producers' payloads share. */
export const id = z.string().min(1);
export const text = z.string();
export const count = z.number().int().nonnegative();
export const cents = z.number().int().nonnegative();
export const currency = z.string().min(1);
export const courseStatus = z.enum(['DRAFT', 'PUBLISHED', 'ARCHIVED']);
export const role = z.enum(ROLES);

/** Who did an audited action and from where (the audit log's columns); built by @lg/platform's auditOf. */
export const audit = z.object({ actorId: id.nullable(), requestId: z.string().nullable(), address: z.string().nullable() });
