import { GraphQLError } from 'graphql';
import type { UserModel } from '../models.ts';

export const ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED';

export const isSuspended = (user: Pick<UserModel, 'status'>): boolean => user.status === 'SUSPENDED';

/** Why a suspended user's sign-in or refresh is refused; `reason` lets a client tell it from a wrong password. */
export const accountSuspended = (): GraphQLError =>
  new GraphQLError('This account is suspended; contact the platform\'s administrators.', { extensions: { code: 'FORBIDDEN', reason: ACCOUNT_SUSPENDED } });
